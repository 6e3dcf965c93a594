import { randomUUID } from 'node:crypto'
import type { Test } from 'tap'
import { waitUntilReadable } from '@gsr/event-store/testing'
import { forEachDatabase, type DatabaseName, type TestDatabase } from '@gsr/db/testing'
import { addDays, fixedClock } from '@gsr/domain'
import { cylinderTypeRuleOn } from '@gsr/domain/cylinders'
import { rectificationOrderRules, seedHashOf, supervisionChecklists } from '@gsr/domain/enforcement'
import { identity } from '@gsr/http-kit'
import { credentialFor, type TestCredential } from '@gsr/http-kit/testing'
import { FillBody } from '@gsr/cylinders-service'
import { fieldName, requestFields, withValue, type RequestField } from './requestFields.ts'
import { complaintBody, complaintRequests, type ComplaintStage } from './complaintSeeds.ts'
import { systemOnTestDatabase } from './systemOnTestDatabase.ts'

/**
 * Issue 14: every write route, enumerated from `app.kitRoutes` (a write route without a valid
 * example below fails this test, as in the scope test), gets hostile input in every field its
 * schemas declare: a NUL byte, a lone surrogate, a 1 MB string, an array (or record) of 100,000
 * entries, boundary and impossible dates and instants; path parameters with a NUL, bad UTF-8
 * and 1,000 characters; an X-Correlation-Id and an Idempotency-Key too long or with a space
 * (they go into event metadata and the idempotency table). Each mutation starts from a valid
 * request, so it reaches deep fields. Every answer must be 2xx (accepted), or 4xx problem+json
 * whose `errors[].field` names the mutated field; never 5xx. Afterwards every projection catches
 * up, nothing failing. Every list route (reads without a path parameter) gets the same for its
 * query string. Dates and instants (the date window) run in a phase of their own with their own
 * catch-up, so a failure there is told apart from the rest.
 */

const clock = fixedClock('2026-06-01T02:00:00Z') // 10:00 China time
const lpg = cylinderTypeRuleOn('lpg_welded_steel', '2026-06-01').rule
const allOk = (items: readonly string[]) => items.map((item) => ({ item, answer: 'ok' }))

type Method = 'POST' | 'PUT' | 'PATCH' | 'DELETE'
interface Call {
  readonly url: string
  readonly payload?: unknown
  /** text/csv bodies are the import's own (checked row by row): only its path and query are fuzzed. */
  readonly csv?: boolean
}
interface WriteCase {
  readonly as: TestCredential
  /** A valid request against the current state (seeding what it needs): called again after any 2xx. */
  readonly fresh: () => Promise<Call>
  /** Fields the route's schema does not show (a batch validates its entries itself). */
  readonly deep?: readonly RequestField[]
}
interface Mutation {
  readonly where: 'body' | 'querystring' | 'params' | 'headers'
  readonly field: string
  readonly what: string
  readonly date: boolean
  /** The request with the mutation, or undefined when the valid request has nothing there to mutate. */
  readonly apply: (
    call: Call,
  ) => { url: string; body?: string | undefined; headers?: Record<string, string> } | undefined
}

const NUL = 'a\u0000b'
const loneSurrogate = 'a\ud800b'
const huge = 'x'.repeat(1_000_000)
const dates = ['0000-01-01', '1970-01-01', '9999-12-31', '2026-02-30', '2026-13-01', '2999-01-01', '20260601']
const instants = [
  '0000-01-01T00:00:00Z',
  '1970-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '2026-02-30T08:00:00Z',
  '2026-06-01T08:00:00+25:00',
  '2026-06-01T08:00:00-23:59',
  '2999-01-01T00:00:00+08:00',
  '2026-06-01T08:00:00',
]
/** 100,000 entries: copies of the valid first entry when they fit in the body limit, else zeros. */
const manyOf = (first: unknown) =>
  Array.from({ length: 100_000 }, () => (first !== undefined && JSON.stringify(first).length <= 8 ? first : 0))
const manyKeys = () => Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [i.toString(36), 0]))
const valueAt = (value: unknown, path: readonly (string | number)[]): unknown =>
  path.reduce<unknown>((v, key) => (v as Record<string | number, unknown> | undefined)?.[key], value)

function bodyMutations(fields: readonly RequestField[]): Mutation[] {
  const body = (field: RequestField, what: string, replacement: (base: unknown) => unknown, date = false) => ({
    where: 'body' as const,
    field: fieldName(field.path),
    what,
    date,
    apply: (call: Call) => {
      if (call.csv || call.payload === undefined) return undefined
      const payload = withValue(call.payload, field.path, replacement(valueAt(call.payload, field.path)))
      return payload === undefined ? undefined : { url: call.url, body: JSON.stringify(payload) }
    },
  })
  return fields.flatMap((field): Mutation[] => {
    switch (field.kind) {
      case 'string':
        return [
          body(field, 'NUL', () => NUL),
          body(field, 'lone surrogate', () => loneSurrogate),
          body(field, '1 MB', () => huge),
        ]
      case 'date':
        return [body(field, 'NUL', () => NUL), ...dates.map((d) => body(field, d, () => d, true))]
      case 'datetime':
        return [body(field, 'NUL', () => NUL), ...instants.map((d) => body(field, d, () => d, true))]
      case 'array':
        return [body(field, '100,000 entries', (base) => manyOf(Array.isArray(base) ? base[0] : undefined))]
      case 'record':
        return [body(field, '100,000 keys', () => manyKeys())]
    }
  })
}

function queryMutations(fields: readonly RequestField[]): Mutation[] {
  return fields
    .filter((field) => field.path.length === 1 && field.kind !== 'array' && field.kind !== 'record')
    .flatMap((field) => {
      const name = String(field.path[0])
      const values: [string, string, boolean][] = [
        ['NUL', NUL, false],
        ['10,000 characters', 'x'.repeat(10_000), false],
        ...(field.kind === 'date' ? dates.map((d): [string, string, boolean] => [d, d, true]) : []),
        ...(field.kind === 'datetime' ? instants.map((d): [string, string, boolean] => [d, d, true]) : []),
      ]
      return values.map(([what, value, date]) => ({
        where: 'querystring' as const,
        field: name,
        what,
        date,
        apply: (call: Call) => {
          const url = new URL(call.url, 'http://x')
          url.searchParams.set(name, value)
          return {
            url: url.pathname + url.search,
            body: call.csv ? (call.payload as string) : JSON.stringify(call.payload),
          }
        },
      }))
    })
}

