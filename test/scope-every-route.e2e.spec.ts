import { generateKeyPairSync, randomUUID } from 'node:crypto'
import t from 'tap'
import { recordAnchor } from '@gsr/event-store'
import { waitUntilReadable } from '@gsr/event-store/testing'
import { pino } from 'pino'
import { forEachDatabase } from '@gsr/db/testing'
import { fixedClock } from '@gsr/domain'
import { cylinderTypeRuleOn } from '@gsr/domain/cylinders'
import { rectificationOrderRules, seedHashOf, supervisionChecklists } from '@gsr/domain/enforcement'
import { identity } from '@gsr/http-kit'
import { credentialFor, type TestCredential } from '@gsr/http-kit/testing'
import { complaintBody, complaintRequests, type ComplaintStage } from './complaintSeeds.ts'
import { systemOnTestDatabase } from './systemOnTestDatabase.ts'

/**
 * Issue 3: authorisation by role and scope, proved for every route. The whole system is built
 * as the launcher builds it (every module), its routes are enumerated from `app.kitRoutes`,
 * and every route that needs a credential must have a case below, or this test fails: a new
 * route cannot be added without one.
 *
 * A case seeds what the route needs through the real HTTP commands, then calls the route with
 * credentials outside its scope (another organisation of the same kind, a kind the route is
 * not for, an enforcement team of a sibling county, an inspection agency not accredited for
 * the region) and expects 403 or 404 as problem+json with the right `type`, and that nothing
 * was written (events, organisations, members, credentials); then once in scope, expecting
 * success, so no case passes vacuously. A GET's HEAD twin is checked with the same callers.
 *
 * Lists are scoped by filtering: a caller outside the scope gets 200 with none of the owner's
 * records (checked with `absent`), and 403 where it names a foreign scope in a filter. Routes
 * any authenticated caller may use say so in `open`, with the reason, and are called by
 * callers of other kinds and organisations expecting success.
 */

const clock = fixedClock('2026-06-01T02:00:00Z') // 10:00 China time
const logger = pino({ level: 'silent' })
const lpg = cylinderTypeRuleOn('lpg_welded_steel', '2026-06-01').rule
const allOk = (items: readonly string[]) => items.map((item) => ({ item, answer: 'ok' }))

type Method = 'GET' | 'POST'
interface Call {
  readonly url: string
  readonly payload?: unknown
  readonly headers?: Record<string, string>
}
/** A caller outside the scope: refused with `status` (and `type`), nothing written. */
interface Refusal {
  readonly as: TestCredential
  readonly why: string
  readonly status: 403 | 404
  /** Default: urn:gsr:problem:forbidden for 403, urn:gsr:problem:not-found for 404. */
  readonly type?: string
  /** Default: the case's call. */
  readonly call?: Call
}
/** A list caller outside the scope: 200 without the owner's record. */
interface Filtered {
  readonly as: TestCredential
  readonly why: string
  readonly call?: Call
  /** The ids (or other keys) the reply lists. */
  readonly ids: (body: unknown) => readonly string[]
  /** What it must not list (the owner's record); the in-scope call must list it. */
  readonly absent: string
}
/** A batch caller outside the scope: 200, every row rejected, nothing written. */
interface Rejected {
  readonly as: TestCredential
  readonly why: string
  readonly call: Call
  readonly check: (body: Record<string, unknown>) => boolean
}
interface ScopeCase {
  /** The scope rule of the route, in words. */
  readonly rule: string
  /** The in-scope caller and request. */
  readonly as: TestCredential
  readonly call: Call
  /** Default: any 2xx. */
  readonly status?: number
  readonly refused?: readonly Refusal[]
  readonly filtered?: readonly Filtered[]
  readonly rejected?: readonly Rejected[]
  /** Any authenticated caller may use it: why, and callers of other kinds/organisations to prove it. */
  readonly open?: { readonly reason: string; readonly callers: readonly TestCredential[] }
}

const items = (body: unknown): Record<string, unknown>[] => (body as { items: Record<string, unknown>[] }).items
const itemIds =
  (key: string) =>
  (body: unknown): string[] =>
    items(body).map((item) => String(item[key]))

