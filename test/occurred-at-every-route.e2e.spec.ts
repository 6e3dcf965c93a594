import { randomUUID } from 'node:crypto'
import t from 'tap'
import { forEachDatabase } from '@gsr/db/testing'
import { fixedClock, chinaDate } from '@gsr/domain'
import { cylinderTypeRuleOn } from '@gsr/domain/cylinders'
import { seedHashOf, supervisionChecklists } from '@gsr/domain/enforcement'
import { createPostgresEventStore, type GlobalPosition } from '@gsr/event-store'
import { waitUntilReadable } from '@gsr/event-store/testing'
import { identity } from '@gsr/http-kit'
import { credentialFor, type TestCredential } from '@gsr/http-kit/testing'
import { complaintBody, complaintRequests, type ComplaintStage } from './complaintSeeds.ts'
import { systemOnTestDatabase } from './systemOnTestDatabase.ts'

/**
 * Issue 14, item 4: true dates on every fact. Every write route of the whole system is
 * enumerated from `app.kitRoutes`; each must have a case below, or this test fails (a new
 * route cannot be added without saying which body field is its field date). A case sends a
 * field date D a few days before the clock's today and expects every event the request
 * appended to carry `metadata.occurredAt` on day D (China time); then the same request with
 * the day after today, expecting 400 naming the field and nothing appended (facts dated in
 * the future are refused). Routes that record no field fact say why in `noFieldDate`.
 */

const clock = fixedClock('2026-06-01T02:00:00Z') // 10:00 China time
const D = '2026-05-20'
const tomorrow = '2026-06-02'
const lpg = cylinderTypeRuleOn('lpg_welded_steel', '2026-06-01').rule
const allOk = (items: readonly string[]) => items.map((item) => ({ item, answer: 'ok' }))

interface FieldDateCase {
  readonly as: () => TestCredential
  /** The request with field date `day` (an ISO date; instants are built from it). */
  readonly call: (day: string) => { url: string; payload: unknown; contentType?: string }
  /** The body field that carries the field date, named by the 400 for a future day. */
  readonly field: string
}