/** The headers that reach an event's metadata or the idempotency table. */
function headerMutations(): Mutation[] {
  const bodyOf = (call: Call) =>
    call.payload === undefined ? undefined : call.csv ? (call.payload as string) : JSON.stringify(call.payload)
  return (
    [
      ['x-correlation-id', '1,000 characters', 'c'.repeat(1000)],
      ['x-correlation-id', 'a space', 'a b'],
      ['idempotency-key', '1,000 characters', 'k'.repeat(1000)],
    ] as const
  ).map(([name, what, value]) => ({
    where: 'headers' as const,
    field: name,
    what,
    date: false,
    apply: (call: Call) => ({ url: call.url, body: bodyOf(call), headers: { [name]: value } }),
  }))
}

function paramMutations(pattern: string): Mutation[] {
  const segments = pattern.split('/')
  return segments.flatMap((segment, index) => {
    if (!segment.startsWith(':')) return []
    const values: [string, string][] = [
      ['NUL', 'a%00b'],
      ['bad UTF-8 (a lone surrogate)', '%ED%A0%80'],
      ['1,000 characters', 'A'.repeat(1000)],
    ]
    return values.map(([what, value]) => ({
      where: 'params' as const,
      field: segment.slice(1),
      what,
      date: false,
      apply: (call: Call) => {
        const [path = '', query] = call.url.split('?')
        const parts = path.split('/')
        parts[index] = value
        const url = parts.join('/') + (query ? `?${query}` : '')
        return { url, body: call.csv ? (call.payload as string) : JSON.stringify(call.payload) }
      },
    }))
  })
}

/** A part of the fuzz: the suite is long, so spec files (test/fuzz-*.e2e.spec.ts) run parts side by side. */
export type FuzzPhase = 'writes' | 'dates' | 'reads'

/** Runs the chosen phases on the chosen databases (all available by default), each on a system of its own. */
export function fuzzEveryRoute(t: Test, phases: readonly FuzzPhase[], databases?: readonly DatabaseName[]): void {
  forEachDatabase(t, (t, db) => fuzzOn(t, db, phases), databases)
}