forEachDatabase(t, async (t, db) => {
  const started = Date.now()
  const system = await systemOnTestDatabase(t, db, clock, logger)
  const app = system.app

  /** Wait until the last event is readable (open transactions hold readers back), then project. */
  const settle = async () => {
    await waitUntilReadable(db.client)
    await system.runner?.catchUp({ maxAttempts: 1 })
  }
  /** Everything a request could write: events, and the identity tables. */
  const written = async () =>
    (
      await db.client.query<Record<string, string>>(
        `SELECT (SELECT count(*) FROM es_events)::text AS events,
                (SELECT count(*) FROM kit_organisations)::text AS organisations,
                (SELECT count(*) FROM kit_members)::text AS members,
                (SELECT count(*) FROM kit_credentials)::text AS credentials,
                (SELECT count(*) FROM kit_credentials WHERE revoked_at IS NOT NULL)::text AS revoked`,
      )
    ).rows[0]
  const send = (method: Method | 'HEAD', who: TestCredential, call: Call) =>
    app.inject({
      method,
      url: call.url,
      headers: { ...who.headers, ...call.headers },
      ...(call.payload === undefined ? {} : { payload: call.payload as string }),
    })
  const ok = async (method: Method, who: TestCredential, url: string, payload?: unknown) => {
    const res = await send(method, who, { url, payload })
    if (res.statusCode >= 300) throw new Error(`seed ${method} ${url}: ${res.statusCode} ${res.body}`)
    return res.json()
  }

  // --- Who calls -------------------------------------------------------------------------
  const cred = (kind: Parameters<typeof credentialFor>[1]['kind'], region: string, extra = {}) =>
    credentialFor(app, { kind, region, ...extra })
  const admin = await cred('administrator', '330000')
  const adminViewer = await credentialFor(app, {
    kind: 'administrator',
    organisationId: admin.organisationId,
    role: 'viewer',
  })
  const userA = await cred('equipment_user', '330106')
  const userB = await cred('equipment_user', '330106')
  const installerA = await cred('installer', '330106')
  const installerB = await cred('installer', '330106')
  const agencyA = await cred('inspection_agency', '330100', { accreditedRegions: ['330100'] })
  const agencyFar = await cred('inspection_agency', '330200', { accreditedRegions: ['330200'] })
  const enfCity = await cred('enforcement', '330100')
  const enfCounty = await cred('enforcement', '330106')
  const enfSibling = await cred('enforcement', '330108')
  const stationA = await cred('filling_station', '330106')
  const stationB = await cred('filling_station', '330106')
  const stationFar = await cred('filling_station', '330108')
  const certA = await cred('certification_body', '110000')
  const certB = await cred('certification_body', '110000')
  const makerA = await cred('manufacturer', '330106')
  const makerB = await cred('manufacturer', '330106')
  const sellerA = await cred('seller', '330106')
  const sellerB = await cred('seller', '330106')
  const userAOperator = await credentialFor(app, {
    kind: 'equipment_user',
    organisationId: userA.organisationId,
    role: 'operator',
  })
  const userAClient = await credentialFor(app, {
    kind: 'equipment_user',
    organisationId: userA.organisationId,
    role: 'operator',
    type: 'client',
  })

  // --- Seed, through the HTTP commands ---------------------------------------------------
  const equipment = (code: string) => ({
    registrationCode: code,
    category: 'elevator',
    region: '330106',
    location: 'No. 1 Wenyi Rd',
    putIntoServiceDate: '2026-01-10',
  })
  for (const code of ['EL-MAIN', 'EL-TRANSFER', 'EL-SUSPEND', 'EL-RESUME', 'EL-CANCEL'])
    await ok('POST', userA, '/equipment', equipment(code))
  await ok('POST', userA, '/equipment/EL-RESUME/suspend', { reason: 'repairs' })
  // Applications for use registration, answered by the authority of the equipment's region.
  const application = (applicationId: string) => ({
    applicationId,
    category: 'elevator',
    region: '330106',
    location: 'No. 3 Wenyi Rd',
    putIntoServiceDate: '2026-01-10',
  })
  for (const id of ['APP-READ', 'APP-ACCEPT', 'APP-REFUSE'])
    await ok('POST', userA, '/equipment-registrations', application(id))
  // Transfers offered to B, for B to accept or decline, A to withdraw, both to list.
  const transferTo = (to: TestCredential) => ({
    toOrganisationId: to.organisationId,
    toRegion: '330106',
    location: 'No. 9 Rd',
  })
  for (const code of ['EL-ACCEPT', 'EL-DECLINE', 'EL-WITHDRAW', 'EL-PENDING']) {
    await ok('POST', userA, '/equipment', equipment(code))
    await ok('POST', userA, `/equipment/${code}/transfer`, transferTo(userB))
  }
  const inspection = (reportNumber: string) => ({
    kind: 'periodic',
    conclusion: 'pass',
    reportNumber,
    inspectors: ['Li Si'],
    inspectionDate: '2026-05-20',
  })
  await ok('POST', agencyA, '/equipment/EL-MAIN/inspection-results', inspection('R-EL-1'))

  const notification = (pipelineId: string) => ({
    pipelineId,
    organisationId: userA.organisationId,
    region: '330106',
    name: 'Wenyi Rd main',
    location: 'Wenyi Rd',
    grade: 'GB1',
    plannedStartDate: '2026-03-01',
  })
  for (const id of ['GP-MAIN', 'GP-START', 'GP-DECLARE'])
    await ok('POST', installerA, '/pipelines/construction-notifications', notification(id))
  await ok('POST', installerA, '/pipelines/GP-REPORTED/construction-started', {
    startedOn: '2026-03-02',
    region: '330106',
    organisationId: userA.organisationId,
  })
  await ok('POST', userA, '/pipelines/GP-MAIN/in-use-records', {
    record: { name: 'Wenyi Rd main', lastInspectionDate: '2024-05-01' }, // due by the interval rules
    safetyGrade: 2,
  })
  await ok('POST', agencyA, '/pipelines/GP-MAIN/inspection-results', inspection('R-GP-1'))
  // Known only through a finding: its owner and installer are named later.
  await ok('POST', enfCounty, '/field-findings/pipelines-in-use', {
    pipelineId: 'GP-UNNAMED',
    region: '330106',
    location: 'Wenyi Rd',
    foundOn: '2026-05-30',
  })

  await ok('POST', enfCounty, '/field-findings/equipment-in-use', {
    findingId: 'FIND-LINK',
    region: '330106',
    location: 'lobby',
    foundOn: '2026-05-30',
    category: 'elevator',
  })
  await ok('POST', enfCounty, '/field-findings/equipment-in-use', {
    findingId: 'FIND-SEED',
    region: '330106',
    location: 'boiler room',
    foundOn: '2026-05-30',
    category: 'boiler',
    usingOrganisationId: userA.organisationId,
  })
  // Rectification orders on that finding: one to deliver, one delivered to re-check (deadline 2026-05-16).
  const order = (orderId: string) => ({
    orderId,
    region: '330106',
    organisationId: userA.organisationId,
    problems: [{ source: 'finding', id: 'FIND-SEED' }],
    issuedOn: '2026-05-01',
  })
  for (const id of ['RO-SEED-D', 'RO-SEED-R'])
    await ok('POST', enfCounty, '/enforcement/rectification-orders', order(id))
  await ok('POST', enfCounty, '/enforcement/rectification-orders/RO-SEED-R/delivery', {
    deliveredOn: '2026-05-02',
    method: 'in_person',
  })
  // Random inspection plans (双随机): the county team's roster, a plan to draw, one never drawn.
  const inspectors = [
    enfCounty.memberId,
    (
      await identity.createMember(db.client, {
        organisationId: enfCounty.organisationId,
        type: 'person',
        name: 'inspector 2',
        role: 'operator',
      })
    ).id,
  ]
  const planSeed = 'scope-every-route plan seed'
  const plan = (planId: string) => ({
    planId,
    region: '330106',
    plannedOn: '2026-06-01',
    periodFrom: '2026-06-02',
    periodTo: '2026-06-30',
    seedHash: seedHashOf(planSeed),
    roster: inspectors,
  })
  for (const id of ['RIP-SEED-DRAW', 'RIP-SEED-HIDDEN'])
    await ok('POST', enfCounty, '/enforcement/inspection-plans', plan(id))
  // Penalty cases on that finding, one per step to take (opened 2026-05-02; PC-SEED-CLOSE decided, PC-SEED-RCPT referred).
  const penaltyCase = (caseId: string) => ({
    caseId,
    region: '330106',
    organisationId: userA.organisationId,
    sources: [{ source: 'finding', id: 'FIND-SEED' }],
    openedOn: '2026-05-02',
  })
  for (const step of ['INV', 'EXT', 'DEC', 'CLOSE', 'DROP', 'REF', 'RCPT'])
    await ok('POST', enfCounty, '/enforcement/cases', penaltyCase(`PC-SEED-${step}`))
  const caseDecision = { decidedOn: '2026-05-10', decisionNumber: 'D-1', penalties: [{ kind: 'fine', amountFen: 100 }] }
  await ok('POST', enfCounty, '/enforcement/cases/PC-SEED-CLOSE/decision', caseDecision)
  const caseReferral = { referredOn: '2026-05-10', policeAgency: 'PSB', reason: 'crime' }
  await ok('POST', enfCounty, '/enforcement/cases/PC-SEED-RCPT/referral', caseReferral)
  const enfCountyOperator = await credentialFor(app, {
    kind: 'enforcement',
    organisationId: enfCounty.organisationId,
    role: 'operator',
  })
  // A clean supervision inspection of user A's elevators.
  const supervisionInspection = (inspectionId: string) => ({
    inspectionId,
    region: '330106',
    organisationId: userA.organisationId,
    subjectKind: 'elevator_user',
    inspectedOn: '2026-05-20',
    inspectors: [{ name: '张三' }, { name: '李四' }],
    items: supervisionChecklists.at('2026-05-20').rules.elevator_user.map((i) => ({ itemId: i.id, result: 'passed' })),
    result: 'no_problem',
  })
  await ok('POST', enfCounty, '/enforcement/inspections', supervisionInspection('SI-SEED'))

  // Complaints received by the county team and assigned to it, one per step at the stage before it.
  const complaintAt: [string, ComplaintStage][] = [
    ['CP-S-ASSIGN', 'received'],
    ['CP-S-REFUSE', 'assigned'],
    ['CP-S-ACCEPT', 'assigned'],
    ['CP-S-HANDLE', 'accepted'],
    ['CP-S-REPLY', 'handled'],
    ['CP-S-SATISFY', 'replied'],
    ['CP-S-VERIFY', 'replied'],
  ]
  for (const [id, stage] of complaintAt)
    for (const { url, payload } of complaintRequests(id, enfCounty.organisationId, stage))
      await ok('POST', enfCounty, url, payload)

  const cylinder = (code: string, extra: object = {}) => ({
    cylinderCode: code,
    cylinderType: 'lpg_welded_steel',
    gas: 'LPG',
    manufacturer: 'Works',
    manufactureDate: '2024-03-01',
    // Before the scrap and marking days below: nothing is scrapped or marked before its registration.
    registeredOn: '2026-05-01',
    ...extra,
  })
  for (const code of ['CYL-OWN', 'CYL-SCRAP', 'CYL-REF']) await ok('POST', stationA, '/cylinders', cylinder(code))
  // Customer cylinders owned by user A, which entrusts them to stations.
  for (const code of ['CYL-CUST', 'CYL-CUST2'])
    await ok('POST', stationA, '/cylinders', cylinder(code, { ownerOrganisationId: userA.organisationId }))
  await ok('POST', userA, '/cylinders/CYL-CUST2/entrustments', {
    stationId: stationB.organisationId,
    entrustedFrom: '2026-06-01',
  })

  const certificate = (personId: string, certificateNo: string) => ({
    personId,
    name: personId,
    certificateNo,
    categories: ['P'],
    validFrom: '2026-01-01',
    validUntil: '2029-12-31',
    employerOrganisationId: stationA.organisationId,
  })
  for (const person of ['op-main', 'op-suspend', 'op-reinstate', 'op-revoke', 'op-renew'])
    await ok('POST', enfCounty, '/operators/certificates', certificate(person, `P-${person}`))
  await ok('POST', enfCounty, '/operators/op-reinstate/certificates/P-op-reinstate/suspend', {
    suspendedFrom: '2026-05-01',
    reason: 'review',
  })
  const fill = (code: string) => ({
    fillId: randomUUID(),
    cylinderCode: code,
    operatorId: 'op-main',
    filledAt: '2026-06-01T01:30:00Z',
    gas: 'LPG',
    quantityKg: 14.5,
    preFillChecks: allOk(lpg.preFillItems),
    postFillChecks: allOk(lpg.postFillItems),
  })
  await ok('POST', stationA, '/fills', fill('CYL-OWN'))

  const appliance = (certificateNo: string) => ({
    certificateNo,
    manufacturerId: makerA.organisationId,
    modelNo: 'JZT-1',
    category: 'gas_stove',
    validFrom: '2025-01-01',
    validUntil: '2030-01-01',
    regionCode: '330106',
  })
  for (const no of ['CCC-MAIN', 'CCC-FAIL', 'CCC-SUSP'])
    await ok('POST', certA, '/appliance-certificates', appliance(no))
  await ok('POST', certA, '/appliance-certificates/CCC-SUSP/failures', {
    failure: 'suspended',
    effectiveFrom: '2026-05-01',
    reason: 'factory audit',
  })
  const production = (extra: object = {}) => ({
    modelNo: 'JZT-1',
    category: 'gas_stove',
    certificateNo: 'CCC-MAIN',
    producedOn: '2026-05-01',
    quantity: 10,
    ...extra,
  })
  const productionRecord = randomUUID()
  await ok('POST', makerA, '/appliance-production', production({ recordId: productionRecord }))
  const sale = (extra: object = {}) => ({
    manufacturerId: makerA.organisationId,
    modelNo: 'JZT-1',
    category: 'gas_stove',
    soldOn: '2026-05-02',
    quantity: 2,
    ...extra,
  })
  const spotCheck = (extra: object = {}) => ({
    category: 'gas_stove',
    manufacturerId: makerA.organisationId,
    modelNo: 'JZT-1',
    sampledFromOrganisationId: sellerA.organisationId,
    sampledOn: '2026-05-10',
    result: 'pass',
    items: [{ item: 'flame-out protection', result: 'pass' }],
    ...extra,
  })
  const spotCheckId = randomUUID()
  await ok('POST', enfCounty, '/appliance-spot-checks', spotCheck({ checkId: spotCheckId }))

  // Identity: a spare member of A with keys to rotate and revoke (through the admin routes).
  const spare = await ok('POST', userA, `/admin/organisations/${userA.organisationId}/members`, {
    type: 'person',
    name: 'Spare',
    role: 'viewer',
  })
  const rotateKey = (await ok('POST', userA, `/admin/members/${spare.id}/api-keys`)).credential.id as string
  const revokeKey = (await ok('POST', userA, `/admin/members/${spare.id}/api-keys`)).credential.id as string

  await settle()
  const violationId = (
    (await ok('GET', enfCounty, '/enforcement/violations?region=330106')) as { items: { id: string }[] }
  ).items[0]?.id
  if (!violationId) throw new Error('seed: no violation found')
  // The evidence bundle proves up to the latest anchor; this system has no key to record one itself.
  await recordAnchor(system.eventStore, db.client, generateKeyPairSync('ed25519').privateKey)
  t.comment(`${db.name}: seeded in ${Date.now() - started} ms`)

  // --- The cases, one per route -----------------------------------------------------------
  const notYours = 'urn:gsr:problem:not-your-record'
  const notAccredited = 'urn:gsr:problem:agency-not-accredited-for-region'
  const notRecipient = 'urn:gsr:problem:not-the-recipient'
  const outsideRegion = 'urn:gsr:problem:outside-your-region'
  const wrongKind = (as: TestCredential, call?: Call): Refusal => ({
    as,
    why: `a ${as.kind}: not a kind this route is for`,
    status: 403,
    ...(call ? { call } : {}),
  })
  const hidden = (as: TestCredential, why: string): Refusal => ({ as, why, status: 404 })
  const equipmentRead = (url: string): ScopeCase => ({
    rule: 'the owning organisation; enforcement its region and below; agencies their accredited regions (404 otherwise)',
    as: userA,
    call: { url },
    refused: [
      hidden(userB, 'another equipment user'),
      hidden(enfSibling, 'enforcement of a sibling county'),
      hidden(agencyFar, 'an agency not accredited for the region'),
      hidden(stationA, 'an organisation of another kind'),
    ],
  })
  const pipelineRead = (url: string): ScopeCase => ({
    ...equipmentRead(url),
    rule: 'the using organisation and its installer; enforcement its region and below; agencies their accredited regions',
    refused: [
      hidden(userB, 'another equipment user'),
      hidden(installerB, 'another installer'),
      hidden(enfSibling, 'enforcement of a sibling county'),
      hidden(agencyFar, 'an agency not accredited for the region'),
    ],
  })
  const cylinderRead = (url: string): ScopeCase => ({
    rule: 'the registering/owning station (or one it is entrusted to); enforcement its region; agencies their accredited regions',
    as: stationA,
    call: { url },
    refused: [
      hidden(stationB, 'another station of the same county'),
      hidden(enfSibling, 'enforcement of a sibling county'),
      hidden(agencyFar, 'an agency not accredited for the region'),
      hidden(userA, 'an organisation of another kind'),
    ],
  })
  const operatorChange = (person: string, action: string, payload: object): ScopeCase => ({
    rule: 'the certificate authority (administrator or enforcement) of the region the certificate was issued in',
    as: enfCity,
    call: { url: `/operators/${person}/certificates/P-${person}/${action}`, payload },
    refused: [{ as: enfSibling, why: 'enforcement of a sibling county', status: 403 }, wrongKind(stationA)],
  })
  const regionList = (url: string, key: string, absent: string, owner: TestCredential): ScopeCase => ({
    rule: 'own records; enforcement its region and below (403 for a foreign region filter)',
    as: owner,
    call: { url },
    refused: [
      {
        as: enfSibling,
        why: 'enforcement of a sibling county asking for the county',
        status: 403,
        call: { url: `${url}${url.includes('?') ? '&' : '?'}region=330106` },
      },
    ],
    filtered: [
      { as: userB, why: 'another equipment user', ids: itemIds(key), absent },
      { as: enfSibling, why: 'enforcement of a sibling county', ids: itemIds(key), absent },
      { as: agencyFar, why: 'an agency not accredited for the region', ids: itemIds(key), absent },
    ],
  })
  const enforcementRegion = (url: string): ScopeCase => ({
    rule: 'enforcement teams only: their region and below (403 for a foreign region)',
    as: enfCity,
    call: { url: `${url}?region=330106` },
    refused: [
      { as: enfSibling, why: 'enforcement of a sibling county', status: 403 },
      wrongKind(stationA),
      wrongKind(admin),
    ],
  })

  /** The rule tables: public regulation, read by anyone authenticated. */
  const ruleTablesRead = (url: string): ScopeCase => ({
    rule: 'anyone authenticated',
    as: userA,
    call: { url },
    open: {
      reason: 'the rules in force are public regulation, the same for every organisation',
      callers: [userB, enfSibling, stationFar, agencyFar],
    },
  })

  const complaintStep = (id: string, path: string, payload: object): ScopeCase => ({
    rule: 'enforcement teams of the ticket’s region and above (404 otherwise); refusal to handling to verification: the assigned team',
    as: enfCounty,
    call: { url: `/enforcement/complaints/${id}/${path}`, payload },
    refused: [hidden(enfSibling, 'enforcement of a sibling county'), wrongKind(userA)],
  })
  const complaintList = (url: string): ScopeCase => ({
    rule: 'enforcement teams only: their region and below (403 for a foreign region); never the complainant’s contact',
    as: enfCity,
    call: { url: `${url}?region=330106` },
    refused: [
      { as: enfSibling, why: 'enforcement of a sibling county', status: 403 },
      wrongKind(userA),
      wrongKind(admin),
    ],
  })
  const cases: Record<string, ScopeCase> = {
    // complaints (投诉举报)
    'POST /enforcement/complaints': {
      rule: 'enforcement teams, in their region and below (403 for a foreign region)',
      as: enfCounty,
      call: { url: '/enforcement/complaints', payload: complaintBody('CP-S-NEW') },
      refused: [{ as: enfSibling, why: 'enforcement of a sibling county', status: 403 }, wrongKind(userA)],
    },
    'POST /enforcement/complaints/:complaintId/assignment': complaintStep('CP-S-ASSIGN', 'assignment', {
      teamOrganisationId: enfCounty.organisationId,
      assignedOn: '2026-05-02',
    }),
    'POST /enforcement/complaints/:complaintId/refusal': complaintStep('CP-S-REFUSE', 'refusal', {
      refusedOn: '2026-05-02',
      reason: '不属于本单位职责',
    }),
    'POST /enforcement/complaints/:complaintId/acceptance': complaintStep('CP-S-ACCEPT', 'acceptance', {
      acceptedOn: '2026-05-02',
    }),
    'POST /enforcement/complaints/:complaintId/handling': complaintStep('CP-S-HANDLE', 'handling', {
      handledOn: '2026-05-20',
      outcome: '已核查',
    }),
    'POST /enforcement/complaints/:complaintId/reply': complaintStep('CP-S-REPLY', 'reply', {
      repliedOn: '2026-05-20',
      method: 'phone',
      summary: '已答复',
    }),
    'POST /enforcement/complaints/:complaintId/satisfaction': complaintStep('CP-S-SATISFY', 'satisfaction', {
      recordedOn: '2026-05-20',
      satisfaction: 'satisfied',
    }),
    'POST /enforcement/complaints/:complaintId/verification': complaintStep('CP-S-VERIFY', 'verification', {
      verifiedOn: '2026-05-20',
      notes: '复查到位',
    }),
    'GET /enforcement/complaints': {
      ...complaintList('/enforcement/complaints'),
      filtered: [
        {
          as: enfSibling,
          why: 'enforcement of a sibling county',
          call: { url: '/enforcement/complaints' },
          ids: itemIds('complaintId'),
          absent: 'CP-S-ASSIGN',
        },
      ],
    },
    'GET /enforcement/complaints.csv': complaintList('/enforcement/complaints.csv'),
    'GET /enforcement/complaints/ledger': complaintList('/enforcement/complaints/ledger'),
    'GET /enforcement/complaint-subjects': {
      ...complaintList('/enforcement/complaint-subjects'),
      call: { url: '/enforcement/complaint-subjects?region=330106&from=2026-05-01&to=2026-05-31' },
    },
    'GET /enforcement/complaints/:complaintId': {
      rule: 'enforcement of the ticket’s region and above (404 otherwise); the contact in full to the receiving team only',
      as: enfCounty,
      call: { url: '/enforcement/complaints/CP-S-ASSIGN' },
      refused: [hidden(enfSibling, 'enforcement of a sibling county'), wrongKind(userA)],
    },
    // admin: identity
    'POST /admin/organisations': {
      rule: 'administrators (role admin) only',
      as: admin,
      call: {
        url: '/admin/organisations',
        payload: { id: `org-new-${db.name}`, kind: 'filling_station', name: 'New', region: '330106' },
      },
      refused: [wrongKind(userA), wrongKind(enfCity)],
    },
    'PATCH /admin/organisations/:organisationId': {
      rule: 'administrators (role admin) only: the directory entries',
      as: admin,
      call: { url: `/admin/organisations/${userB.organisationId}`, payload: { contact: '联系人 0571-0000' } },
      refused: [wrongKind(userB), wrongKind(enfCity)],
    },
    'GET /admin/organisations': {
      rule: 'administrators all; any other organisation only itself',
      as: userA,
      call: { url: '/admin/organisations' },
      filtered: [
        { as: userB, why: 'another organisation', ids: itemIds('id'), absent: userA.organisationId },
        { as: enfCity, why: 'an enforcement team', ids: itemIds('id'), absent: userA.organisationId },
      ],
    },
    'GET /admin/organisations/:organisationId': {
      rule: 'administrators, or the organisation itself (404 otherwise)',
      as: userA,
      call: { url: `/admin/organisations/${userA.organisationId}` },
      refused: [hidden(userB, 'another organisation of the kind'), hidden(enfCity, 'an enforcement team')],
    },
    'POST /admin/organisations/:organisationId/members': {
      rule: "administrators, or the organisation's own admins",
      as: userA,
      call: {
        url: `/admin/organisations/${userA.organisationId}/members`,
        payload: { type: 'person', name: 'New person', role: 'operator' },
      },
      refused: [
        hidden(userB, 'an admin of another organisation'),
        { as: userAOperator, why: 'a member of the organisation without the admin role', status: 403 },
      ],
    },
    'GET /admin/organisations/:organisationId/members': {
      rule: 'administrators, or the organisation itself (404 otherwise)',
      as: userA,
      call: { url: `/admin/organisations/${userA.organisationId}/members` },
      refused: [hidden(userB, 'another organisation'), hidden(enfCity, 'an enforcement team')],
    },
    'POST /admin/members/:memberId/api-keys': {
      rule: "administrators, or the member's organisation's admins",
      as: userA,
      call: { url: `/admin/members/${spare.id}/api-keys` },
      refused: [
        hidden(userB, 'an admin of another organisation'),
        { as: userAOperator, why: 'a member of the organisation without the admin role', status: 403 },
      ],
    },
    'GET /admin/members/:memberId/api-keys': {
      rule: "administrators, or the member's organisation (404 otherwise)",
      as: userA,
      call: { url: `/admin/members/${spare.id}/api-keys` },
      refused: [hidden(userB, 'another organisation'), hidden(stationA, 'an organisation of another kind')],
    },
    'POST /admin/credentials/:credentialId/rotate': {
      rule: "administrators, or the credential's organisation's admins",
      as: userA,
      call: { url: `/admin/credentials/${rotateKey}/rotate` },
      status: 201,
      refused: [
        hidden(userB, 'an admin of another organisation'),
        { as: userAOperator, why: 'a member of the organisation without the admin role', status: 403 },
      ],
    },
    'POST /admin/credentials/:credentialId/revoke': {
      rule: "the credential's own member, administrators, or its organisation's admins",
      as: userA,
      call: { url: `/admin/credentials/${revokeKey}/revoke` },
      refused: [
        hidden(userB, 'an admin of another organisation'),
        { as: userAOperator, why: 'another member of the organisation, not an admin', status: 403 },
      ],
    },
    'POST /auth/token': {
      rule: "a person exchanges their own API key (the token acts as exactly that key's principal)",
      as: userA,
      call: { url: '/auth/token' },
      refused: [{ as: userAClient, why: 'a machine client', status: 403 }],
      open: {
        reason: 'it only ever issues a token for the calling credential itself, so there is no one else to scope',
        callers: [userB, enfSibling, stationA],
      },
    },
    'GET /auth/me': {
      rule: 'the caller itself',
      as: userA,
      call: { url: '/auth/me' },
      open: {
        reason: 'it answers with the calling credential’s own principal and nothing else',
        callers: [userB, enfSibling, stationFar, agencyFar],
      },
    },

    // rule tables: administrators publish, anyone authenticated reads
    'POST /admin/rule-tables/:table/versions': {
      rule: 'administrators only',
      as: admin,
      call: {
        url: '/admin/rule-tables/rectificationOrderRules/versions',
        payload: {
          version: '2026.9',
          effectiveFrom: '2026-07-01',
          rules: rectificationOrderRules.at('2026-06-01').rules,
          citation: 'scope test',
        },
      },
      refused: [wrongKind(userA), wrongKind(enfCity)],
    },
    'GET /rule-tables': ruleTablesRead('/rule-tables'),
    'GET /rule-tables/:table': ruleTablesRead('/rule-tables/rectificationOrderRules'),

    // operations: the projections and their quarantine
    'GET /admin/projections': {
      rule: 'administrators (role admin) only',
      as: admin,
      call: { url: '/admin/projections' },
      refused: [
        wrongKind(userA),
        wrongKind(enfCity),
        { as: adminViewer, why: 'an administrator without the admin role', status: 403 },
      ],
    },
    'GET /admin/projections/:name/quarantine': {
      rule: 'administrators (role admin) only',
      as: admin,
      call: { url: '/admin/projections/enforcement_violations/quarantine' },
      refused: [
        wrongKind(stationA),
        wrongKind(enfCity),
        { as: adminViewer, why: 'an administrator without the admin role', status: 403 },
      ],
    },
    'POST /admin/projections/:name/quarantine/retry': {
      rule: 'administrators (role admin) only',
      as: admin,
      call: { url: '/admin/projections/enforcement_violations/quarantine/retry', payload: {} },
      refused: [
        wrongKind(userA),
        wrongKind(enfCity),
        { as: adminViewer, why: 'an administrator without the admin role', status: 403 },
      ],
    },

    // enforcement queries
    'GET /enforcement/violations': enforcementRegion('/enforcement/violations'),
    'GET /enforcement/violations.csv': enforcementRegion('/enforcement/violations.csv'),
    'GET /enforcement/violations/:id': {
      rule: 'enforcement teams of the violation’s region and above (404 otherwise)',
      as: enfCity,
      call: { url: `/enforcement/violations/${encodeURIComponent(violationId)}` },
      refused: [hidden(enfSibling, 'enforcement of a sibling county'), wrongKind(userA)],
    },
    'GET /enforcement/violations/:id/evidence': {
      rule: 'enforcement teams of the violation’s region and above (404 otherwise)',
      as: enfCounty,
      call: { url: `/enforcement/violations/${encodeURIComponent(violationId)}/evidence` },
      refused: [hidden(enfSibling, 'enforcement of a sibling county'), wrongKind(userA)],
    },
    'GET /enforcement/violations/:id/evidence-bundle': {
      rule: 'enforcement teams of the violation’s region and above (404 otherwise)',
      as: enfCounty,
      call: { url: `/enforcement/violations/${encodeURIComponent(violationId)}/evidence-bundle` },
      refused: [hidden(enfSibling, 'enforcement of a sibling county'), wrongKind(userA)],
    },
    // rectification orders
    'POST /enforcement/rectification-orders': {
      rule: 'enforcement teams, in their region and below (403 for a foreign region)',
      as: enfCounty,
      call: { url: '/enforcement/rectification-orders', payload: order('RO-SCOPE-NEW') },
      refused: [{ as: enfSibling, why: 'enforcement of a sibling county', status: 403 }, wrongKind(userA)],
    },
    'POST /enforcement/rectification-orders/:orderId/delivery': {
      rule: 'enforcement teams of the order’s region and above (404 otherwise)',
      as: enfCounty,
      call: {
        url: '/enforcement/rectification-orders/RO-SEED-D/delivery',
        payload: { deliveredOn: '2026-05-02', method: 'post' },
      },
      refused: [hidden(enfSibling, 'enforcement of a sibling county'), wrongKind(userA)],
    },
    'POST /enforcement/rectification-orders/:orderId/recheck': {
      rule: 'enforcement teams of the order’s region and above (404 otherwise)',
      as: enfCity,
      call: {
        url: '/enforcement/rectification-orders/RO-SEED-R/recheck',
        payload: { recheckedOn: '2026-05-20', outcome: 'rectified' },
      },
      refused: [hidden(enfSibling, 'enforcement of a sibling county'), wrongKind(userA)],
    },
    'GET /enforcement/rectification-orders': {
      rule: 'enforcement its region and below (403 for a foreign region); any other organisation the orders naming it',
      as: enfCounty,
      call: { url: '/enforcement/rectification-orders?region=330106' },
      refused: [{ as: enfSibling, why: 'enforcement of a sibling county', status: 403 }],
      filtered: [
        {
          as: enfSibling,
          why: 'enforcement of a sibling county',
          call: { url: '/enforcement/rectification-orders' },
          ids: itemIds('orderId'),
          absent: 'RO-SEED-D',
        },
        {
          as: userB,
          why: 'an organisation not ordered',
          call: { url: '/enforcement/rectification-orders' },
          ids: itemIds('orderId'),
          absent: 'RO-SEED-D',
        },
        {
          as: agencyA,
          why: 'an inspection agency is no authority over orders',
          call: { url: '/enforcement/rectification-orders' },
          ids: itemIds('orderId'),
          absent: 'RO-SEED-D',
        },
      ],
    },
    'GET /enforcement/rectification-orders.csv': {
      rule: 'as the list: enforcement its region and below (403 for a foreign region); any other organisation the orders naming it (filtering: rectificationOrders.e2e.spec.ts)',
      as: enfCounty,
      call: { url: '/enforcement/rectification-orders.csv?region=330106' },
      refused: [{ as: enfSibling, why: 'enforcement of a sibling county', status: 403 }],
    },
    'GET /enforcement/rectification-orders/:orderId': {
      rule: 'the organisation ordered; enforcement of the order’s region and above (404 otherwise)',
      as: userA,
      call: { url: '/enforcement/rectification-orders/RO-SEED-D' },
      refused: [
        hidden(enfSibling, 'enforcement of a sibling county'),
        hidden(userB, 'an organisation not ordered'),
        hidden(agencyA, 'an inspection agency'),
      ],
    },
    // supervision inspections
    'POST /enforcement/inspections': {
      rule: 'enforcement teams, in their region and below; elsewhere only on an assignment (403 otherwise)',
      as: enfCounty,
      call: { url: '/enforcement/inspections', payload: supervisionInspection('SI-SCOPE-NEW') },
      refused: [
        {
          as: enfSibling,
          why: 'enforcement of a sibling county, not assigned',
          status: 403,
          type: 'urn:gsr:problem:inspection-outside-region',
        },
        wrongKind(userA),
      ],
    },
    'POST /enforcement/inspection-assignments': {
      rule: 'enforcement teams whose region contains the team’s and the region inspected (403 otherwise)',
      as: enfCity,
      call: {
        url: '/enforcement/inspection-assignments',
        payload: {
          assignmentId: 'AS-SCOPE',
          teamOrganisationId: enfSibling.organisationId,
          region: '330106',
          assignedOn: '2026-05-30',
          from: '2026-06-01',
          to: '2026-06-30',
        },
      },
      refused: [
        { as: enfCounty, why: 'the county inspected: not above the team sent', status: 403 },
        { as: enfSibling, why: 'the team itself', status: 403 },
        wrongKind(userA),
      ],
    },
    'GET /enforcement/inspections': {
      rule: 'enforcement its region and below (403 for a foreign region); any other organisation the inspections of it',
      as: enfCounty,
      call: { url: '/enforcement/inspections?region=330106' },
      refused: [{ as: enfSibling, why: 'enforcement of a sibling county', status: 403 }],
      filtered: [
        {
          as: enfSibling,
          why: 'enforcement of a sibling county',
          call: { url: '/enforcement/inspections' },
          ids: itemIds('inspectionId'),
          absent: 'SI-SEED',
        },
        {
          as: userB,
          why: 'an organisation not inspected',
          call: { url: '/enforcement/inspections' },
          ids: itemIds('inspectionId'),
          absent: 'SI-SEED',
        },
        {
          as: agencyA,
          why: 'an inspection agency is no authority over inspections',
          call: { url: '/enforcement/inspections' },
          ids: itemIds('inspectionId'),
          absent: 'SI-SEED',
        },
      ],
    },
    'GET /enforcement/inspections/checklists': {
      rule: 'enforcement teams (reference data: the checklists in force, no records)',
      as: enfSibling,
      call: { url: '/enforcement/inspections/checklists' },
      refused: [wrongKind(userA), wrongKind(stationA), wrongKind(agencyA)],
    },
    'GET /enforcement/inspections/statistics': enforcementRegion('/enforcement/inspections/statistics'),
    'GET /enforcement/inspections/:inspectionId': {
      rule: 'the organisation inspected; the team that inspected; enforcement of the region and above (404 otherwise)',
      as: userA,
      call: { url: '/enforcement/inspections/SI-SEED' },
      refused: [
        hidden(enfSibling, 'enforcement of a sibling county'),
        hidden(userB, 'an organisation not inspected'),
        hidden(agencyA, 'an inspection agency'),
      ],
    },
    // penalty cases and referral to the police
    'POST /enforcement/cases': {
      rule: 'enforcement teams, in their region and below (403 for a foreign region)',
      as: enfCounty,
      call: { url: '/enforcement/cases', payload: penaltyCase('PC-SCOPE-NEW') },
      refused: [{ as: enfSibling, why: 'enforcement of a sibling county', status: 403 }, wrongKind(userA)],
    },
    ...Object.fromEntries(
      (
        [
          ['investigation', 'INV', { investigatedOn: '2026-05-05', findings: 'notes' }],
          ['extension', 'EXT', { approvedOn: '2026-05-05', reason: 'complex' }],
          ['decision', 'DEC', caseDecision],
          ['closure', 'CLOSE', { closedOn: '2026-05-20', fineCollectedFen: 100 }],
          ['dropping', 'DROP', { droppedOn: '2026-05-05', kind: 'withdrawn', reason: 'no violation' }],
          ['referral', 'REF', caseReferral],
          ['police-receipt', 'RCPT', { receivedOn: '2026-05-20', outcome: 'declined', reason: 'no crime' }],
        ] as const
      ).map(([path, step, payload]): [string, ScopeCase] => [
        `POST /enforcement/cases/:caseId/${path}`,
        {
          rule: `enforcement teams of the case’s region and above (404 otherwise)${path === 'decision' || path === 'extension' ? '; an approver (admin role)' : ''}`,
          as: enfCounty,
          call: { url: `/enforcement/cases/PC-SEED-${step}/${path}`, payload },
          refused: [
            hidden(enfSibling, 'enforcement of a sibling county'),
            wrongKind(userA),
            ...(path === 'decision' || path === 'extension'
              ? [
                  {
                    as: enfCountyOperator,
                    why: 'an operator is no approver',
                    status: 403 as const,
                    type: 'urn:gsr:problem:case-approval-required',
                  },
                ]
              : []),
          ],
        },
      ]),
    ),
    'GET /enforcement/cases': {
      rule: 'enforcement its region and below (403 for a foreign region); any other organisation its own cases',
      as: enfCounty,
      call: { url: '/enforcement/cases?region=330106' },
      refused: [{ as: enfSibling, why: 'enforcement of a sibling county', status: 403 }],
      filtered: [
        {
          as: enfSibling,
          why: 'enforcement of a sibling county',
          call: { url: '/enforcement/cases' },
          ids: itemIds('caseId'),
          absent: 'PC-SEED-INV',
        },
        {
          as: userB,
          why: 'an organisation not party to the case',
          call: { url: '/enforcement/cases' },
          ids: itemIds('caseId'),
          absent: 'PC-SEED-INV',
        },
        {
          as: agencyA,
          why: 'an inspection agency is no authority over cases',
          call: { url: '/enforcement/cases' },
          ids: itemIds('caseId'),
          absent: 'PC-SEED-INV',
        },
      ],
    },
    'GET /enforcement/cases.csv': {
      rule: 'as the list: enforcement its region and below (403 for a foreign region); any other organisation its own cases (filtering: penaltyCases.e2e.spec.ts)',
      as: enfCounty,
      call: { url: '/enforcement/cases.csv?region=330106' },
      refused: [{ as: enfSibling, why: 'enforcement of a sibling county', status: 403 }],
    },
    'GET /enforcement/cases/:caseId': {
      rule: 'the party; enforcement of the case’s region and above (404 otherwise)',
      as: userA,
      call: { url: '/enforcement/cases/PC-SEED-INV' },
      refused: [
        hidden(enfSibling, 'enforcement of a sibling county'),
        hidden(userB, 'an organisation not party to the case'),
        hidden(agencyA, 'an inspection agency'),
      ],
    },
    'GET /enforcement/case-statistics': enforcementRegion('/enforcement/case-statistics'),
    // risk catalogue and random inspection plans
    'GET /enforcement/risk-catalogue': enforcementRegion('/enforcement/risk-catalogue'),
    'GET /enforcement/risk-catalogue.csv': enforcementRegion('/enforcement/risk-catalogue.csv'),
    'GET /enforcement/risk-catalogue/:organisationId': {
      rule: 'enforcement teams of the organisation’s region or above (404 elsewhere: existence must not leak)',
      as: enfCounty,
      call: { url: `/enforcement/risk-catalogue/${userA.organisationId}` },
      refused: [hidden(enfSibling, 'enforcement of a sibling county'), wrongKind(userA), wrongKind(stationA)],
    },
    'GET /enforcement/risk-catalogue/:organisationId/history': {
      rule: 'enforcement teams of the organisation’s region or above (404 elsewhere: existence must not leak)',
      as: enfCity,
      call: { url: `/enforcement/risk-catalogue/${userA.organisationId}/history?months=2` },
      refused: [hidden(enfSibling, 'enforcement of a sibling county'), wrongKind(userA)],
    },
    'POST /enforcement/inspection-plans': {
      rule: 'enforcement teams, in their region and below (403 for a foreign region); the roster: their own people',
      as: enfCounty,
      call: { url: '/enforcement/inspection-plans', payload: plan('RIP-SCOPE-NEW') },
      refused: [{ as: enfSibling, why: 'enforcement of a sibling county', status: 403 }, wrongKind(userA)],
    },
    'POST /enforcement/inspection-plans/:planId/draw': {
      rule: 'enforcement teams of the plan’s region and above (404 otherwise)',
      as: enfCity,
      call: {
        url: '/enforcement/inspection-plans/RIP-SEED-DRAW/draw',
        payload: { seed: planSeed, drawnOn: '2026-06-01' },
      },
      refused: [hidden(enfSibling, 'enforcement of a sibling county'), wrongKind(userA)],
    },
    'GET /enforcement/inspection-plans': {
      rule: 'enforcement teams: plans of their region and below (403 for a foreign region); administrators all; any other organisation 403',
      as: enfCounty,
      call: { url: '/enforcement/inspection-plans?region=330106' },
      refused: [{ as: enfSibling, why: 'enforcement of a sibling county', status: 403 }, wrongKind(userA)],
      filtered: [
        {
          as: enfSibling,
          why: 'enforcement of a sibling county',
          call: { url: '/enforcement/inspection-plans' },
          ids: itemIds('planId'),
          absent: 'RIP-SEED-HIDDEN',
        },
      ],
    },
    'GET /enforcement/inspection-plans/:planId': {
      rule: 'a drawn plan is public (一公开); before its draw only enforcement of the plan’s region and above (404 otherwise)',
      as: enfCounty,
      call: { url: '/enforcement/inspection-plans/RIP-SEED-HIDDEN' },
      refused: [
        hidden(enfSibling, 'enforcement of a sibling county, plan not drawn'),
        hidden(userA, 'an organisation, plan not drawn'),
      ],
    },
    'GET /enforcement/rates': enforcementRegion('/enforcement/rates'),
    'GET /enforcement/rates.csv': enforcementRegion('/enforcement/rates.csv'),
    'GET /enforcement/rates/fill-traceability': enforcementRegion('/enforcement/rates/fill-traceability'),
    'GET /enforcement/organisations': {
      rule: 'enforcement teams: organisations seated or operating in their region and below (403 for a foreign region)',
      as: enfCounty,
      call: { url: '/enforcement/organisations?region=330106&limit=500' },
      refused: [
        { as: enfSibling, why: 'enforcement of a sibling county', status: 403 },
        wrongKind(stationA),
        wrongKind(admin),
      ],
      filtered: [
        {
          as: enfSibling,
          why: 'enforcement of a sibling county, its own region',
          call: { url: '/enforcement/organisations?limit=500' },
          ids: itemIds('id'),
          absent: userA.organisationId,
        },
      ],
    },
    'GET /enforcement/organisations/:organisationId/summary': {
      rule: 'enforcement teams of the organisation’s region or above (404 elsewhere: existence must not leak)',
      as: enfCounty,
      call: { url: `/enforcement/organisations/${userA.organisationId}/summary` },
      refused: [hidden(enfSibling, 'enforcement of a sibling county'), wrongKind(userA), wrongKind(stationA)],
    },
    'GET /enforcement/catalogue': {
      rule: 'enforcement teams (reference data: categories and labels, no records)',
      as: enfSibling,
      call: { url: '/enforcement/catalogue' },
      refused: [wrongKind(userA), wrongKind(stationA)],
    },

    // registry: equipment
    'POST /equipment': {
      rule: 'equipment users, for themselves, in any region (equipment stands where it stands)',
      as: userA,
      call: { url: '/equipment', payload: equipment('EL-NEW') },
      refused: [wrongKind(installerA)],
    },
    'POST /equipment-registrations': {
      rule: 'equipment users apply, for themselves, in any region',
      as: userA,
      call: { url: '/equipment-registrations', payload: application('APP-NEW') },
      refused: [wrongKind(enfCounty), wrongKind(installerA)],
    },
    'POST /equipment-registrations/:applicationId/accept': {
      rule: 'the registration authority of the equipment’s region (enforcement of it or above), never the applicant',
      as: enfCounty,
      call: {
        url: '/equipment-registrations/APP-ACCEPT/accept',
        payload: { registrationCode: 'EL-ISSUED', certificateNumber: 'C-ISSUED' },
      },
      refused: [
        wrongKind(userA),
        { as: enfSibling, why: 'enforcement of a sibling county', status: 403, type: outsideRegion },
      ],
    },
    'POST /equipment-registrations/:applicationId/refuse': {
      rule: 'the registration authority of the equipment’s region, never the applicant',
      as: enfCity,
      call: { url: '/equipment-registrations/APP-REFUSE/refuse', payload: { reason: 'incomplete' } },
      refused: [
        wrongKind(userA),
        { as: enfSibling, why: 'enforcement of a sibling county', status: 403, type: outsideRegion },
      ],
    },
    'GET /equipment-registrations/:applicationId': {
      rule: 'the applicant; enforcement of the equipment’s region or above (404 elsewhere)',
      as: userA,
      call: { url: '/equipment-registrations/APP-READ' },
      refused: [hidden(userB, 'another equipment user'), hidden(enfSibling, 'enforcement of a sibling county')],
    },
    'POST /equipment/:code/transfer': {
      rule: 'the owning equipment user',
      as: userA,
      call: { url: '/equipment/EL-TRANSFER/transfer', payload: transferTo(userB) },
      refused: [{ as: userB, why: 'another equipment user', status: 403, type: notYours }, wrongKind(enfCity)],
    },
    'POST /equipment/:code/transfer/accept': {
      rule: 'the organisation the pending transfer is offered to',
      as: userB,
      call: { url: '/equipment/EL-ACCEPT/transfer/accept', payload: {} },
      refused: [
        { as: userA, why: 'the owner (not the recipient)', status: 403, type: notRecipient },
        wrongKind(enfCity),
      ],
    },
    'POST /equipment/:code/transfer/decline': {
      rule: 'the organisation the pending transfer is offered to',
      as: userB,
      call: { url: '/equipment/EL-DECLINE/transfer/decline', payload: {} },
      refused: [
        { as: userA, why: 'the owner (not the recipient)', status: 403, type: notRecipient },
        wrongKind(stationA),
      ],
    },
    'POST /equipment/:code/transfer/withdraw': {
      rule: 'the owning equipment user',
      as: userA,
      call: { url: '/equipment/EL-WITHDRAW/transfer/withdraw', payload: {} },
      refused: [{ as: userB, why: 'the recipient', status: 403, type: notYours }, wrongKind(installerA)],
    },
    'GET /equipment-transfers': {
      rule: 'the two parties of a pending transfer; enforcement its region and below; administrators all',
      as: userB,
      call: { url: '/equipment-transfers' },
      filtered: [
        { as: installerA, why: 'not a party', ids: itemIds('registrationCode'), absent: 'EL-PENDING' },
        {
          as: enfSibling,
          why: 'enforcement of a sibling county',
          ids: itemIds('registrationCode'),
          absent: 'EL-PENDING',
        },
      ],
    },
    'POST /equipment/:code/suspend': {
      rule: 'the owning equipment user',
      as: userA,
      call: { url: '/equipment/EL-SUSPEND/suspend', payload: { reason: 'repairs' } },
      refused: [{ as: userB, why: 'another equipment user', status: 403, type: notYours }, wrongKind(enfCity)],
    },
    'POST /equipment/:code/resume': {
      rule: 'the owning equipment user',
      as: userA,
      call: { url: '/equipment/EL-RESUME/resume', payload: {} },
      refused: [{ as: userB, why: 'another equipment user', status: 403, type: notYours }, wrongKind(stationA)],
    },
    'POST /equipment/:code/cancel': {
      rule: 'the owning equipment user',
      as: userA,
      call: { url: '/equipment/EL-CANCEL/cancel', payload: { reason: 'scrapped' } },
      refused: [{ as: userB, why: 'another equipment user', status: 403, type: notYours }, wrongKind(admin)],
    },
    'POST /equipment/:code/periodic-inspection-declarations': {
      rule: 'the owning equipment user',
      as: userA,
      call: { url: '/equipment/EL-MAIN/periodic-inspection-declarations', payload: {} },
      refused: [{ as: userB, why: 'another equipment user', status: 403, type: notYours }, wrongKind(agencyA)],
    },
    'POST /equipment/:code/inspection-results': {
      rule: 'inspection agencies accredited for the equipment’s region',
      as: agencyA,
      call: { url: '/equipment/EL-MAIN/inspection-results', payload: inspection('R-EL-2') },
      refused: [
        { as: agencyFar, why: 'an agency not accredited for the region', status: 403, type: notAccredited },
        wrongKind(userA),
      ],
    },
    'GET /equipment': regionList('/equipment', 'registrationCode', 'EL-MAIN', userA),
    'GET /equipment/:code': equipmentRead('/equipment/EL-MAIN'),
    'GET /equipment/:code/events': equipmentRead('/equipment/EL-MAIN/events'),
    'GET /equipment/:code/inspections': equipmentRead('/equipment/EL-MAIN/inspections'),

    // registry: pipelines
    'POST /pipelines/construction-notifications': {
      rule: 'installers, for an existing using organisation, in any region; never another installer’s pipeline',
      as: installerA,
      call: { url: '/pipelines/construction-notifications', payload: notification('GP-NEW') },
      refused: [
        {
          as: installerB,
          why: 'another installer notifying a pipeline reported by installer A',
          status: 403,
          type: notYours,
          call: { url: '/pipelines/construction-notifications', payload: notification('GP-REPORTED') },
        },
        wrongKind(userA),
      ],
    },
    'POST /pipelines/:pipelineId/construction-started': {
      rule: 'the pipeline’s installer or using organisation',
      as: installerA,
      call: { url: '/pipelines/GP-START/construction-started', payload: { startedOn: '2026-03-02' } },
      refused: [
        { as: installerB, why: 'another installer', status: 403, type: notYours },
        { as: userB, why: 'another equipment user', status: 403, type: notYours },
        wrongKind(enfCity),
      ],
    },
    'POST /pipelines/:pipelineId/installation-inspection-declarations': {
      rule: 'the pipeline’s installer or using organisation',
      as: installerA,
      call: { url: '/pipelines/GP-DECLARE/installation-inspection-declarations', payload: {} },
      refused: [
        { as: installerB, why: 'another installer', status: 403, type: notYours },
        { as: userB, why: 'another equipment user', status: 403, type: notYours },
      ],
    },
    'POST /pipelines/:pipelineId/in-use-records': {
      rule: 'the using organisation (a pipeline not known yet: in any region)',
      as: userA,
      call: { url: '/pipelines/GP-MAIN/in-use-records', payload: { record: { name: 'Wenyi Rd main' } } },
      refused: [{ as: userB, why: 'another equipment user', status: 403, type: notYours }, wrongKind(installerA)],
    },
    'POST /pipelines/:pipelineId/parties': {
      rule: 'enforcement of the pipeline’s region (owner, installer), or its recorded installer (owner)',
      as: enfCity,
      call: {
        url: '/pipelines/GP-UNNAMED/parties',
        payload: { organisationId: userA.organisationId, installerId: installerA.organisationId },
      },
      refused: [
        { as: enfSibling, why: 'enforcement of a sibling county', status: 403, type: outsideRegion },
        { as: installerB, why: 'an installer not recorded on it', status: 403, type: notYours },
        wrongKind(userA),
      ],
    },
    'POST /pipelines/:pipelineId/periodic-inspection-declarations': {
      rule: 'the using organisation',
      as: userA,
      call: { url: '/pipelines/GP-MAIN/periodic-inspection-declarations', payload: {} },
      refused: [{ as: userB, why: 'another equipment user', status: 403, type: notYours }, wrongKind(installerA)],
    },
    'POST /pipelines/:pipelineId/inspection-results': {
      rule: 'inspection agencies accredited for the pipeline’s region',
      as: agencyA,
      call: { url: '/pipelines/GP-MAIN/inspection-results', payload: inspection('R-GP-2') },
      refused: [
        { as: agencyFar, why: 'an agency not accredited for the region', status: 403, type: notAccredited },
        wrongKind(userA),
      ],
    },
    'GET /pipelines': regionList('/pipelines', 'pipelineId', 'GP-MAIN', userA),
    'GET /pipelines/:pipelineId': pipelineRead('/pipelines/GP-MAIN'),
    'GET /pipelines/:pipelineId/events': pipelineRead('/pipelines/GP-MAIN/events'),
    'GET /pipelines/:pipelineId/inspections': pipelineRead('/pipelines/GP-MAIN/inspections'),
    'GET /inspections': {
      ...regionList('/inspections', 'reportNumber', 'R-EL-1', userA),
      rule: 'users their own equipment; agencies their own results; enforcement its region and below',
    },

    // registry: field findings, import
    ...Object.fromEntries(
      (
        [
          [
            '/field-findings/equipment-in-use',
            {
              region: '330106',
              location: 'plant room',
              foundOn: '2026-05-30',
              category: 'boiler',
            },
          ],
          [
            '/field-findings/operations',
            {
              region: '330106',
              location: 'plant room',
              foundOn: '2026-05-30',
              performedAt: '2026-05-30T02:00:00Z',
              operatorPersonId: 'op-x',
              workCategory: 'P',
              organisationId: stationA.organisationId,
            },
          ],
          [
            '/field-findings/pipelines-in-use',
            { pipelineId: 'GP-FOUND-USE', region: '330106', location: 'Wenyi Rd', foundOn: '2026-05-30' },
          ],
          [
            '/field-findings/pipelines-under-construction',
            {
              pipelineId: 'GP-FOUND',
              region: '330106',
              location: 'Wenyi Rd',
              startedOn: '2026-05-01',
              foundOn: '2026-05-30',
            },
          ],
        ] as const
      ).map(([url, payload]): [string, ScopeCase] => [
        `POST ${url}`,
        {
          rule: 'enforcement teams, in their region and below',
          as: enfCity,
          call: { url, payload },
          refused: [{ as: enfSibling, why: 'enforcement of a sibling county', status: 403 }, wrongKind(userA)],
        },
      ]),
    ),
    'POST /field-findings/:findingId/registration-link': {
      rule: 'enforcement teams of the finding’s region and above',
      as: enfCity,
      call: { url: '/field-findings/FIND-LINK/registration-link', payload: { registrationCode: 'EL-MAIN' } },
      refused: [
        { as: enfSibling, why: 'enforcement of a sibling county', status: 403, type: outsideRegion },
        wrongKind(userA),
      ],
    },
    'POST /imports/:kind': {
      rule: 'equipment users import their own register (in any region); administrators any',
      as: userA,
      call: {
        url: '/imports/equipment',
        headers: { 'content-type': 'text/csv' },
        payload:
          'registrationCode,category,region,location,putIntoServiceDate,registeredOn\nEL-IMP-1,elevator,330106,Rd,2026-01-10,2026-01-20\n',
      },
      refused: [wrongKind(stationA)],
      rejected: [
        {
          as: userB,
          why: "another equipment user importing A's equipment",
          call: {
            url: '/imports/equipment',
            headers: { 'content-type': 'text/csv' },
            payload: `registrationCode,category,organisationId,region,location,putIntoServiceDate,registeredOn\nEL-IMP-2,elevator,${userA.organisationId},330106,Rd,2026-01-10,2026-01-20\n`,
          },
          check: (body) => body['recorded'] === 0 && body['rejected'] === 1,
        },
        {
          as: userB,
          why: 'an equipment user importing an in-use record of A’s pipeline',
          call: {
            url: '/imports/pipelines',
            headers: { 'content-type': 'text/csv' },
            payload: 'pipelineId,region,recordedOn,name\nGP-MAIN,330106,2026-05-01,Mine\n',
          },
          check: (body) => body['recorded'] === 0 && body['rejected'] === 1,
        },
      ],
    },

    'POST /imports/cylinders': {
      rule: 'filling stations register cylinders as themselves (as POST /cylinders); a code another station registered is refused per row',
      as: stationA,
      call: {
        url: '/imports/cylinders',
        headers: { 'content-type': 'text/csv' },
        payload:
          'cylinderCode,cylinderType,gas,manufacturer,manufactureDate,registeredOn\nCYL-IMP-1,lpg_welded_steel,LPG,Works,2024-03-01,2026-05-01\n',
      },
      refused: [wrongKind(userA), wrongKind(enfCounty)],
      rejected: [
        {
          as: stationB,
          why: "another station importing station A's cylinder",
          call: {
            url: '/imports/cylinders',
            headers: { 'content-type': 'text/csv' },
            payload:
              'cylinderCode,cylinderType,gas,manufacturer,manufactureDate,registeredOn\nCYL-CUST,lpg_welded_steel,LPG,Works,2024-03-01,2026-05-01\n',
          },
          check: (body) => body['recorded'] === 0 && body['rejected'] === 1,
        },
      ],
    },
    'POST /imports/operator-certificates': {
      rule: 'the certificate authority (administrator or enforcement), each row in its region (as POST /operators/certificates)',
      as: enfCounty,
      call: {
        url: '/imports/operator-certificates',
        headers: { 'content-type': 'text/csv' },
        payload:
          'personId,name,certificateNo,categories,validFrom,validUntil\nop-imp-1,op-imp-1,P-op-imp-1,P,2026-01-01,2029-12-31\n',
      },
      refused: [wrongKind(stationA)],
      rejected: [
        {
          as: enfSibling,
          why: 'enforcement of a sibling county issuing in the county',
          call: {
            url: '/imports/operator-certificates',
            headers: { 'content-type': 'text/csv' },
            payload:
              'personId,name,certificateNo,categories,validFrom,validUntil,regionCode\nop-imp-far,x,P-op-imp-far,P,2026-01-01,2029-12-31,330106\n',
          },
          check: (body) => body['recorded'] === 0 && body['rejected'] === 1,
        },
      ],
    },

    // cylinders
    'POST /cylinders': {
      rule: 'filling stations register as themselves, in their own region (station and region come from the credential)',
      as: stationA,
      call: { url: '/cylinders', payload: cylinder('CYL-NEW') },
      refused: [wrongKind(userA), wrongKind(enfCity)],
    },
    'POST /cylinders/:code/entrustments': {
      rule: 'the cylinder’s owner; an authority of its region with a contract number (404 to anyone unrelated, wherever seated)',
      as: userA,
      call: {
        url: '/cylinders/CYL-CUST/entrustments',
        payload: { stationId: stationB.organisationId, entrustedFrom: '2026-06-01' },
      },
      refused: [
        hidden(stationB, 'the station entrusting itself (not related to the cylinder)'),
        hidden(userB, 'another organisation of the region'),
        hidden(stationFar, 'a station of a sibling county'),
        {
          as: enfSibling,
          why: 'enforcement of a sibling county, with a contract',
          status: 404,
          call: {
            url: '/cylinders/CYL-CUST/entrustments',
            payload: { stationId: stationB.organisationId, entrustedFrom: '2026-06-01', contractNo: 'WT-1' },
          },
        },
        wrongKind(agencyA),
      ],
    },
    'POST /cylinders/:code/entrustments/end': {
      rule: 'the station the cylinder is entrusted to (its own entrustment only)',
      as: stationB,
      call: { url: '/cylinders/CYL-CUST2/entrustments/end', payload: { endedOn: '2026-06-01' } },
      refused: [hidden(stationFar, 'a station of a sibling county'), wrongKind(userA)],
    },
    'POST /cylinders/:code/inspections': {
      rule: 'inspection agencies accredited for the cylinder’s region',
      as: agencyA,
      call: {
        url: '/cylinders/CYL-OWN/inspections',
        payload: { inspectionDate: '2026-05-20', result: 'pass', reportNo: 'R-C-1' },
      },
      refused: [{ as: agencyFar, why: 'an agency not accredited for the region', status: 403 }, wrongKind(stationA)],
    },
    'POST /cylinders/:code/scrap': {
      rule: 'the owning station, an inspection agency accredited for the region, or enforcement of the region with evidence',
      as: stationA,
      call: { url: '/cylinders/CYL-SCRAP/scrap', payload: { scrappedOn: '2026-05-30', reason: 'dented' } },
      refused: [
        hidden(stationB, 'another station of the same county'),
        {
          as: agencyFar,
          why: 'an agency not accredited for the region',
          status: 403,
          type: 'urn:gsr:problem:outside-your-region',
        },
        {
          as: enfSibling,
          why: 'enforcement of a sibling county, with evidence',
          status: 403,
          type: 'urn:gsr:problem:outside-your-region',
          call: {
            url: '/cylinders/CYL-SCRAP/scrap',
            payload: { scrappedOn: '2026-05-30', reason: 'dented', evidence: 'ZF-1' },
          },
        },
        wrongKind(userA),
      ],
    },
    'POST /cylinders/:code/refurbished': {
      rule: 'an inspection agency accredited for the cylinder’s region or enforcement of its region, with evidence; never a station',
      as: enfCounty,
      call: { url: '/cylinders/CYL-REF/refurbished', payload: { markedOn: '2026-05-30', evidence: 'photo P-1' } },
      refused: [
        {
          as: agencyFar,
          why: 'an agency not accredited for the region',
          status: 403,
          type: 'urn:gsr:problem:outside-your-region',
        },
        {
          as: enfSibling,
          why: 'enforcement of a sibling county',
          status: 403,
          type: 'urn:gsr:problem:outside-your-region',
        },
        wrongKind(stationA),
        wrongKind(userA),
      ],
    },
    'GET /cylinders': {
      rule: 'stations their own/registered/entrusted cylinders; enforcement its region and below; organisationId= within scope only (403 otherwise)',
      as: stationA,
      call: { url: '/cylinders' },
      refused: [
        {
          as: enfSibling,
          why: 'enforcement of a sibling county, organisationId= of a station outside it',
          status: 403,
          call: { url: `/cylinders?organisationId=${stationA.organisationId}` },
        },
        {
          as: stationB,
          why: 'another station, organisationId= not its own',
          status: 403,
          call: { url: `/cylinders?organisationId=${stationA.organisationId}` },
        },
      ],
      filtered: [
        { as: stationB, why: 'another station', ids: itemIds('code'), absent: 'CYL-OWN' },
        { as: enfSibling, why: 'enforcement of a sibling county', ids: itemIds('code'), absent: 'CYL-OWN' },
        { as: userA, why: 'an organisation of another kind', ids: itemIds('code'), absent: 'CYL-OWN' },
      ],
    },
    'GET /cylinders/:code': cylinderRead('/cylinders/CYL-OWN'),
    'GET /cylinders/:code/trace': cylinderRead('/cylinders/CYL-OWN/trace'),
    'POST /fill-checks': {
      rule: 'filling stations, checking as themselves (station and region come from the credential)',
      as: stationA,
      call: { url: '/fill-checks', payload: { cylinderCode: 'CYL-OWN', operatorId: 'op-main' } },
      refused: [wrongKind(userA), wrongKind(enfCity)],
    },
    'POST /fills': {
      rule: 'filling stations, recording their own fills (station and region come from the credential)',
      as: stationA,
      call: { url: '/fills', payload: fill('CYL-OWN') },
      refused: [wrongKind(userA), wrongKind(enfCity)],
    },
    'POST /fills/batch': {
      rule: 'filling stations, recording their own fills (station and region come from the credential)',
      as: stationA,
      call: { url: '/fills/batch', payload: { fills: [fill('CYL-OWN')] } },
      refused: [wrongKind(userA), wrongKind(enfCity)],
    },
    'GET /fills': {
      rule: 'a station its own fills; enforcement stations of its region and below; administrators any',
      as: enfCity,
      call: { url: `/fills?date=2026-06-01&stationId=${stationA.organisationId}` },
      refused: [
        { as: stationB, why: 'another station', status: 403 },
        { as: enfSibling, why: 'enforcement of a sibling county', status: 403 },
        wrongKind(userA),
      ],
    },
    'GET /fills/daily': {
      rule: 'a station its own fills; enforcement stations of its region and below; administrators any',
      as: enfCounty,
      call: { url: `/fills/daily?from=2026-05-01&to=2026-06-30&stationId=${stationA.organisationId}` },
      refused: [
        { as: stationB, why: 'another station', status: 403 },
        { as: enfSibling, why: 'enforcement of a sibling county', status: 403 },
        wrongKind(userA),
      ],
    },

    // operators
    'POST /operators/certificates': {
      rule: 'the certificate authority (administrator or enforcement), in its region',
      as: enfCounty,
      call: { url: '/operators/certificates', payload: certificate('op-new', 'P-op-new') },
      refused: [
        {
          as: enfSibling,
          why: 'enforcement of a sibling county issuing in the county',
          status: 403,
          call: {
            url: '/operators/certificates',
            payload: { ...certificate('op-far', 'P-op-far'), regionCode: '330106' },
          },
        },
        wrongKind(stationA),
      ],
    },
    'POST /operators/:personId/certificates/:certificateNo/suspend': operatorChange('op-suspend', 'suspend', {
      suspendedFrom: '2026-05-01',
      reason: 'review',
    }),
    'POST /operators/:personId/certificates/:certificateNo/reinstate': operatorChange('op-reinstate', 'reinstate', {
      reinstatedOn: '2026-05-20',
    }),
    'POST /operators/:personId/certificates/:certificateNo/revoke': operatorChange('op-revoke', 'revoke', {
      revokedOn: '2026-05-20',
      reason: 'fraud',
    }),
    'POST /operators/:personId/certificates/:certificateNo/renew': operatorChange('op-renew', 'renew', {
      renewedOn: '2026-05-20',
      validUntil: '2033-12-31',
    }),
    'GET /operators/:personId/validity': {
      rule: 'the employer, the issuer, enforcement of the certificate’s region; stations the answer without personal data; 404 for anyone else',
      as: stationA,
      call: { url: '/operators/op-main/validity?category=P' },
      refused: [
        hidden(userB, 'an organisation of another kind'),
        hidden(enfSibling, 'enforcement of a sibling county'),
        hidden(agencyFar, 'an inspection agency'),
      ],
    },
    'GET /operators/certificates': {
      rule: 'stations their employees; the issuer its certificates; enforcement its region and below',
      as: stationA,
      call: { url: '/operators/certificates' },
      filtered: [
        { as: stationB, why: 'another station', ids: itemIds('certificateNo'), absent: 'P-op-main' },
        {
          as: enfSibling,
          why: 'enforcement of a sibling county',
          ids: itemIds('certificateNo'),
          absent: 'P-op-main',
        },
      ],
    },

    // appliances
    'POST /appliance-certificates': {
      rule: 'certification bodies, issuing as themselves',
      as: certA,
      call: { url: '/appliance-certificates', payload: appliance('CCC-NEW') },
      refused: [wrongKind(makerA), wrongKind(enfCity)],
    },
    'POST /appliance-certificates/:certificateNo/failures': {
      rule: 'the certification body that issued the certificate',
      as: certA,
      call: {
        url: '/appliance-certificates/CCC-FAIL/failures',
        payload: { failure: 'revoked', effectiveFrom: '2026-05-20', reason: 'non-conforming' },
      },
      refused: [{ as: certB, why: 'another certification body', status: 403 }, wrongKind(makerA)],
    },
    'POST /appliance-certificates/:certificateNo/reinstatement': {
      rule: 'the certification body that issued the certificate',
      as: certA,
      call: { url: '/appliance-certificates/CCC-SUSP/reinstatement', payload: { effectiveFrom: '2026-05-20' } },
      refused: [{ as: certB, why: 'another certification body', status: 403 }, wrongKind(enfCity)],
    },
    'GET /appliance-certificates': {
      rule: 'any authenticated caller',
      as: makerA,
      call: { url: '/appliance-certificates' },
      open: {
        reason: 'CCC certificates and their status are public information that sellers and buyers check',
        callers: [makerB, sellerB, stationFar, enfSibling],
      },
    },
    'GET /appliance-certificates/:certificateNo': {
      rule: 'any authenticated caller',
      as: makerA,
      call: { url: '/appliance-certificates/CCC-MAIN' },
      open: {
        reason: 'CCC certificates and their status are public information that sellers and buyers check',
        callers: [makerB, sellerB, userB],
      },
    },
    'POST /appliance-production': {
      rule: 'a manufacturer its own production, in its region; enforcement in its region',
      as: makerA,
      call: { url: '/appliance-production', payload: production() },
      refused: [
        {
          as: makerB,
          why: "another manufacturer recording A's production",
          status: 403,
          call: { url: '/appliance-production', payload: production({ manufacturerId: makerA.organisationId }) },
        },
        {
          as: enfSibling,
          why: 'enforcement of a sibling county recording in the county',
          status: 403,
          call: {
            url: '/appliance-production',
            payload: production({ manufacturerId: makerA.organisationId, regionCode: '330106' }),
          },
        },
        wrongKind(sellerA),
      ],
    },
    'POST /appliance-sales': {
      rule: 'a seller its own sales, in its region; enforcement in its region',
      as: sellerA,
      call: { url: '/appliance-sales', payload: sale() },
      refused: [
        {
          as: sellerB,
          why: "another seller recording A's sale",
          status: 403,
          call: { url: '/appliance-sales', payload: sale({ sellerId: sellerA.organisationId }) },
        },
        {
          as: enfSibling,
          why: 'enforcement of a sibling county recording in the county',
          status: 403,
          call: { url: '/appliance-sales', payload: sale({ sellerId: sellerA.organisationId, regionCode: '330106' }) },
        },
        wrongKind(makerA),
      ],
    },
    'POST /appliance-spot-checks': {
      rule: 'enforcement in its region; inspection agencies in their accredited regions',
      as: enfCounty,
      call: { url: '/appliance-spot-checks', payload: spotCheck() },
      refused: [
        {
          as: enfSibling,
          why: 'enforcement of a sibling county',
          status: 403,
          call: { url: '/appliance-spot-checks', payload: spotCheck({ regionCode: '330106' }) },
        },
        {
          as: agencyFar,
          why: 'an agency not accredited for the region',
          status: 403,
          call: { url: '/appliance-spot-checks', payload: spotCheck({ regionCode: '330106' }) },
        },
        wrongKind(stationA),
      ],
    },
    'GET /appliance-records': {
      rule: 'manufacturers and sellers their own records; enforcement its region and below',
      as: makerA,
      call: { url: '/appliance-records' },
      filtered: [
        { as: makerB, why: 'another manufacturer', ids: itemIds('recordId'), absent: productionRecord },
        { as: enfSibling, why: 'enforcement of a sibling county', ids: itemIds('recordId'), absent: productionRecord },
      ],
    },
    'GET /appliance-spot-checks': {
      rule: 'the checking organisation its own checks; enforcement its region and below',
      as: enfCity,
      call: { url: '/appliance-spot-checks' },
      filtered: [
        { as: enfSibling, why: 'enforcement of a sibling county', ids: itemIds('checkId'), absent: spotCheckId },
        { as: makerB, why: 'a manufacturer', ids: itemIds('checkId'), absent: spotCheckId },
      ],
    },
  }

  // --- Every route has a case, every case a route ------------------------------------------
  const routes = app.kitRoutes.filter((route) => route.auth !== 'public')
  const keys = new Set(routes.map((route) => `${route.method} ${route.url}`))
  const covered = (key: string) => key in cases || (key.startsWith('HEAD ') && `GET ${key.slice(5)}` in cases)
  t.same(
    [...keys].filter((key) => !covered(key)),
    [],
    'every route that needs a credential has a scope case in test/scope-every-route.e2e.spec.ts',
  )
  t.same(
    Object.keys(cases).filter((key) => !keys.has(key)),
    [],
    'every case names a route that exists',
  )
  for (const [key, c] of Object.entries(cases)) {
    t.ok(
      (c.refused?.length ?? 0) + (c.filtered?.length ?? 0) + (c.rejected?.length ?? 0) > 0 || c.open,
      `${key}: a caller outside the scope, or the reason it is open to any caller`,
    )
  }

  // --- Run them ------------------------------------------------------------------------------
  let attempts = 0
  for (const [key, c] of Object.entries(cases)) {
    const [method, pattern] = key.split(' ') as [Method, string]
    const head = method === 'GET' && keys.has(`HEAD ${pattern}`)
    await t.test(key, async (t) => {
      for (const refusal of c.refused ?? []) {
        const call = refusal.call ?? c.call
        const before = await written()
        const res = await send(method, refusal.as, call)
        attempts++
        t.equal(res.statusCode, refusal.status, `${refusal.why}: ${refusal.status} (${res.body.slice(0, 200)})`)
        t.match(res.headers['content-type'], /^application\/problem\+json/, `${refusal.why}: problem+json`)
        const type =
          refusal.type ?? (refusal.status === 404 ? 'urn:gsr:problem:not-found' : 'urn:gsr:problem:forbidden')
        t.equal(res.json().type, type, `${refusal.why}: type`)
        if (head) {
          const headRes = await send('HEAD', refusal.as, call)
          attempts++
          t.equal(headRes.statusCode, refusal.status, `${refusal.why}: HEAD too`)
        }
        t.same(await written(), before, `${refusal.why}: nothing written`)
      }
      for (const rejection of c.rejected ?? []) {
        const before = await written()
        const res = await send(method, rejection.as, rejection.call)
        attempts++
        t.equal(res.statusCode, 200, `${rejection.why}: answered per row`)
        t.ok(rejection.check(res.json()), `${rejection.why}: every row rejected (${res.body.slice(0, 300)})`)
        t.same(await written(), before, `${rejection.why}: nothing written`)
      }
      for (const filter of c.filtered ?? []) {
        const before = await written()
        const res = await send(method, filter.as, filter.call ?? c.call)
        attempts++
        t.equal(res.statusCode, 200, `${filter.why}: a list of its own`)
        t.notOk(filter.ids(res.json()).includes(filter.absent), `${filter.why}: without ${filter.absent}`)
        t.same(await written(), before, `${filter.why}: nothing written`)
      }
      for (const caller of c.open?.callers ?? []) {
        const res = await send(method, caller, c.call)
        attempts++
        t.ok(
          res.statusCode >= 200 && res.statusCode < 300,
          `open (${c.open?.reason}): a ${caller.kind} gets ${res.statusCode}`,
        )
      }
      // In scope: allowed (so the refusals above are about scope, not a broken request).
      const res = await send(method, c.as, c.call)
      attempts++
      if (c.status) t.equal(res.statusCode, c.status, `in scope (${c.rule}): ${res.body.slice(0, 200)}`)
      else
        t.ok(
          res.statusCode >= 200 && res.statusCode < 300,
          `in scope (${c.rule}): ${res.statusCode} ${res.body.slice(0, 200)}`,
        )
      for (const filter of c.filtered ?? []) {
        t.ok(filter.ids(res.json()).includes(filter.absent), `in scope: lists ${filter.absent}`)
      }
      if (head) t.equal((await send('HEAD', c.as, c.call)).statusCode, res.statusCode, 'in scope: HEAD too')
    })
  }
  t.comment(
    `${db.name}: ${routes.length} routes needing a credential (${Object.keys(cases).length} cases), ${attempts} calls, ${Date.now() - started} ms`,
  )
})