forEachDatabase(t, async (t, db) => {
  const system = await systemOnTestDatabase(t, db, clock)
  const app = system.app
  const store = createPostgresEventStore(db.client)
  t.teardown(() => store.close())

  const userA = await credentialFor(app, { kind: 'equipment_user', region: '330106' })
  const userB = await credentialFor(app, { kind: 'equipment_user', region: '330106' })
  const installer = await credentialFor(app, { kind: 'installer', region: '330106' })
  const agency = await credentialFor(app, {
    kind: 'inspection_agency',
    region: '330100',
    accreditedRegions: ['330100'],
  })
  const enforcement = await credentialFor(app, { kind: 'enforcement', region: '330100' })
  const station = await credentialFor(app, { kind: 'filling_station', region: '330106' })
  const station2 = await credentialFor(app, { kind: 'filling_station', region: '330106' })
  const cqc = await credentialFor(app, { kind: 'certification_body', region: '110000' })
  const maker = await credentialFor(app, { kind: 'manufacturer', region: '330106' })
  const shop = await credentialFor(app, { kind: 'seller', region: '330106' })

  const post = async (as: TestCredential, url: string, payload: unknown, contentType?: string) =>
    app.inject({
      method: 'POST',
      url,
      headers: { ...as.headers, ...(contentType ? { 'content-type': contentType } : {}) },
      ...(typeof payload === 'string' ? { body: payload } : { payload: payload as object }),
    })
  const seed = async (as: TestCredential, url: string, payload: unknown) => {
    const res = await post(as, url, payload)
    if (res.statusCode >= 300) throw new Error(`seed ${url}: ${res.statusCode} ${res.body}`)
  }
  const head = async (): Promise<GlobalPosition | undefined> => {
    await waitUntilReadable(db.client)
    return store.headPosition()
  }
  const appendedSince = async (after: GlobalPosition | undefined) => {
    await waitUntilReadable(db.client)
    return store.readAll(after ? { after } : {})
  }

  // What the cases act on, seeded a month before D.
  const equipment = (code: string) => ({
    registrationCode: code,
    category: 'elevator',
    region: '330106',
    location: 'No. 1 Wenyi Rd',
    putIntoServiceDate: '2026-01-10',
    registeredOn: '2026-04-20',
  })
  for (const code of ['EL-T-1', 'EL-S-1', 'EL-C-1', 'EL-I-1', 'EL-A-1', 'EL-D-1', 'EL-W-1'])
    await seed(userA, '/equipment', equipment(code))
  // Transfers offered to B a month before D, for B to accept or decline and A to withdraw on D.
  for (const code of ['EL-A-1', 'EL-D-1', 'EL-W-1'])
    await seed(userA, `/equipment/${code}/transfer`, {
      toOrganisationId: userB.organisationId,
      toRegion: '330106',
      location: 'x',
      offeredOn: '2026-04-20',
    })
  await seed(userA, '/equipment/EL-S-1/suspend', { reason: 'repair', suspendedOn: '2026-04-21' })
  // Applications for use registration, for the authority to answer on D.
  const application = (applicationId: string, appliedOn: string) => ({
    applicationId,
    category: 'elevator',
    region: '330106',
    location: 'No. 2 Wenyi Rd',
    putIntoServiceDate: '2026-01-10',
    appliedOn,
  })
  for (const id of ['app-acc-1', 'app-ref-1'])
    await seed(userA, '/equipment-registrations', application(id, '2026-04-20'))
  const cylinder = (code: string) => ({
    cylinderCode: code,
    cylinderType: 'lpg_welded_steel',
    gas: 'LPG',
    manufacturer: 'Works',
    manufactureDate: '2024-03-01',
    registeredOn: '2026-04-20',
  })
  for (const code of ['CYL-E-1', 'CYL-I-1', 'CYL-S-1', 'CYL-R-1']) await seed(station, '/cylinders', cylinder(code))
  // The owner (the registering station) entrusts CYL-E-1 to station 2, recorded on 2026-05-10 and
  // from that day (never back-dated), so that station 2 may end it on D (never before it began).
  clock.set('2026-05-10T02:00:00Z')
  await seed(station, '/cylinders/CYL-E-1/entrustments', {
    stationId: station2.organisationId,
    entrustedFrom: '2026-05-10',
  })
  clock.set('2026-06-01T02:00:00Z')
  const certificate = (no: string) => ({
    personId: `P-${no}`,
    name: '张三',
    certificateNo: no,
    categories: ['P'],
    validFrom: '2026-01-01',
    validUntil: '2029-12-31',
  })
  for (const no of ['OP-S', 'OP-R', 'OP-N', 'OP-V']) await seed(enforcement, '/operators/certificates', certificate(no))
  await seed(enforcement, '/operators/P-OP-R/certificates/OP-R/suspend', {
    suspendedFrom: '2026-04-21',
    reason: 'review',
  })
  const ccc = (no: string) => ({
    certificateNo: no,
    manufacturerId: maker.organisationId,
    modelNo: 'JZT-2B',
    category: 'gas_stove',
    validFrom: '2024-01-01',
    validUntil: '2029-01-01',
    regionCode: '330106',
  })
  for (const no of ['CCC-F', 'CCC-R']) await seed(cqc, '/appliance-certificates', ccc(no))
  await seed(cqc, '/appliance-certificates/CCC-R/failures', {
    failure: 'suspended',
    effectiveFrom: '2026-04-21',
    reason: 'spot check',
  })
  await seed(installer, '/pipelines/construction-notifications', {
    pipelineId: 'GP-S-1',
    organisationId: userA.organisationId,
    region: '330106',
    name: 'Wenyi Rd main',
    location: 'Wenyi Rd',
    grade: 'GB1',
    plannedStartDate: '2026-04-25',
    notifiedOn: '2026-04-20',
  })
  // An equipment finding with no code, for the team to link to a registration on D.
  await seed(enforcement, '/field-findings/equipment-in-use', {
    findingId: 'FIND-LINK-1',
    region: '330106',
    location: 'lobby',
    foundOn: '2026-04-20',
    category: 'elevator',
  })
  // A pipeline first known through a finding: its owner and installer are named later.
  await seed(enforcement, '/field-findings/pipelines-in-use', {
    pipelineId: 'GP-P-1',
    region: '330106',
    location: 'Rd',
    foundOn: '2026-04-20',
  })
  const fill = (day: string) => ({
    fillId: randomUUID(),
    cylinderCode: 'CYL-I-1',
    operatorId: 'P-OP-N',
    filledAt: `${day}T10:00:00+08:00`,
    gas: 'LPG',
    quantityKg: 14.5,
    preFillChecks: allOk(lpg.preFillItems),
    postFillChecks: allOk(lpg.postFillItems),
  })
  // Rectification orders on a finding of user A's: one to deliver on D, one delivered to re-check on D.
  await seed(enforcement, '/field-findings/equipment-in-use', {
    findingId: 'F-RO-1',
    region: '330106',
    location: 'market',
    foundOn: '2026-04-20',
    category: 'elevator',
    usingOrganisationId: userA.organisationId,
  })
  const order = (orderId: string, issuedOn: string) => ({
    orderId,
    region: '330106',
    organisationId: userA.organisationId,
    problems: [{ source: 'finding', id: 'F-RO-1' }],
    issuedOn,
  })
  for (const id of ['RO-DELIVER', 'RO-RECHECK'])
    await seed(enforcement, '/enforcement/rectification-orders', order(id, '2026-04-20'))
  await seed(enforcement, '/enforcement/rectification-orders/RO-RECHECK/delivery', {
    deliveredOn: '2026-04-21',
    method: 'in_person',
  })
  // Penalty cases on that finding, one per step to take on D (PC-CLOSE decided, PC-RCPT referred before D).
  const penaltyCase = (caseId: string, openedOn: string) => ({
    caseId,
    region: '330106',
    organisationId: userA.organisationId,
    sources: [{ source: 'finding', id: 'F-RO-1' }],
    openedOn,
  })
  for (const step of ['INV', 'EXT', 'DEC', 'CLOSE', 'DROP', 'REF', 'RCPT'])
    await seed(enforcement, '/enforcement/cases', penaltyCase(`PC-${step}`, '2026-04-20'))
  await seed(enforcement, '/enforcement/cases/PC-CLOSE/decision', {
    decidedOn: '2026-04-21',
    decisionNumber: 'D-1',
    penalties: [{ kind: 'fine', amountFen: 100 }],
  })
  await seed(enforcement, '/enforcement/cases/PC-RCPT/referral', {
    referredOn: '2026-04-21',
    policeAgency: 'PSB',
    reason: 'crime',
  })
  // Complaints, each at the stage before the step its case takes on D (the enforcement team is the assigned team).
  const complaintAt: [string, ComplaintStage][] = [
    ['CP-ASSIGN', 'received'],
    ['CP-REFUSE', 'assigned'],
    ['CP-ACCEPT', 'assigned'],
    ['CP-HANDLE', 'accepted'],
    ['CP-REPLY', 'handled'],
    ['CP-SATISFY', 'replied'],
    ['CP-VERIFY', 'replied'],
  ]
  for (const [id, stage] of complaintAt)
    for (const { url, payload } of complaintRequests(id, enforcement.organisationId, stage))
      await seed(enforcement, url, payload)
  // Random inspection plans: a roster of two of the team's people, a plan made before D to draw.
  const inspectors = [
    enforcement.memberId,
    (
      await identity.createMember(db.client, {
        organisationId: enforcement.organisationId,
        type: 'person',
        name: 'inspector 2',
        role: 'operator',
      })
    ).id,
  ]
  const planSeed = 'occurred-at plan seed, 16+'
  const plan = (planId: string, plannedOn: string) => ({
    planId,
    region: '330106',
    plannedOn,
    periodFrom: '2026-07-01',
    periodTo: '2026-09-30',
    seedHash: seedHashOf(planSeed),
    roster: inspectors,
  })
  await seed(enforcement, '/enforcement/inspection-plans', plan('RIP-DRAW', '2026-04-20'))
  let n = 0
  const unique = (prefix: string) => `${prefix}-${++n}`
  // Supervision inspections: a clean one of user A's elevators; a county team sent to another county.
  const countyTeam = await credentialFor(app, { kind: 'enforcement', region: '330106' })
  const inspection = (day: string) => ({
    inspectionId: unique('SI'),
    region: '330106',
    organisationId: userA.organisationId,
    subjectKind: 'elevator_user',
    inspectedOn: day,
    inspectors: [{ name: '张三' }, { name: '李四' }],
    items: supervisionChecklists.at(day).rules.elevator_user.map((i) => ({ itemId: i.id, result: 'passed' })),
    result: 'no_problem',
  })

  const complaintStep = (id: string, path: string, field: string, body: object): FieldDateCase => ({
    as: () => enforcement,
    call: (day) => ({ url: `/enforcement/complaints/${id}/${path}`, payload: { ...body, [field]: day } }),
    field,
  })

  const cases: Record<string, FieldDateCase> = {
    'POST /enforcement/inspection-plans': {
      as: () => enforcement,
      call: (day) => ({ url: '/enforcement/inspection-plans', payload: plan(unique('RIP'), day) }),
      field: 'plannedOn',
    },
    'POST /enforcement/inspection-plans/:planId/draw': {
      as: () => enforcement,
      call: (day) => ({
        url: '/enforcement/inspection-plans/RIP-DRAW/draw',
        payload: { seed: planSeed, drawnOn: day },
      }),
      field: 'drawnOn',
    },
    'POST /enforcement/inspections': {
      as: () => enforcement,
      call: (day) => ({ url: '/enforcement/inspections', payload: inspection(day) }),
      field: 'inspectedOn',
    },
    'POST /enforcement/inspection-assignments': {
      as: () => enforcement,
      call: (day) => ({
        url: '/enforcement/inspection-assignments',
        payload: {
          assignmentId: unique('AS'),
          teamOrganisationId: countyTeam.organisationId,
          region: '330108',
          assignedOn: day,
          from: '2026-06-01',
          to: '2026-06-30',
        },
      }),
      field: 'assignedOn',
    },
    'POST /enforcement/complaints': {
      as: () => enforcement,
      call: (day) => ({ url: '/enforcement/complaints', payload: complaintBody(unique('CP'), day) }),
      field: 'receivedOn',
    },
    'POST /enforcement/complaints/:complaintId/assignment': complaintStep('CP-ASSIGN', 'assignment', 'assignedOn', {
      teamOrganisationId: enforcement.organisationId,
    }),
    'POST /enforcement/complaints/:complaintId/refusal': complaintStep('CP-REFUSE', 'refusal', 'refusedOn', {
      reason: '不属于本单位职责',
    }),
    'POST /enforcement/complaints/:complaintId/acceptance': complaintStep('CP-ACCEPT', 'acceptance', 'acceptedOn', {}),
    'POST /enforcement/complaints/:complaintId/handling': complaintStep('CP-HANDLE', 'handling', 'handledOn', {
      outcome: '已核查',
    }),
    'POST /enforcement/complaints/:complaintId/reply': complaintStep('CP-REPLY', 'reply', 'repliedOn', {
      method: 'sms',
      summary: '已答复',
    }),
    'POST /enforcement/complaints/:complaintId/satisfaction': complaintStep(
      'CP-SATISFY',
      'satisfaction',
      'recordedOn',
      {
        satisfaction: 'dissatisfied',
      },
    ),
    'POST /enforcement/complaints/:complaintId/verification': complaintStep('CP-VERIFY', 'verification', 'verifiedOn', {
      notes: '复查到位',
    }),
    'POST /enforcement/rectification-orders': {
      as: () => enforcement,
      call: (day) => ({ url: '/enforcement/rectification-orders', payload: order(unique('RO'), day) }),
      field: 'issuedOn',
    },
    'POST /enforcement/rectification-orders/:orderId/delivery': {
      as: () => enforcement,
      call: (day) => ({
        url: '/enforcement/rectification-orders/RO-DELIVER/delivery',
        payload: { deliveredOn: day, method: 'post' },
      }),
      field: 'deliveredOn',
    },
    'POST /enforcement/rectification-orders/:orderId/recheck': {
      as: () => enforcement,
      call: (day) => ({
        url: '/enforcement/rectification-orders/RO-RECHECK/recheck',
        payload: { recheckedOn: day, outcome: 'not_rectified' },
      }),
      field: 'recheckedOn',
    },
    'POST /enforcement/cases': {
      as: () => enforcement,
      call: (day) => ({ url: '/enforcement/cases', payload: penaltyCase(unique('PC'), day) }),
      field: 'openedOn',
    },
    ...Object.fromEntries(
      (
        [
          ['investigation', 'INV', 'investigatedOn', { findings: 'notes' }],
          ['extension', 'EXT', 'approvedOn', { reason: 'complex' }],
          ['decision', 'DEC', 'decidedOn', { decisionNumber: 'D-2', penalties: [{ kind: 'warning' }] }],
          ['closure', 'CLOSE', 'closedOn', { fineCollectedFen: 100 }],
          ['dropping', 'DROP', 'droppedOn', { kind: 'withdrawn', reason: 'no violation' }],
          ['referral', 'REF', 'referredOn', { policeAgency: 'PSB', reason: 'crime' }],
          ['police-receipt', 'RCPT', 'receivedOn', { outcome: 'accepted', criminalCaseNumber: 'C-1' }],
        ] as const
      ).map(([path, step, field, rest]): [string, FieldDateCase] => [
        `POST /enforcement/cases/:caseId/${path}`,
        {
          as: () => enforcement,
          call: (day) => ({ url: `/enforcement/cases/PC-${step}/${path}`, payload: { ...rest, [field]: day } }),
          field,
        },
      ]),
    ),
    'POST /equipment': {
      as: () => userA,
      call: (day) => ({ url: '/equipment', payload: { ...equipment(unique('EL-N')), registeredOn: day } }),
      field: 'registeredOn',
    },
    'POST /equipment-registrations': {
      as: () => userA,
      call: (day) => ({ url: '/equipment-registrations', payload: application(unique('app-n'), day) }),
      field: 'appliedOn',
    },
    'POST /equipment-registrations/:applicationId/accept': {
      as: () => enforcement,
      call: (day) => ({
        url: '/equipment-registrations/app-acc-1/accept',
        payload: { registrationCode: 'EL-ACC-1', certificateNumber: 'C-ACC-1', acceptedOn: day },
      }),
      field: 'acceptedOn',
    },
    'POST /equipment-registrations/:applicationId/refuse': {
      as: () => enforcement,
      call: (day) => ({
        url: '/equipment-registrations/app-ref-1/refuse',
        payload: { reason: 'incomplete', refusedOn: day },
      }),
      field: 'refusedOn',
    },
    'POST /equipment/:code/transfer': {
      as: () => userA,
      call: (day) => ({
        url: '/equipment/EL-T-1/transfer',
        payload: { toOrganisationId: userB.organisationId, toRegion: '330106', location: 'x', offeredOn: day },
      }),
      field: 'offeredOn',
    },
    'POST /equipment/:code/transfer/accept': {
      as: () => userB,
      call: (day) => ({ url: '/equipment/EL-A-1/transfer/accept', payload: { acceptedOn: day } }),
      field: 'acceptedOn',
    },
    'POST /equipment/:code/transfer/decline': {
      as: () => userB,
      call: (day) => ({ url: '/equipment/EL-D-1/transfer/decline', payload: { declinedOn: day } }),
      field: 'declinedOn',
    },
    'POST /equipment/:code/transfer/withdraw': {
      as: () => userA,
      call: (day) => ({ url: '/equipment/EL-W-1/transfer/withdraw', payload: { withdrawnOn: day } }),
      field: 'withdrawnOn',
    },
    'POST /equipment/:code/resume': {
      as: () => userA,
      call: (day) => ({ url: '/equipment/EL-S-1/resume', payload: { resumedOn: day } }),
      field: 'resumedOn',
    },
    'POST /equipment/:code/suspend': {
      as: () => userA,
      call: (day) => ({ url: '/equipment/EL-S-1/suspend', payload: { reason: 'again', suspendedOn: day } }),
      field: 'suspendedOn',
    },
    'POST /equipment/:code/cancel': {
      as: () => userA,
      call: (day) => ({ url: '/equipment/EL-C-1/cancel', payload: { reason: 'gone', cancelledOn: day } }),
      field: 'cancelledOn',
    },
    'POST /equipment/:code/inspection-results': {
      as: () => agency,
      call: (day) => ({
        url: '/equipment/EL-I-1/inspection-results',
        payload: {
          kind: 'periodic',
          conclusion: 'pass',
          reportNumber: unique('DJ'),
          inspectors: ['Li'],
          inspectionDate: day,
        },
      }),
      field: 'inspectionDate',
    },
    'POST /equipment/:code/periodic-inspection-declarations': {
      as: () => userA,
      call: (day) => ({ url: '/equipment/EL-I-1/periodic-inspection-declarations', payload: { declaredOn: day } }),
      field: 'declaredOn',
    },
    'POST /pipelines/construction-notifications': {
      as: () => installer,
      call: (day) => ({
        url: '/pipelines/construction-notifications',
        payload: {
          pipelineId: unique('GP-N'),
          organisationId: userA.organisationId,
          region: '330106',
          name: 'main',
          location: 'Rd',
          grade: 'GB1',
          plannedStartDate: '2026-07-01',
          notifiedOn: day,
        },
      }),
      field: 'notifiedOn',
    },
    'POST /pipelines/:pipelineId/construction-started': {
      as: () => installer,
      call: (day) => ({ url: '/pipelines/GP-S-1/construction-started', payload: { startedOn: day } }),
      field: 'startedOn',
    },
    'POST /pipelines/:pipelineId/installation-inspection-declarations': {
      as: () => installer,
      call: (day) => ({ url: '/pipelines/GP-S-1/installation-inspection-declarations', payload: { declaredOn: day } }),
      field: 'declaredOn',
    },
    'POST /pipelines/:pipelineId/inspection-results': {
      as: () => agency,
      call: (day) => ({
        url: '/pipelines/GP-S-1/inspection-results',
        payload: {
          kind: 'installation_supervision',
          conclusion: 'pass',
          reportNumber: unique('AZ'),
          inspectors: ['Wang'],
          inspectionDate: day,
        },
      }),
      field: 'inspectionDate',
    },
    'POST /pipelines/:pipelineId/in-use-records': {
      as: () => userA,
      call: (day) => ({
        url: '/pipelines/GP-S-1/in-use-records',
        payload: { record: { name: 'main' }, recordedOn: day },
      }),
      field: 'recordedOn',
    },
    'POST /pipelines/:pipelineId/periodic-inspection-declarations': {
      as: () => userA,
      call: (day) => ({ url: '/pipelines/GP-S-1/periodic-inspection-declarations', payload: { declaredOn: day } }),
      field: 'declaredOn',
    },
    'POST /field-findings/:findingId/registration-link': {
      as: () => enforcement,
      call: (day) => ({
        url: '/field-findings/FIND-LINK-1/registration-link',
        payload: { registrationCode: 'EL-T-1', linkedOn: day },
      }),
      field: 'linkedOn',
    },
    'POST /field-findings/equipment-in-use': {
      as: () => enforcement,
      call: (day) => ({
        url: '/field-findings/equipment-in-use',
        payload: { region: '330106', location: 'market', foundOn: day, category: 'elevator' },
      }),
      field: 'foundOn',
    },
    'POST /field-findings/operations': {
      as: () => enforcement,
      call: (day) => ({
        url: '/field-findings/operations',
        payload: {
          region: '330106',
          location: 'station 3',
          foundOn: day,
          performedAt: `${day}T09:30:00+08:00`,
          operatorPersonId: 'P-9',
          workCategory: 'Q2',
          organisationId: userA.organisationId,
        },
      }),
      field: 'foundOn',
    },
    'POST /field-findings/pipelines-under-construction': {
      as: () => enforcement,
      call: (day) => ({
        url: '/field-findings/pipelines-under-construction',
        payload: {
          pipelineId: unique('GP-F'),
          region: '330106',
          location: 'Rd',
          startedOn: '2026-05-01',
          foundOn: day,
        },
      }),
      field: 'foundOn',
    },
    'POST /field-findings/pipelines-in-use': {
      as: () => enforcement,
      call: (day) => ({
        url: '/field-findings/pipelines-in-use',
        payload: { pipelineId: unique('GP-U'), region: '330106', location: 'Rd', foundOn: day },
      }),
      field: 'foundOn',
    },
    'POST /pipelines/:pipelineId/parties': {
      as: () => enforcement,
      call: (day) => ({
        url: '/pipelines/GP-P-1/parties',
        payload: { organisationId: userA.organisationId, installerId: installer.organisationId, namedOn: day },
      }),
      field: 'namedOn',
    },
    'POST /cylinders': {
      as: () => station,
      call: (day) => ({ url: '/cylinders', payload: { ...cylinder(unique('CYL-N')), registeredOn: day } }),
      field: 'registeredOn',
    },
    'POST /cylinders/:code/entrustments/end': {
      as: () => station2,
      call: (day) => ({ url: '/cylinders/CYL-E-1/entrustments/end', payload: { endedOn: day } }),
      field: 'endedOn',
    },
    'POST /cylinders/:code/inspections': {
      as: () => agency,
      call: (day) => ({
        url: '/cylinders/CYL-I-1/inspections',
        payload: { inspectionDate: day, result: 'pass', reportNo: unique('R') },
      }),
      field: 'inspectionDate',
    },
    'POST /cylinders/:code/scrap': {
      as: () => station,
      call: (day) => ({ url: '/cylinders/CYL-S-1/scrap', payload: { scrappedOn: day, reason: 'dented' } }),
      field: 'scrappedOn',
    },
    'POST /cylinders/:code/refurbished': {
      as: () => agency,
      call: (day) => ({ url: '/cylinders/CYL-R-1/refurbished', payload: { markedOn: day, evidence: 'report R-F' } }),
      field: 'markedOn',
    },
    'POST /fills': {
      as: () => station,
      call: (day) => ({ url: '/fills', payload: fill(day) }),
      field: 'filledAt',
    },
    'POST /fills/batch': {
      as: () => station,
      call: (day) => ({ url: '/fills/batch', payload: { fills: [fill(day), fill(day)] } }),
      field: 'fills.0.filledAt',
    },
    'POST /operators/:personId/certificates/:certificateNo/suspend': {
      as: () => enforcement,
      call: (day) => ({
        url: '/operators/P-OP-S/certificates/OP-S/suspend',
        payload: { suspendedFrom: day, reason: 'review' },
      }),
      field: 'suspendedFrom',
    },
    'POST /operators/:personId/certificates/:certificateNo/reinstate': {
      as: () => enforcement,
      call: (day) => ({ url: '/operators/P-OP-R/certificates/OP-R/reinstate', payload: { reinstatedOn: day } }),
      field: 'reinstatedOn',
    },
    'POST /operators/:personId/certificates/:certificateNo/renew': {
      as: () => enforcement,
      call: (day) => ({
        url: '/operators/P-OP-N/certificates/OP-N/renew',
        payload: { renewedOn: day, validUntil: '2034-01-01' },
      }),
      field: 'renewedOn',
    },
    'POST /operators/:personId/certificates/:certificateNo/revoke': {
      as: () => enforcement,
      call: (day) => ({
        url: '/operators/P-OP-V/certificates/OP-V/revoke',
        payload: { revokedOn: day, reason: 'fraud' },
      }),
      field: 'revokedOn',
    },
    'POST /appliance-certificates/:certificateNo/failures': {
      as: () => cqc,
      call: (day) => ({
        url: '/appliance-certificates/CCC-F/failures',
        payload: { failure: 'suspended', effectiveFrom: day, reason: 'spot check' },
      }),
      field: 'effectiveFrom',
    },
    'POST /appliance-certificates/:certificateNo/reinstatement': {
      as: () => cqc,
      call: (day) => ({ url: '/appliance-certificates/CCC-R/reinstatement', payload: { effectiveFrom: day } }),
      field: 'effectiveFrom',
    },
    'POST /appliance-production': {
      as: () => maker,
      call: (day) => ({
        url: '/appliance-production',
        payload: { modelNo: 'JZT-2B', category: 'gas_stove', producedOn: day, quantity: 10 },
      }),
      field: 'producedOn',
    },
    'POST /appliance-sales': {
      as: () => shop,
      call: (day) => ({
        url: '/appliance-sales',
        payload: {
          manufacturerId: maker.organisationId,
          modelNo: 'JZT-2B',
          category: 'gas_stove',
          soldOn: day,
          quantity: 1,
        },
      }),
      field: 'soldOn',
    },
    'POST /appliance-spot-checks': {
      as: () => enforcement,
      call: (day) => ({
        url: '/appliance-spot-checks',
        payload: {
          category: 'gas_stove',
          manufacturerId: maker.organisationId,
          modelNo: 'JZT-2B',
          sampledFromOrganisationId: shop.organisationId,
          sampledOn: day,
          result: 'pass',
          items: [{ item: 'flame', result: 'pass' }],
        },
      }),
      field: 'sampledOn',
    },
    'POST /imports/:kind': {
      as: () => userA,
      call: (day) => ({
        url: '/imports/equipment',
        contentType: 'text/csv',
        payload: `registrationCode,category,region,location,putIntoServiceDate,registeredOn\n${unique('EL-IMP')},elevator,330106,Rd,2026-01-10,${day}\n`,
      }),
      field: 'registeredOn',
    },
    'POST /imports/cylinders': {
      as: () => station,
      call: (day) => ({
        url: '/imports/cylinders',
        contentType: 'text/csv',
        payload: `cylinderCode,cylinderType,gas,manufacturer,manufactureDate,registeredOn\n${unique('CYL-IMP')},lpg_welded_steel,LPG,Works,2024-03-01,${day}\n`,
      }),
      field: 'registeredOn',
    },
  }
  const noFieldDate: Record<string, string> = {
    'POST /admin/organisations': 'identity, not an event',
    'PATCH /admin/organisations/:organisationId': 'identity, not an event',
    'POST /admin/organisations/:organisationId/members': 'identity, not an event',
    'POST /admin/members/:memberId/api-keys': 'identity, not an event',
    'POST /admin/credentials/:credentialId/revoke': 'identity, not an event',
    'POST /admin/credentials/:credentialId/rotate': 'identity, not an event',
    'POST /auth/token': 'a session, not an event',
    'POST /admin/rule-tables/:table/versions':
      'a publication takes effect from effectiveFrom (today or later, or a corrected version’s day); it happens as it is recorded',
    'POST /admin/projections/:name/quarantine/retry': 'operations on read models, not an event',
    'POST /fill-checks': 'the check is made at the moment of the request: occurredAt is the clock',
    'POST /cylinders/:code/entrustments':
      'an entrustment is granted as it is recorded, never back-dated (entrustedFrom is today or later): the moment of the request, or occurredAt given',
    'POST /operators/certificates':
      'issuing records no field day (validFrom/validUntil may lie ahead): the moment of issue, or occurredAt given on that day (tested below)',
    'POST /imports/operator-certificates':
      'each row is issued as POST /operators/certificates issues: recorded as issued at the moment of the import (no field day)',
    'POST /appliance-certificates':
      'issuing records no field day (validFrom/validUntil may lie ahead): the moment of issue, or occurredAt given on that day (tested below)',
  }

  const writeRoutes = [
    ...new Set(
      app.kitRoutes.filter((r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method)).map((r) => `${r.method} ${r.url}`),
    ),
  ]
  t.test('every write route has a case: its field date, or why it has none', async (t) => {
    const missing = writeRoutes.filter((route) => !cases[route] && !noFieldDate[route])
    t.same(missing, [], 'write routes without a case')
    t.same(
      Object.keys({ ...cases, ...noFieldDate }).filter((route) => !writeRoutes.includes(route)),
      [],
      'cases for routes that do not exist',
    )
  })

  for (const [route, c] of Object.entries(cases)) {
    t.test(`${route}: a field date in the future is refused, naming ${c.field}, nothing appended`, async (t) => {
      const before = await head()
      const { url, payload, contentType } = c.call(tomorrow)
      const res = await post(c.as(), url, payload, contentType)
      if (route === 'POST /fills/batch' || route.startsWith('POST /imports/')) {
        // Item by item: the batch answers 200 with the item rejected; the import reports the row.
        t.equal(res.statusCode, 200, res.body)
        t.match(res.body, c.field.split('.').at(-1)!)
      } else {
        t.equal(res.statusCode, 400, res.body)
        t.match(res.headers['content-type'], /application\/problem\+json/)
        t.match(res.json(), { type: 'urn:gsr:problem:validation-failed', errors: [{ field: c.field, in: 'body' }] })
      }
      t.same(await appendedSince(before), [], 'nothing appended')
    })
    t.test(`${route}: occurredAt falls on the field date`, async (t) => {
      const before = await head()
      const { url, payload, contentType } = c.call(D)
      const res = await post(c.as(), url, payload, contentType)
      t.ok(res.statusCode < 300, `${res.statusCode} ${res.body}`)
      const events = await appendedSince(before)
      t.ok(events.length > 0, 'something was recorded')
      for (const event of events) {
        t.equal(
          chinaDate(new Date(event.metadata.occurredAt)),
          D,
          `${event.type} occurredAt ${event.metadata.occurredAt}`,
        )
      }
    })
  }

  // Issue 16, item 4: an issue has no field day of its own, so an occurredAt given is bounded like
  // an entrustment's: the moment it is recorded, today (China time); an earlier day is refused.
  for (const [route, as, url, body] of [
    ['POST /operators/certificates', () => enforcement, '/operators/certificates', certificate] as const,
    ['POST /appliance-certificates', () => cqc, '/appliance-certificates', ccc] as const,
  ]) {
    t.test(`${route}: an occurredAt before today is refused, naming occurredAt, nothing appended`, async (t) => {
      t.ok(noFieldDate[route])
      const before = await head()
      const res = await post(as(), url, { ...body(unique('ISS')), occurredAt: `${D}T10:00:00+08:00` })
      t.equal(res.statusCode, 400, res.body)
      t.match(res.json(), { type: 'urn:gsr:problem:validation-failed', errors: [{ field: 'occurredAt', in: 'body' }] })
      t.same(await appendedSince(before), [], 'nothing appended')
    })
    t.test(`${route}: an occurredAt earlier today is the moment of issue`, async (t) => {
      const before = await head()
      const res = await post(as(), url, { ...body(unique('ISS')), occurredAt: '2026-06-01T08:30:00+08:00' })
      t.equal(res.statusCode, 201, res.body)
      const events = await appendedSince(before)
      t.equal(events.length, 1)
      t.equal(new Date(events[0]!.metadata.occurredAt).toISOString(), '2026-06-01T00:30:00.000Z')
    })
  }
})