async function fuzzOn(t: Test, db: TestDatabase, phases: readonly FuzzPhase[]): Promise<void> {
  const started = Date.now()
  const system = await systemOnTestDatabase(t, db, clock)
  const app = system.app
  let requests = 0
  const inject = (method: string, who: TestCredential, url: string, body?: string, csv = false, headers = {}) => {
    requests++
    return app.inject({
      method: method as Method,
      url,
      headers: {
        ...who.headers,
        ...(body === undefined ? {} : { 'content-type': csv ? 'text/csv' : 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { payload: body }),
    })
  }
  const ok = async (who: TestCredential, url: string, payload?: unknown) => {
    const res = await inject('POST', who, url, payload === undefined ? undefined : JSON.stringify(payload))
    if (res.statusCode >= 300) throw new Error(`seed POST ${url}: ${res.statusCode} ${res.body.slice(0, 300)}`)
    return res.json()
  }
  let sequence = 0
  const next = (prefix: string) => `${prefix}-${++sequence}`

  // --- Who calls, and what the cases need ------------------------------------------------
  const cred = (kind: Parameters<typeof credentialFor>[1]['kind'], region: string, extra = {}) =>
    credentialFor(app, { kind, region, ...extra })
  const admin = await cred('administrator', '330000')
  const userA = await cred('equipment_user', '330106')
  const userB = await cred('equipment_user', '330106')
  const installerA = await cred('installer', '330106')
  const agencyA = await cred('inspection_agency', '330100', { accreditedRegions: ['330100'] })
  const enfCity = await cred('enforcement', '330100')
  const enfCounty = await cred('enforcement', '330106')
  const stationA = await cred('filling_station', '330106')
  const stationB = await cred('filling_station', '330106')
  const certA = await cred('certification_body', '110000')
  const makerA = await cred('manufacturer', '330106')
  const sellerA = await cred('seller', '330106')

  const equipment = async () => {
    const code = next('EL')
    await ok(userA, '/equipment', {
      registrationCode: code,
      category: 'elevator',
      region: '330106',
      location: 'No. 1 Wenyi Rd',
      putIntoServiceDate: '2026-01-10',
      // Registered before the lifecycle examples below are dated (none may precede it).
      registeredOn: '2026-02-01',
    })
    return code
  }
  /** A's application for use registration, not answered yet. */
  const applicationBody = () => ({
    category: 'elevator',
    region: '330106',
    location: 'No. 2 Wenyi Rd',
    attributes: { subtype: 'traction' },
    manufacturer: 'Hangzhou Lift Works',
    serialNumber: next('SN'),
    putIntoServiceDate: '2026-01-10',
    appliedOn: '2026-02-01',
    lastInspection: { date: '2026-01-15', reportNumber: 'R-0' },
  })
  const applied = async () => {
    const applicationId = next('APP')
    await ok(userA, '/equipment-registrations', { ...applicationBody(), applicationId })
    return applicationId
  }
  /** Equipment of A offered to B. */
  const offered = async () => {
    const code = await equipment()
    await ok(userA, `/equipment/${code}/transfer`, {
      toOrganisationId: userB.organisationId,
      toRegion: '330106',
      location: 'No. 9 Rd',
      offeredOn: '2026-05-01',
    })
    return code
  }
  const inspection = () => ({
    kind: 'periodic',
    conclusion: 'pass',
    reportNumber: next('R'),
    inspectors: ['Li Si'],
    inspectionDate: '2026-05-20',
    nextDueDate: '2027-05-20',
    safetyGrade: 2,
  })
  const notification = (pipelineId = next('GP')) => ({
    pipelineId,
    organisationId: userA.organisationId,
    region: '330106',
    name: 'Wenyi Rd main',
    location: 'Wenyi Rd',
    grade: 'GB1',
    lengthMeters: 120,
    plannedStartDate: '2026-03-01',
    notifiedOn: '2026-02-20',
  })
  const pipeline = async () => {
    const id = next('GP')
    await ok(installerA, '/pipelines/construction-notifications', notification(id))
    return id
  }
  const pipelineInUse = async () => {
    const id = await pipeline()
    await ok(userA, `/pipelines/${id}/in-use-records`, { record: { name: 'main' } })
    return id
  }
  const cylinder = async (extra: object = {}) => {
    const code = next('CYL')
    await ok(stationA, '/cylinders', {
      cylinderCode: code,
      cylinderType: 'lpg_welded_steel',
      gas: 'LPG',
      manufacturer: 'Works',
      manufactureDate: '2024-03-01',
      // Before the scrap and marking days below: nothing is scrapped or marked before its registration.
      registeredOn: '2026-05-01',
      ...extra,
    })
    return code
  }
  const certificate = (personId = next('op'), certificateNo = next('P')) => ({
    personId,
    name: 'Zhang San',
    certificateNo,
    categories: ['P'],
    validFrom: '2026-01-01',
    validUntil: '2029-12-31',
    regionCode: '330106',
    employerOrganisationId: stationA.organisationId,
  })
  const operator = async () => {
    const body = certificate()
    await ok(enfCounty, '/operators/certificates', body)
    return `/operators/${body.personId}/certificates/${body.certificateNo}`
  }
  const appliance = (certificateNo = next('CCC')) => ({
    certificateNo,
    manufacturerId: makerA.organisationId,
    modelNo: 'JZT-1',
    category: 'gas_stove',
    validFrom: '2025-01-01',
    validUntil: '2030-01-01',
    regionCode: '330106',
  })
  const applianceCertificate = async () => {
    const body = appliance()
    await ok(certA, '/appliance-certificates', body)
    return body.certificateNo
  }
  const spare = (await ok(userA, `/admin/organisations/${userA.organisationId}/members`, {
    type: 'person',
    name: 'Spare',
    role: 'viewer',
  })) as { id: string }
  const spareKey = async () => (await ok(userA, `/admin/members/${spare.id}/api-keys`)).credential.id as string
  await ok(enfCounty, '/operators/certificates', certificate('op-main', 'P-op-main'))
  const fillCylinder = await cylinder()
  await ok(certA, '/appliance-certificates', appliance('CCC-MAIN'))
  const fill = () => ({
    fillId: randomUUID(),
    cylinderCode: fillCylinder,
    operatorId: 'op-main',
    filledAt: '2026-06-01T01:30:00Z',
    gas: 'LPG',
    quantityKg: 14.5,
    preFillChecks: allOk(lpg.preFillItems),
    postFillChecks: allOk(lpg.postFillItems).map((check) => ({ ...check, note: 'fine' })),
    prefillCheckId: randomUUID(),
    terminalId: 'T-1',
  })
  const finding = { region: '330106', location: 'plant room', foundOn: '2026-05-30', description: 'seen' }

  /** A rectification order on a new finding of user A's (issued 2026-05-01, deadline 2026-05-16). */
  const rectificationOrder = async () => {
    const findingId = next('FIND-RO')
    await ok(enfCity, '/field-findings/equipment-in-use', {
      ...finding,
      findingId,
      category: 'boiler',
      usingOrganisationId: userA.organisationId,
    })
    return {
      orderId: next('RO'),
      region: '330106',
      organisationId: userA.organisationId,
      problems: [{ source: 'finding', id: findingId }],
      issuedOn: '2026-05-01',
      requirements: '停止使用，办理使用登记',
    }
  }
  const issuedOrder = async () => {
    const order = await rectificationOrder()
    await ok(enfCity, '/enforcement/rectification-orders', order)
    return order.orderId
  }

  /** A penalty case on a finding of user A's (opened 2026-05-01), every optional field filled. */
  let caseFinding: string | undefined
  const penaltyCase = async () => {
    if (caseFinding === undefined) {
      caseFinding = next('FIND-PC')
      await ok(enfCity, '/field-findings/equipment-in-use', {
        ...finding,
        findingId: caseFinding,
        category: 'boiler',
        usingOrganisationId: userA.organisationId,
      })
    }
    return {
      caseId: next('PC'),
      region: '330106',
      organisationId: userA.organisationId,
      sources: [
        { source: 'finding', id: caseFinding },
        { source: 'complaint', id: next('12345') },
      ],
      openedOn: '2026-05-01',
      summary: '未办理使用登记',
    }
  }
  const openedCase = async () => {
    const body = await penaltyCase()
    await ok(enfCity, '/enforcement/cases', body)
    return body.caseId
  }
  const caseDecision = {
    decidedOn: '2026-05-10',
    decisionNumber: '罚〔2026〕1号',
    penalties: [
      { kind: 'fine', amountFen: 100_000, description: '罚款' },
      { kind: 'confiscation', amountFen: 5 },
    ],
    categories: ['equipment_unregistered_or_uninspected'],
  }
  const caseReferral = {
    referredOn: '2026-05-11',
    policeAgency: 'PSB',
    reason: 'crime',
    evidence: [{ url: '/x', eventId: 'e-1', description: 'photo' }],
  }
  const caseStep = (path: string, payload: object, before?: (caseId: string) => Promise<unknown>) => ({
    as: enfCity,
    fresh: async () => {
      const caseId = await openedCase()
      await before?.(caseId)
      return { url: `/enforcement/cases/${caseId}/${path}`, payload }
    },
  })

  // Random inspection plans: two people of the city team on the roster; each draw on a new plan.
  const inspectors = [
    enfCity.memberId,
    (
      await identity.createMember(system.app.kit.sql, {
        organisationId: enfCity.organisationId,
        type: 'person',
        name: '检查员',
        role: 'operator',
      })
    ).id,
  ]
  const planSeed = 'fuzz plan seed, 16 or more'
  const inspectionPlan = () => ({
    planId: next('RIP'),
    region: '330106',
    plannedOn: '2026-05-30',
    periodFrom: '2026-06-01',
    periodTo: '2026-06-30',
    seedHash: seedHashOf(planSeed),
    roster: inspectors,
    conflicts: [{ inspectorId: inspectors[0], organisationId: userA.organisationId }],
  })

  /** A new complaint of enfCity's, assigned to it, brought to `stage`: the url of its step `path`. */
  const complaintAt = async (stage: ComplaintStage, path: string) => {
    const id = next('CP')
    for (const { url, payload } of complaintRequests(id, enfCity.organisationId, stage)) await ok(enfCity, url, payload)
    return `/enforcement/complaints/${id}/${path}`
  }
  const complaintStep = (stage: ComplaintStage, path: string, payload: object): WriteCase => ({
    as: enfCity,
    fresh: async () => ({ url: await complaintAt(stage, path), payload }),
  })
  const cases: Record<string, WriteCase> = {
    // enforcement: complaints
    'POST /enforcement/complaints': {
      as: enfCity,
      fresh: async () => ({ url: '/enforcement/complaints', payload: complaintBody(next('CP')) }),
    },
    'POST /enforcement/complaints/:complaintId/assignment': complaintStep('received', 'assignment', {
      teamOrganisationId: enfCity.organisationId,
      assignedOn: '2026-05-02',
    }),
    'POST /enforcement/complaints/:complaintId/refusal': complaintStep('assigned', 'refusal', {
      refusedOn: '2026-05-02',
      reason: '不属于本单位职责',
    }),
    'POST /enforcement/complaints/:complaintId/acceptance': complaintStep('assigned', 'acceptance', {
      acceptedOn: '2026-05-02',
    }),
    'POST /enforcement/complaints/:complaintId/handling': complaintStep('accepted', 'handling', {
      handledOn: '2026-05-20',
      outcome: '已核查',
      references: [{ kind: 'case', id: 'CASE-1' }],
    }),
    'POST /enforcement/complaints/:complaintId/reply': complaintStep('handled', 'reply', {
      repliedOn: '2026-05-20',
      method: 'phone',
      summary: '已答复',
    }),
    'POST /enforcement/complaints/:complaintId/satisfaction': complaintStep('replied', 'satisfaction', {
      recordedOn: '2026-05-20',
      satisfaction: 'dissatisfied',
    }),
    'POST /enforcement/complaints/:complaintId/verification': complaintStep('replied', 'verification', {
      verifiedOn: '2026-05-20',
      notes: '复查到位',
    }),
    // enforcement: random inspection plans
    'POST /enforcement/inspection-plans': {
      as: enfCity,
      fresh: async () => ({ url: '/enforcement/inspection-plans', payload: inspectionPlan() }),
    },
    'POST /enforcement/inspection-plans/:planId/draw': {
      as: enfCity,
      fresh: async () => {
        const plan = inspectionPlan()
        await ok(enfCity, '/enforcement/inspection-plans', plan)
        return {
          url: `/enforcement/inspection-plans/${plan.planId}/draw`,
          payload: { seed: planSeed, drawnOn: '2026-05-31' },
        }
      },
    },
    // enforcement: rectification orders
    // enforcement: penalty cases and referral to the police
    'POST /enforcement/cases': {
      as: enfCity,
      fresh: async () => ({ url: '/enforcement/cases', payload: await penaltyCase() }),
    },
    'POST /enforcement/cases/:caseId/investigation': caseStep('investigation', {
      investigatedOn: '2026-05-05',
      findings: 'notes',
      evidenceEventIds: ['e-1'],
    }),
    'POST /enforcement/cases/:caseId/extension': caseStep('extension', {
      approvedOn: '2026-05-05',
      extensionDays: 20,
      reason: 'complex',
    }),
    'POST /enforcement/cases/:caseId/decision': caseStep('decision', caseDecision),
    'POST /enforcement/cases/:caseId/closure': caseStep(
      'closure',
      { closedOn: '2026-05-20', fineCollectedFen: 100_000, notes: 'paid' },
      (caseId) => ok(enfCity, `/enforcement/cases/${caseId}/decision`, caseDecision),
    ),
    'POST /enforcement/cases/:caseId/dropping': caseStep('dropping', {
      droppedOn: '2026-05-05',
      kind: 'no_penalty',
      reason: 'minor',
    }),
    'POST /enforcement/cases/:caseId/referral': caseStep('referral', caseReferral),
    'POST /enforcement/cases/:caseId/police-receipt': caseStep(
      'police-receipt',
      { receivedOn: '2026-05-20', outcome: 'accepted', criminalCaseNumber: 'C-1', reason: 'crime' },
      (caseId) => ok(enfCity, `/enforcement/cases/${caseId}/referral`, caseReferral),
    ),
    'POST /enforcement/rectification-orders': {
      as: enfCity,
      fresh: async () => ({ url: '/enforcement/rectification-orders', payload: await rectificationOrder() }),
    },
    'POST /enforcement/rectification-orders/:orderId/delivery': {
      as: enfCity,
      fresh: async () => ({
        url: `/enforcement/rectification-orders/${await issuedOrder()}/delivery`,
        payload: { deliveredOn: '2026-05-02', method: 'in_person' },
      }),
    },
    'POST /enforcement/rectification-orders/:orderId/recheck': {
      as: enfCity,
      fresh: async () => {
        const orderId = await issuedOrder()
        await ok(enfCity, `/enforcement/rectification-orders/${orderId}/delivery`, {
          deliveredOn: '2026-05-02',
          method: 'post',
        })
        return {
          url: `/enforcement/rectification-orders/${orderId}/recheck`,
          payload: { recheckedOn: '2026-05-30', outcome: 'not_rectified', notes: '未整改' },
        }
      },
    },

    // enforcement: supervision inspections
    'POST /enforcement/inspections': {
      as: enfCity,
      fresh: async () => {
        const findingId = next('FIND-SI')
        await ok(enfCity, '/field-findings/equipment-in-use', {
          ...finding,
          findingId,
          category: 'elevator',
          usingOrganisationId: userA.organisationId,
        })
        return {
          url: '/enforcement/inspections',
          payload: {
            inspectionId: next('SI'),
            region: '330106',
            organisationId: userA.organisationId,
            site: 'tower A',
            subjectKind: 'elevator_user',
            inspectedOn: '2026-05-30',
            inspectors: [{ name: '张三', certificateNumber: 'ZF-1' }, { name: '李四' }],
            items: supervisionChecklists.at('2026-05-30').rules.elevator_user.map((i, n) => ({
              itemId: i.id,
              result: n === 0 ? 'failed' : 'passed',
              notes: '现场查看',
            })),
            result: 'problems_found',
            findingIds: [findingId],
            photoReferences: ['IMG_0001.jpg'],
            notes: '未办理使用登记',
          },
        }
      },
    },
    'POST /enforcement/inspection-assignments': {
      as: enfCity,
      fresh: async () => ({
        url: '/enforcement/inspection-assignments',
        payload: {
          assignmentId: next('AS'),
          teamOrganisationId: enfCounty.organisationId,
          region: '330108',
          assignedOn: '2026-05-30',
          from: '2026-06-01',
          to: '2026-06-30',
          notes: '异地交叉互查',
        },
      }),
    },

    // admin
    'POST /admin/organisations': {
      as: admin,
      fresh: async () => ({
        url: '/admin/organisations',
        payload: {
          id: next('org'),
          kind: 'inspection_agency',
          name: 'New',
          region: '330106',
          accreditedRegions: ['330106'],
        },
      }),
    },
    'PATCH /admin/organisations/:organisationId': {
      as: admin,
      fresh: async () => ({
        url: `/admin/organisations/${userA.organisationId}`,
        payload: { address: '杭州市某路1号', legalRepresentative: '张三', contact: '李四 0571-0000' },
      }),
    },
    'POST /admin/organisations/:organisationId/members': {
      as: userA,
      fresh: async () => ({
        url: `/admin/organisations/${userA.organisationId}/members`,
        payload: { type: 'person', name: 'New person', role: 'operator' },
      }),
    },
    'POST /admin/members/:memberId/api-keys': {
      as: userA,
      fresh: async () => ({ url: `/admin/members/${spare.id}/api-keys` }),
    },
    'POST /admin/credentials/:credentialId/rotate': {
      as: userA,
      fresh: async () => ({ url: `/admin/credentials/${await spareKey()}/rotate` }),
    },
    'POST /admin/credentials/:credentialId/revoke': {
      as: userA,
      fresh: async () => ({ url: `/admin/credentials/${await spareKey()}/revoke` }),
    },
    'POST /auth/token': { as: userA, fresh: async () => ({ url: '/auth/token' }) },
    'POST /admin/rule-tables/:table/versions': {
      as: admin,
      fresh: async () => {
        const version = next('v')
        return {
          url: '/admin/rule-tables/rectificationOrderRules/versions',
          payload: {
            version,
            // Each one after the last: a new version starts after the newest.
            effectiveFrom: addDays('2026-07-01', Number(version.slice(2))),
            rules: rectificationOrderRules.at('2026-06-01').rules,
            citation: 'fuzz',
          },
        }
      },
    },
    'POST /admin/projections/:name/quarantine/retry': {
      as: admin,
      fresh: async () => ({ url: '/admin/projections/enforcement_violations/quarantine/retry', payload: {} }),
    },

    // registry: equipment
    'POST /equipment': {
      as: userA,
      fresh: async () => ({
        url: '/equipment',
        payload: {
          registrationCode: next('EL'),
          category: 'elevator',
          region: '330106',
          location: 'No. 1 Wenyi Rd',
          attributes: { subtype: 'traction' },
          putIntoServiceDate: '2026-01-10',
          registeredOn: '2026-01-20',
          lastInspection: { date: '2026-01-15', reportNumber: 'R-0' },
        },
      }),
    },
    'POST /equipment-registrations': {
      as: userA,
      fresh: async () => ({
        url: '/equipment-registrations',
        payload: { ...applicationBody(), applicationId: next('APP') },
      }),
    },
    'POST /equipment-registrations/:applicationId/accept': {
      as: enfCounty,
      fresh: async () => ({
        url: `/equipment-registrations/${await applied()}/accept`,
        payload: { registrationCode: next('EL'), certificateNumber: next('梯11浙A'), acceptedOn: '2026-02-10' },
      }),
    },
    'POST /equipment-registrations/:applicationId/refuse': {
      as: enfCounty,
      fresh: async () => ({
        url: `/equipment-registrations/${await applied()}/refuse`,
        payload: { reason: 'no inspection report', refusedOn: '2026-02-10' },
      }),
    },
    'POST /equipment/:code/transfer': {
      as: userA,
      fresh: async () => ({
        url: `/equipment/${await equipment()}/transfer`,
        payload: {
          toOrganisationId: userB.organisationId,
          toRegion: '330106',
          location: 'No. 9 Rd',
          offeredOn: '2026-05-01',
        },
      }),
    },
    'POST /equipment/:code/transfer/accept': {
      as: userB,
      fresh: async () => ({
        url: `/equipment/${await offered()}/transfer/accept`,
        payload: { acceptedOn: '2026-05-20' },
      }),
    },
    'POST /equipment/:code/transfer/decline': {
      as: userB,
      fresh: async () => ({
        url: `/equipment/${await offered()}/transfer/decline`,
        payload: { declinedOn: '2026-05-20' },
      }),
    },
    'POST /equipment/:code/transfer/withdraw': {
      as: userA,
      fresh: async () => ({
        url: `/equipment/${await offered()}/transfer/withdraw`,
        payload: { withdrawnOn: '2026-05-20' },
      }),
    },
    'POST /equipment/:code/suspend': {
      as: userA,
      fresh: async () => ({
        url: `/equipment/${await equipment()}/suspend`,
        payload: { reason: 'repairs', suspendedOn: '2026-05-01' },
      }),
    },
    'POST /equipment/:code/resume': {
      as: userA,
      fresh: async () => {
        const code = await equipment()
        await ok(userA, `/equipment/${code}/suspend`, { reason: 'repairs', suspendedOn: '2026-05-01' })
        return { url: `/equipment/${code}/resume`, payload: { resumedOn: '2026-05-20' } }
      },
    },
    'POST /equipment/:code/cancel': {
      as: userA,
      fresh: async () => ({
        url: `/equipment/${await equipment()}/cancel`,
        payload: { reason: 'scrapped', cancelledOn: '2026-05-01' },
      }),
    },
    'POST /equipment/:code/periodic-inspection-declarations': {
      as: userA,
      fresh: async () => {
        const code = await equipment()
        await ok(agencyA, `/equipment/${code}/inspection-results`, inspection())
        return { url: `/equipment/${code}/periodic-inspection-declarations`, payload: {} }
      },
    },
    'POST /equipment/:code/inspection-results': {
      as: agencyA,
      fresh: async () => ({ url: `/equipment/${await equipment()}/inspection-results`, payload: inspection() }),
    },

    // registry: pipelines
    'POST /pipelines/construction-notifications': {
      as: installerA,
      fresh: async () => ({ url: '/pipelines/construction-notifications', payload: notification() }),
    },
    'POST /pipelines/:pipelineId/construction-started': {
      as: installerA,
      fresh: async () => ({
        url: `/pipelines/${await pipeline()}/construction-started`,
        payload: { startedOn: '2026-03-02', location: 'Wenyi Rd' },
      }),
    },
    'POST /pipelines/:pipelineId/installation-inspection-declarations': {
      as: installerA,
      fresh: async () => ({
        url: `/pipelines/${await pipeline()}/installation-inspection-declarations`,
        payload: { declaredOn: '2026-04-01', agencyId: agencyA.organisationId },
      }),
    },
    'POST /pipelines/:pipelineId/in-use-records': {
      as: userA,
      fresh: async () => ({
        url: `/pipelines/${await pipeline()}/in-use-records`,
        payload: {
          record: { name: 'Wenyi Rd main', pressure: 0.4 },
          recordedOn: '2026-05-01',
          putIntoServiceDate: '2026-04-20',
          safetyGrade: 2,
        },
      }),
    },
    'POST /pipelines/:pipelineId/periodic-inspection-declarations': {
      as: userA,
      fresh: async () => {
        const id = await pipelineInUse()
        await ok(agencyA, `/pipelines/${id}/inspection-results`, inspection())
        return { url: `/pipelines/${id}/periodic-inspection-declarations`, payload: {} }
      },
    },
    'POST /pipelines/:pipelineId/inspection-results': {
      as: agencyA,
      fresh: async () => ({ url: `/pipelines/${await pipelineInUse()}/inspection-results`, payload: inspection() }),
    },

    // registry: field findings, import
    'POST /field-findings/equipment-in-use': {
      as: enfCity,
      fresh: async () => ({
        url: '/field-findings/equipment-in-use',
        payload: {
          ...finding,
          findingId: next('FIND'),
          category: 'boiler',
          registrationCode: 'EL-UNKNOWN',
          usingOrganisationId: userA.organisationId,
          manufacturer: 'Boiler Works',
          serialNumber: 'BW-1',
          plate: 'WNS2-1.25-Q 2019',
          photoReference: 'IMG_0001.jpg',
        },
      }),
    },
    'POST /field-findings/:findingId/registration-link': {
      as: enfCity,
      fresh: async () => {
        const findingId = next('FIND')
        await ok(enfCity, '/field-findings/equipment-in-use', { ...finding, findingId, category: 'boiler' })
        return {
          url: `/field-findings/${findingId}/registration-link`,
          payload: { registrationCode: await equipment(), linkedOn: '2026-05-31' },
        }
      },
    },
    'POST /field-findings/operations': {
      as: enfCity,
      fresh: async () => ({
        url: '/field-findings/operations',
        payload: {
          ...finding,
          findingId: next('FIND'),
          performedAt: '2026-05-30T02:00:00Z',
          operatorPersonId: 'op-x',
          workCategory: 'P',
          organisationId: stationA.organisationId,
          registrationCode: 'EL-UNKNOWN',
        },
      }),
    },
    'POST /field-findings/pipelines-under-construction': {
      as: enfCity,
      fresh: async () => ({
        url: '/field-findings/pipelines-under-construction',
        payload: {
          pipelineId: next('GP'),
          region: '330106',
          location: 'Wenyi Rd',
          startedOn: '2026-05-01',
          foundOn: '2026-05-30',
          organisationId: userA.organisationId,
          installerId: installerA.organisationId,
        },
      }),
    },
    'POST /field-findings/pipelines-in-use': {
      as: enfCity,
      fresh: async () => ({
        url: '/field-findings/pipelines-in-use',
        payload: {
          findingId: next('FIND'),
          pipelineId: next('GP'),
          region: '330106',
          location: 'Wenyi Rd',
          foundOn: '2026-05-30',
          organisationId: userA.organisationId,
          installerId: installerA.organisationId,
          description: 'in use, never recorded',
        },
      }),
    },
    'POST /pipelines/:pipelineId/parties': {
      as: enfCity,
      fresh: async () => {
        const id = next('GP')
        await ok(enfCity, '/field-findings/pipelines-in-use', {
          pipelineId: id,
          region: '330106',
          location: 'Wenyi Rd',
          foundOn: '2026-05-30',
        })
        return {
          url: `/pipelines/${id}/parties`,
          payload: {
            organisationId: userA.organisationId,
            installerId: installerA.organisationId,
            namedOn: '2026-05-31',
          },
        }
      },
    },
    'POST /imports/:kind': {
      as: userA,
      fresh: async () => ({
        url: '/imports/equipment?dryRun=false',
        csv: true,
        payload: `registrationCode,category,region,location,putIntoServiceDate,registeredOn\n${next('EL')},elevator,330106,Rd,2026-01-10,2026-01-20\n`,
      }),
    },

    // cylinders
    'POST /cylinders': {
      as: stationA,
      fresh: async () => ({
        url: '/cylinders',
        payload: {
          cylinderCode: next('CYL'),
          cylinderType: 'lpg_welded_steel',
          gas: 'LPG',
          manufacturer: 'Works',
          serialNumber: 'S-1',
          manufactureDate: '2024-03-01',
          ownerOrganisationId: stationA.organisationId,
          lastInspectionDate: '2025-03-01',
          registeredOn: '2026-05-01',
          occurredAt: '2026-05-01T02:00:00Z',
        },
      }),
    },
    'POST /cylinders/:code/entrustments': {
      as: userA,
      fresh: async () => ({
        url: `/cylinders/${await cylinder({ ownerOrganisationId: userA.organisationId })}/entrustments`,
        payload: {
          stationId: stationB.organisationId,
          entrustedFrom: '2026-06-01',
          entrustedUntil: '2027-05-01',
          contractNo: 'C-1',
        },
      }),
    },
    'POST /cylinders/:code/entrustments/end': {
      as: stationB,
      fresh: async () => {
        const code = await cylinder({ ownerOrganisationId: userA.organisationId })
        await ok(userA, `/cylinders/${code}/entrustments`, {
          stationId: stationB.organisationId,
          entrustedFrom: '2026-06-01',
        })
        return { url: `/cylinders/${code}/entrustments/end`, payload: { endedOn: '2026-06-01' } }
      },
    },
    'POST /cylinders/:code/inspections': {
      as: agencyA,
      fresh: async () => ({
        url: `/cylinders/${await cylinder()}/inspections`,
        payload: { inspectionDate: '2026-05-20', result: 'pass', reportNo: next('R'), findings: 'none' },
      }),
    },
    'POST /cylinders/:code/scrap': {
      as: enfCounty,
      fresh: async () => ({
        url: `/cylinders/${await cylinder()}/scrap`,
        payload: { scrappedOn: '2026-05-30', reason: 'dented', evidence: 'ZF-1' },
      }),
    },
    'POST /cylinders/:code/refurbished': {
      as: enfCounty,
      fresh: async () => ({
        url: `/cylinders/${await cylinder()}/refurbished`,
        payload: { markedOn: '2026-05-30', evidence: 'photo P-1' },
      }),
    },
    'POST /fill-checks': {
      as: stationA,
      fresh: async () => ({
        url: '/fill-checks',
        payload: { cylinderCode: fillCylinder, operatorId: 'op-main', checkId: randomUUID() },
      }),
    },
    'POST /fills': { as: stationA, fresh: async () => ({ url: '/fills', payload: fill() }) },
    'POST /fills/batch': {
      as: stationA,
      fresh: async () => ({ url: '/fills/batch', payload: { fills: [fill()] } }),
      // Each entry is a fill, validated one by one by the route.
      deep: requestFields(FillBody).map((field) => ({ ...field, path: ['fills', 0, ...field.path] })),
    },

    'POST /imports/cylinders': {
      as: stationA,
      fresh: async () => ({
        url: '/imports/cylinders?dryRun=false',
        csv: true,
        payload: `cylinderCode,cylinderType,gas,manufacturer,manufactureDate,registeredOn\n${next('CYL')},lpg_welded_steel,LPG,Works,2024-03-01,2026-05-01\n`,
      }),
    },
    'POST /imports/operator-certificates': {
      as: enfCounty,
      fresh: async () => {
        const person = next('op-imp')
        return {
          url: '/imports/operator-certificates?dryRun=false',
          csv: true,
          payload: `personId,name,certificateNo,categories,validFrom,validUntil\n${person},${person},P-${person},P,2026-01-01,2029-12-31\n`,
        }
      },
    },

    // operators
    'POST /operators/certificates': {
      as: enfCounty,
      fresh: async () => ({ url: '/operators/certificates', payload: certificate() }),
    },
    'POST /operators/:personId/certificates/:certificateNo/suspend': {
      as: enfCity,
      fresh: async () => ({
        url: `${await operator()}/suspend`,
        payload: { suspendedFrom: '2026-05-01', suspendedUntil: '2026-08-01', reason: 'review' },
      }),
    },
    'POST /operators/:personId/certificates/:certificateNo/reinstate': {
      as: enfCity,
      fresh: async () => {
        const url = await operator()
        await ok(enfCity, `${url}/suspend`, { suspendedFrom: '2026-05-01', reason: 'review' })
        return { url: `${url}/reinstate`, payload: { reinstatedOn: '2026-05-20' } }
      },
    },
    'POST /operators/:personId/certificates/:certificateNo/revoke': {
      as: enfCity,
      fresh: async () => ({ url: `${await operator()}/revoke`, payload: { revokedOn: '2026-05-20', reason: 'fraud' } }),
    },
    'POST /operators/:personId/certificates/:certificateNo/renew': {
      as: enfCity,
      fresh: async () => ({
        url: `${await operator()}/renew`,
        payload: { renewedOn: '2026-05-20', validFrom: '2029-12-31', validUntil: '2033-12-31', categories: ['P'] },
      }),
    },

    // appliances
    'POST /appliance-certificates': {
      as: certA,
      fresh: async () => ({ url: '/appliance-certificates', payload: appliance() }),
    },
    'POST /appliance-certificates/:certificateNo/failures': {
      as: certA,
      fresh: async () => ({
        url: `/appliance-certificates/${await applianceCertificate()}/failures`,
        payload: { failure: 'revoked', effectiveFrom: '2026-05-20', reason: 'non-conforming' },
      }),
    },
    'POST /appliance-certificates/:certificateNo/reinstatement': {
      as: certA,
      fresh: async () => {
        const no = await applianceCertificate()
        await ok(certA, `/appliance-certificates/${no}/failures`, {
          failure: 'suspended',
          effectiveFrom: '2026-05-01',
          reason: 'audit',
        })
        return { url: `/appliance-certificates/${no}/reinstatement`, payload: { effectiveFrom: '2026-05-20' } }
      },
    },
    'POST /appliance-production': {
      as: makerA,
      fresh: async () => ({
        url: '/appliance-production',
        payload: {
          recordId: randomUUID(),
          modelNo: 'JZT-1',
          category: 'gas_stove',
          certificateNo: 'CCC-MAIN',
          producedOn: '2026-05-01',
          quantity: 10,
        },
      }),
    },
    'POST /appliance-sales': {
      as: sellerA,
      fresh: async () => ({
        url: '/appliance-sales',
        payload: {
          recordId: randomUUID(),
          manufacturerId: makerA.organisationId,
          modelNo: 'JZT-1',
          category: 'gas_stove',
          certificateNo: 'CCC-MAIN',
          soldOn: '2026-05-02',
          quantity: 2,
        },
      }),
    },
    'POST /appliance-spot-checks': {
      as: enfCounty,
      fresh: async () => ({
        url: '/appliance-spot-checks',
        payload: {
          checkId: randomUUID(),
          category: 'gas_stove',
          manufacturerId: makerA.organisationId,
          modelNo: 'JZT-1',
          sampledFromOrganisationId: sellerA.organisationId,
          sampledOn: '2026-05-10',
          result: 'pass',
          items: [{ item: 'flame-out protection', result: 'pass', note: 'ok' }],
          regionCode: '330106',
        },
      }),
    },
  }

  // --- Every write route has a case, every case a route ------------------------------------
  const writes = app.kitRoutes.filter((route) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method))
  const keys = new Set(writes.map((route) => `${route.method} ${route.url}`))
  t.same(
    [...keys].filter((key) => !(key in cases)),
    [],
    'every write route has a valid example in test/fuzzEveryRoute.ts',
  )
  t.same(
    Object.keys(cases).filter((key) => !keys.has(key)),
    [],
    'every case names a write route that exists',
  )
  t.comment(`${db.name}: seeded in ${Date.now() - started} ms`)

  // --- The mutations ---------------------------------------------------------------------------
  const plan = writes
    .filter((route) => `${route.method} ${route.url}` in cases)
    .map((route) => {
      const key = `${route.method} ${route.url}`
      const c = cases[key]!
      const mutations = [
        ...headerMutations(),
        ...paramMutations(route.url),
        ...queryMutations(requestFields(route.schema?.querystring)),
        ...bodyMutations([...requestFields(route.schema?.body), ...(c.deep ?? [])]),
      ]
      return { key, method: route.method, c, mutations }
    })

  const run = async (t: Test, dateCases: boolean) => {
    let sent = 0
    for (const { key, method, c, mutations } of plan) {
      const selected = mutations.filter((m) => m.date === dateCases)
      if (selected.length === 0) continue
      await t.test(key, async (t) => {
        let call = await c.fresh()
        const valid = await inject(
          method,
          c.as,
          call.url,
          call.payload === undefined ? undefined : call.csv ? (call.payload as string) : JSON.stringify(call.payload),
          call.csv,
        )
        t.ok(valid.statusCode < 300, `the valid example is accepted: ${valid.statusCode} ${valid.body.slice(0, 200)}`)
        call = await c.fresh()
        const wrong: string[] = []
        for (const m of selected) {
          const request = m.apply(call)
          if (!request) continue
          const res = await inject(method, c.as, request.url, request.body, call.csv, request.headers)
          sent++
          const label = `${m.where} ${m.field} = ${m.what}`
          // Accepted (or failed, leaving the state unknown): the next mutation starts from a fresh valid request.
          if (res.statusCode < 300 || res.statusCode >= 500) call = await c.fresh()
          if (res.statusCode < 300) continue
          const problem = /^application\/problem\+json/.test(String(res.headers['content-type']))
          const errors = problem ? ((res.json() as { errors?: { field: string }[] }).errors ?? []) : []
          const names = errors.some(
            (e) =>
              e.field === m.field ||
              (m.where === 'headers' && e.field.toLowerCase() === m.field) ||
              e.field.startsWith(`${m.field}.`) ||
              (m.where === 'params' && e.field === '(path)'),
          )
          if (res.statusCode >= 500 || !problem || !names) {
            const type = problem ? String((res.json() as { type?: string }).type).replace('urn:gsr:problem:', '') : ''
            const named = errors.map((e) => e.field).join(',')
            wrong.push(`${label}: ${res.statusCode} ${problem ? `${type} [${named}]` : res.body.slice(0, 120)}`)
          }
        }
        t.same(
          wrong,
          [],
          `every mutation refused naming its field, or accepted; never 5xx (${selected.length} mutations)`,
        )
      })
    }
    await waitUntilReadable(db.client)
    let failure: unknown
    await system.runner?.catchUp({ maxAttempts: 2 }).catch((error: unknown) => (failure = error))
    // Nothing quarantined or failing, as the administrators' projection list shows it.
    const projections = await inject('GET', admin, '/admin/projections')
    const stuck = (
      projections.json() as { items: { name: string; quarantinedEvents: number; consecutiveFailures: number }[] }
    ).items
      .filter((p) => p.quarantinedEvents > 0 || p.consecutiveFailures > 0)
      .map((p) => `${p.name}: ${p.quarantinedEvents} quarantined, ${p.consecutiveFailures} failures`)
    if (stuck.length > 0) failure ??= new Error(stuck.join('; '))
    return { sent, failure }
  }

  /**
   * Reads: every list route (no path parameter) with hostile query strings; a query reaches SQL
   * as well. The caller is the first of these for whom the unmutated query answers 2xx, with
   * the filters a route requires.
   */
  const readCallers = [enfCity, admin, stationA, userA, makerA]
  const readQueries: Record<string, string> = {
    '/fills': `date=2026-06-01&stationId=${stationA.organisationId}`,
    '/fills/daily': `from=2026-05-01&to=2026-06-30&stationId=${stationA.organisationId}`,
    '/enforcement/complaint-subjects': 'from=2026-05-01&to=2026-05-31',
  }
  const reads = app.kitRoutes.filter(
    (route) => route.method === 'GET' && route.auth !== 'public' && !route.url.includes(':'),
  )
  const runReads = async (t: Test, dateCases: boolean) => {
    let sent = 0
    for (const route of reads) {
      const mutations = queryMutations(requestFields(route.schema?.querystring)).filter((m) => m.date === dateCases)
      if (mutations.length === 0) continue
      await t.test(`GET ${route.url}`, async (t) => {
        const call: Call = { url: route.url + (readQueries[route.url] ? `?${readQueries[route.url]}` : '') }
        let as: TestCredential | undefined
        for (const who of readCallers) {
          if ((await inject('GET', who, call.url)).statusCode < 300) {
            as = who
            break
          }
        }
        if (!as)
          return void t.fail(`no caller gets 2xx from GET ${call.url}: give the route its filters in readQueries`)
        const wrong: string[] = []
        for (const m of mutations) {
          const url = m.apply(call)!.url
          const res = await inject('GET', as, url)
          sent++
          if (res.statusCode < 300) continue
          const problem = /^application\/problem\+json/.test(String(res.headers['content-type']))
          const errors = problem ? ((res.json() as { errors?: { field: string }[] }).errors ?? []) : []
          if (res.statusCode >= 500 || !problem || !errors.some((e) => e.field === m.field)) {
            const type = problem ? String((res.json() as { type?: string }).type).replace('urn:gsr:problem:', '') : ''
            wrong.push(
              `querystring ${m.field} = ${m.what}: ${res.statusCode} ${type} [${errors.map((e) => e.field).join(',')}]`,
            )
          }
        }
        t.same(wrong, [], `every hostile query refused naming its field, or answered; never 5xx (${mutations.length})`)
      })
    }
    return sent
  }

  const phase1 = Date.now()
  if (phases.includes('writes'))
    await t.test('NUL, lone surrogates, huge strings, arrays, records, path parameters and headers', async (t) => {
      const { sent, failure } = await run(t, false)
      t.equal(failure, undefined, `every projection caught up, nothing failing or quarantined: ${String(failure)}`)
      t.comment(`${db.name}: ${sent} mutations in ${Date.now() - phase1} ms`)
    })
  const phase2 = Date.now()
  if (phases.includes('dates'))
    await t.test('boundary and impossible dates and instants', async (t) => {
      const { sent, failure } = await run(t, true)
      t.equal(failure, undefined, `every projection caught up, nothing failing or quarantined: ${String(failure)}`)
      t.comment(`${db.name}: ${sent} mutations in ${Date.now() - phase2} ms`)
    })
  const phase3 = Date.now()
  if (phases.includes('reads'))
    await t.test('reads: hostile query strings on every list route', async (t) => {
      const sent = await runReads(t, false)
      const sentDates = await runReads(t, true)
      t.comment(`${db.name}: ${sent + sentDates} read mutations in ${Date.now() - phase3} ms`)
    })
  t.comment(`${db.name}: ${requests} requests in ${Date.now() - started} ms`)
}
