import t from 'tap'
import type { EquipmentEvent } from '@gsr/events/equipment'
import { equipmentCatalogue } from '@gsr/events/equipment'
import { organisationActor } from '../Actor.ts'
import { givenWhen, refusal } from '../testing/deciderSpec.ts'
import { equipmentDecider, type EquipmentCommand } from './equipmentDecider.ts'

const given = givenWhen(equipmentDecider, equipmentCatalogue)

const register = (overrides: Partial<Extract<EquipmentCommand, { type: 'RegisterEquipment' }>['data']> = {}) =>
  ({
    type: 'RegisterEquipment',
    data: {
      registrationCode: 'EL-330106-0001',
      category: 'elevator',
      organisationId: 'org-user-1',
      region: '330106',
      location: '1 West Lake Rd',
      attributes: {},
      putIntoServiceDate: '2026-01-10',
      registeredOn: '2026-01-20',
      ...overrides,
    },
  }) satisfies EquipmentCommand

const registered = () => given([]).when(register())
const user1 = organisationActor('org-user-1', 'equipment_user', '330106')
const user2 = organisationActor('org-user-2', 'equipment_user', '330100')

t.test('registering: on time, first inspection from the interval table', async (t) => {
  const [event] = registered()
  t.equal(event?.type, 'EquipmentRegistered')
  if (event?.type !== 'EquipmentRegistered') return
  t.equal(event.data.late, false)
  t.equal(event.data.registrationDeadline, '2026-02-09')
  t.equal(event.data.nextInspectionDue, '2027-01-10', 'elevator: yearly')
  t.same(event.data.registrationDeadlineRule, { name: 'registrationDeadline', version: '2022.1' })
  t.same(event.data.nextInspectionDueRule, { name: 'inspectionIntervals', version: '2026.1' })
})

t.test('registering after the deadline is recorded as late', async (t) => {
  const [event] = given([]).when(register({ registeredOn: '2026-02-10' }))
  t.equal(event?.type === 'EquipmentRegistered' && event.data.late, true)
})

t.test('intervals by category, grade and subtype', async (t) => {
  const due = (data: Parameters<typeof register>[0]) => {
    const [e] = given([]).when(register(data))
    return e?.type === 'EquipmentRegistered' ? e.data.nextInspectionDue : undefined
  }
  t.equal(due({ category: 'pressure_vessel', attributes: { safetyGrade: 2 } }), '2029-01-10', 'first within 3 years')
  t.equal(due({ category: 'lifting_machinery', attributes: {} }), '2028-01-10', 'cranes every 2 years')
  t.equal(due({ category: 'lifting_machinery', attributes: { subtype: 'tower_crane' } }), '2027-01-10')
  const bureau = organisationActor('bureau', 'administrator', '000000')
  t.equal(
    due({ nextInspectionDue: { date: '2026-06-30', assertedBy: bureau } }),
    '2026-06-30',
    'an authority’s register wins',
  )
  t.same(
    refusal(() => given([]).when(register({ category: 'pressure_vessel', attributes: { safetyGrade: 5 } }))),
    {
      code: 'safety-grade-not-usable',
      fields: ['safetyGrade'],
    },
  )
})

t.test('due dates follow from the rules: a user states its last inspection, never the due date', async (t) => {
  t.same(
    refusal(() => given([]).when(register({ nextInspectionDue: { date: '2099-12-31', assertedBy: user1 } }))),
    { code: 'due-date-from-rules', fields: ['nextInspectionDue'] },
  )
  const [stated] = given([]).when(
    register({
      putIntoServiceDate: '2020-01-10',
      registeredOn: '2026-01-20',
      lastInspection: { date: '2025-12-01', reportNumber: 'DT-9' },
    }),
  )
  t.match(stated, {
    type: 'EquipmentRegistered',
    data: {
      nextInspectionDue: '2026-12-01',
      nextInspectionDueRule: { name: 'inspectionIntervals' },
      statedLastInspection: { date: '2025-12-01', reportNumber: 'DT-9' },
    },
  })
  t.equal(
    refusal(() => given([]).when(register({ lastInspection: { date: '2026-01-21', reportNumber: 'X' } }))).code,
    'last-inspection-out-of-range',
  )
})

t.test('a registration code is taken once', async (t) => {
  t.equal(refusal(() => given(registered()).when(register())).code, 'registration-code-taken')
})

t.test('unknown equipment is refused', async (t) => {
  t.equal(
    refusal(() =>
      given([]).when({
        type: 'SuspendEquipment',
        data: { byOrganisationId: 'x', suspendedOn: '2026-02-01', reason: 'r' },
      }),
    ).code,
    'equipment-not-found',
  )
})

const recipientOf = (actor: ReturnType<typeof organisationActor>) => ({
  organisationId: actor.organisationId,
  organisationKind: actor.organisationKind,
})
const offer = (overrides: Partial<Extract<EquipmentCommand, { type: 'TransferEquipment' }>['data']> = {}) =>
  ({
    type: 'TransferEquipment',
    data: {
      actor: user1,
      toOrganisationId: 'org-user-2',
      recipient: recipientOf(user2),
      toRegion: '330102',
      location: 'new place',
      offeredOn: '2026-03-01',
      ...overrides,
    },
  }) satisfies EquipmentCommand

t.test('transfer: offered by the owner, moves only when the recipient accepts', async (t) => {
  const history = registered()
  const offered = [...history, ...given(history).when(offer())]
  t.match(offered.at(-1), { type: 'EquipmentTransferOffered', data: { organisationId: 'org-user-1' } })
  t.match(
    given(offered).when({
      type: 'SuspendEquipment',
      data: { byOrganisationId: 'org-user-1', suspendedOn: '2026-03-01', reason: 'r' },
    }),
    [{ data: { organisationId: 'org-user-1', region: '330106' } }],
    'until accepted, nothing moves: the owner still acts',
  )
  t.equal(refusal(() => given(offered).when(offer())).code, 'transfer-pending')
  const stranger = organisationActor('org-user-3', 'equipment_user', '330106')
  t.equal(
    refusal(() =>
      given(offered).when({ type: 'AcceptEquipmentTransfer', data: { actor: stranger, acceptedOn: '2026-03-02' } }),
    ).code,
    'not-the-recipient',
  )
  t.equal(
    refusal(() =>
      given(offered).when({ type: 'AcceptEquipmentTransfer', data: { actor: user2, acceptedOn: '2026-02-28' } }),
    ).code,
    'answered-before-offer',
  )
  t.equal(
    refusal(() =>
      given(offered).when({ type: 'WithdrawEquipmentTransfer', data: { actor: user2, withdrawnOn: '2026-03-02' } }),
    ).code,
    'not-your-record',
    'only the owner withdraws',
  )
  const accepted = given(offered).when({
    type: 'AcceptEquipmentTransfer',
    data: { actor: user2, acceptedOn: '2026-03-02' },
  })
  t.match(accepted, [
    {
      type: 'EquipmentTransferred',
      data: {
        fromOrganisationId: 'org-user-1',
        toOrganisationId: 'org-user-2',
        toRegion: '330102',
        transferredOn: '2026-03-02',
      },
    },
  ])
  const after = [...offered, ...accepted]
  t.equal(
    refusal(() =>
      given(after).when({
        type: 'SuspendEquipment',
        data: { byOrganisationId: 'org-user-1', suspendedOn: '2026-03-02', reason: 'r' },
      }),
    ).code,
    'not-your-record',
  )
  t.match(
    given(after).when({
      type: 'SuspendEquipment',
      data: { byOrganisationId: 'org-user-2', suspendedOn: '2026-03-02', reason: 'repairs' },
    }),
    [{ type: 'EquipmentSuspended', data: { organisationId: 'org-user-2', region: '330102' } }],
  )
  t.equal(
    refusal(() =>
      given(after).when({ type: 'AcceptEquipmentTransfer', data: { actor: user2, acceptedOn: '2026-03-03' } }),
    ).code,
    'no-pending-transfer',
    'an offer is accepted once',
  )
})

t.test('transfer: declined or withdrawn, nothing moves and a new offer may follow', async (t) => {
  const offered = [...registered(), ...given(registered()).when(offer())]
  const declined = given(offered).when({
    type: 'DeclineEquipmentTransfer',
    data: { actor: user2, declinedOn: '2026-03-02' },
  })
  t.match(declined, [
    { type: 'EquipmentTransferDeclined', data: { organisationId: 'org-user-1', toOrganisationId: 'org-user-2' } },
  ])
  const afterDecline = [...offered, ...declined]
  t.equal(
    refusal(() =>
      given(afterDecline).when({ type: 'AcceptEquipmentTransfer', data: { actor: user2, acceptedOn: '2026-03-03' } }),
    ).code,
    'no-pending-transfer',
  )
  const again = [...afterDecline, ...given(afterDecline).when(offer({ offeredOn: '2026-03-03' }))]
  const withdrawn = given(again).when({
    type: 'WithdrawEquipmentTransfer',
    data: { actor: user1, withdrawnOn: '2026-03-04' },
  })
  t.match(withdrawn, [{ type: 'EquipmentTransferWithdrawn' }])
  t.equal(
    refusal(() =>
      given([...again, ...withdrawn]).when({
        type: 'AcceptEquipmentTransfer',
        data: { actor: user2, acceptedOn: '2026-03-05' },
      }),
    ).code,
    'no-pending-transfer',
  )
})

t.test('transfer: the recipient exists and can use equipment, wherever it is seated', async (t) => {
  const h = registered()
  t.equal(refusal(() => given(h).when(offer({ recipient: undefined }))).code, 'recipient-not-found')
  const agency = organisationActor('org-user-2', 'inspection_agency', '110000')
  t.equal(
    refusal(() => given(h).when(offer({ recipient: recipientOf(agency) }))).code,
    'recipient-cannot-use-equipment',
  )
  // Equipment stands where it stands: a recipient seated in 330100 takes it over in Nanjing.
  t.match(given(h).when(offer({ toRegion: '320102' })), [
    { type: 'EquipmentTransferOffered', data: { toOrganisationId: 'org-user-2', toRegion: '320102' } },
  ])
  t.equal(
    refusal(() => given(h).when(offer({ toOrganisationId: 'org-user-1', recipient: recipientOf(user1) }))).code,
    'transfer-to-self',
  )
  const stranger = organisationActor('org-user-3', 'equipment_user', '330106')
  t.equal(refusal(() => given(h).when(offer({ actor: stranger }))).code, 'not-your-record')
  const installer = organisationActor('org-user-1', 'installer', '330106')
  t.equal(refusal(() => given(h).when(offer({ actor: installer }))).code, 'not-allowed-for-kind')
})

t.test('a transfer recorded by the owner alone (v1 logs) still moves the equipment', async (t) => {
  const history = registered()
  const legacy: EquipmentEvent = {
    type: 'EquipmentTransferred',
    data: {
      registrationCode: 'EL-330106-0001',
      category: 'elevator',
      fromOrganisationId: 'org-user-1',
      fromRegion: '330106',
      toOrganisationId: 'org-user-2',
      toRegion: '330102',
      location: 'new place',
      transferredOn: '2026-03-01',
    },
  }
  t.equal(refusal(() => given([...history, legacy]).when(offer())).code, 'not-your-record')
})

t.test('suspend, resume, cancel; nothing after cancel', async (t) => {
  let history = registered()
  const by = { byOrganisationId: 'org-user-1' }
  t.equal(
    refusal(() => given(history).when({ type: 'ResumeEquipment', data: { ...by, resumedOn: '2026-02-01' } })).code,
    'not-suspended',
  )
  history = [
    ...history,
    ...given(history).when({ type: 'SuspendEquipment', data: { ...by, suspendedOn: '2026-02-01', reason: 'r' } }),
  ]
  t.equal(
    refusal(() =>
      given(history).when({ type: 'SuspendEquipment', data: { ...by, suspendedOn: '2026-02-02', reason: 'r' } }),
    ).code,
    'already-suspended',
  )
  history = [...history, ...given(history).when({ type: 'ResumeEquipment', data: { ...by, resumedOn: '2026-02-03' } })]
  history = [
    ...history,
    ...given(history).when({ type: 'CancelEquipment', data: { ...by, cancelledOn: '2026-02-04', reason: 'scrapped' } }),
  ]
  t.equal(history.at(-1)?.type, 'EquipmentCancelled')
  t.equal(
    refusal(() => given(history).when({ type: 'ResumeEquipment', data: { ...by, resumedOn: '2026-02-05' } })).code,
    'equipment-cancelled',
  )
})

t.test('no lifecycle fact is dated before the registration (registered 2026-01-20)', async (t) => {
  const history = registered()
  const by = { byOrganisationId: 'org-user-1' }
  const before = (command: EquipmentCommand) => refusal(() => given(history).when(command))
  t.match(before(offer({ offeredOn: '2001-01-01' })), { code: 'dated-before-registration', fields: ['offeredOn'] })
  t.match(before({ type: 'SuspendEquipment', data: { ...by, suspendedOn: '2026-01-19', reason: 'r' } }), {
    code: 'dated-before-registration',
    fields: ['suspendedOn'],
  })
  t.match(before({ type: 'CancelEquipment', data: { ...by, cancelledOn: '2024-01-01', reason: 'scrapped' } }), {
    code: 'dated-before-registration',
    fields: ['cancelledOn'],
  })
  const suspended = [
    ...history,
    ...given(history).when({ type: 'SuspendEquipment', data: { ...by, suspendedOn: '2026-01-20', reason: 'r' } }),
  ]
  t.match(
    refusal(() => given(suspended).when({ type: 'ResumeEquipment', data: { ...by, resumedOn: '2026-01-01' } })),
    {
      code: 'dated-before-registration',
    },
  )
})

const agency = organisationActor('org-agency', 'inspection_agency', '330000', ['330000'])
const otherAgency = organisationActor('org-agency-2', 'inspection_agency', '330000', ['330000'])
const result = (overrides: Partial<Extract<EquipmentCommand, { type: 'RecordInspectionResult' }>['data']> = {}) =>
  ({
    type: 'RecordInspectionResult',
    data: {
      actor: agency,
      kind: 'periodic',
      conclusion: 'pass',
      reportNumber: 'R-1',
      inspectors: ['Zhang San'],
      inspectionDate: '2026-12-20',
      ...overrides,
    },
  }) satisfies EquipmentCommand

t.test('inspection results: pass moves the due date within the interval, fail does not', async (t) => {
  const history = registered()
  t.match(given(history).when(result()), [
    { data: { nextDueDate: '2027-12-20', intervalRule: { name: 'inspectionIntervals' } } },
  ])
  t.match(given(history).when(result({ nextDueDate: '2027-06-01' })), [{ data: { nextDueDate: '2027-06-01' } }])
  t.same(
    refusal(() => given(history).when(result({ nextDueDate: '2028-01-01' }))),
    {
      code: 'next-due-outside-interval',
      fields: ['nextDueDate'],
    },
  )
  const failed = given(history).when(result({ conclusion: 'fail' }))
  t.equal(failed[0]?.type === 'InspectionResultRecorded' && failed[0].data.nextDueDate, undefined)
  const state = [...history, ...failed].reduce(equipmentDecider.evolve, equipmentDecider.initialState())
  t.equal(state.nextDueDate, '2027-01-10', 'fail leaves the due date')
  t.same(
    refusal(() => given(history).when(result({ conclusion: 'fail', nextDueDate: '2027-06-01' }))).code,
    'next-due-not-allowed',
  )
})

t.test('an agency writes results only in its accredited regions', async (t) => {
  t.same(
    refusal(() =>
      given(registered()).when(
        result({ actor: organisationActor('org-agency', 'inspection_agency', '320000', ['320000']) }),
      ),
    ),
    {
      code: 'agency-not-accredited-for-region',
      fields: ['region'],
    },
  )
})

const declaredTo = (agencyId: string | undefined, named = agency) =>
  ({
    type: 'DeclarePeriodicInspection',
    data: {
      byOrganisationId: 'org-user-1',
      declaredOn: '2026-11-01',
      agencyId,
      agency: agencyId === undefined ? undefined : named,
    },
  }) satisfies EquipmentCommand

t.test('a result comes from the agency the inspection was declared to', async (t) => {
  const declared = [...registered(), ...given(registered()).when(declaredTo('org-agency'))]
  t.same(
    refusal(() => given(declared).when(result({ actor: otherAgency }))),
    {
      code: 'declared-to-another-agency',
      fields: ['agencyId'],
    },
  )
  t.equal(
    refusal(() => given(declared).when(result({ actor: organisationActor('org-user-1', 'equipment_user', '330106') })))
      .code,
    'not-allowed-for-kind',
  )
  const failed = [...declared, ...given(declared).when(result({ conclusion: 'fail' }))]
  t.equal(
    refusal(() => given(failed).when(result({ actor: otherAgency }))).code,
    'declared-to-another-agency',
    'a fail leaves the inspection with its agency',
  )
  const passed = [...failed, ...given(failed).when(result())]
  t.match(passed.at(-1), { type: 'InspectionResultRecorded', data: { agencyId: 'org-agency' } })
  t.match(
    given(passed).when(result({ actor: otherAgency, inspectionDate: '2027-12-01' })),
    [{ data: { agencyId: 'org-agency-2' } }],
    'a pass closes the declaration',
  )
  const undeclared = [...declared, ...given(declared).when(declaredTo(undefined))]
  t.match(
    given(undeclared).when(result({ actor: otherAgency })),
    [{ data: { agencyId: 'org-agency-2' } }],
    'redeclared without an agency',
  )
})

t.test('an authority records an agency’s result, for the agency it names; nobody else does', async (t) => {
  const declared = [...registered(), ...given(registered()).when(declaredTo('org-agency'))]
  const bureau = organisationActor('bureau', 'administrator', '000000')
  t.match(given(declared).when(result({ actor: bureau, agencyId: 'org-agency', agency })), [
    { data: { agencyId: 'org-agency' } },
  ])
  t.equal(
    refusal(() => given(declared).when(result({ actor: bureau, agencyId: 'org-agency-2', agency: otherAgency }))).code,
    'declared-to-another-agency',
  )
  t.equal(refusal(() => given(declared).when(result({ actor: bureau }))).code, 'agency-not-found')
  const countyTeam = organisationActor('enf-106', 'enforcement', '330106')
  t.match(given(declared).when(result({ actor: countyTeam, agencyId: 'org-agency', agency })), [
    { data: { agencyId: 'org-agency' } },
  ])
  const siblingTeam = organisationActor('enf-108', 'enforcement', '330108')
  t.equal(
    refusal(() => given(declared).when(result({ actor: siblingTeam, agencyId: 'org-agency', agency }))).code,
    'outside-your-region',
  )
  t.equal(refusal(() => given(declared).when(result({ agencyId: 'org-agency-2' }))).code, 'not-your-result')
})

t.test('a declaration names an existing inspection agency accredited for the region', async (t) => {
  t.equal(
    refusal(() =>
      given(registered()).when({
        ...declaredTo('org-nobody'),
        data: { ...declaredTo('org-nobody').data, agency: undefined },
      }),
    ).code,
    'agency-not-found',
  )
  const notAnAgency = organisationActor('org-user-2', 'equipment_user', '330000', ['330000'])
  t.equal(refusal(() => given(registered()).when(declaredTo('org-user-2', notAnAgency))).code, 'agency-not-found')
  const far = organisationActor('org-far', 'inspection_agency', '320000', ['320000'])
  t.equal(refusal(() => given(registered()).when(declaredTo('org-far', far))).code, 'declared-agency-not-accredited')
})

t.test('periodic declaration: in time when a month or more before the due date', async (t) => {
  const history = registered()
  const declare = (declaredOn: string, by = 'org-user-1') =>
    given(history).when({ type: 'DeclarePeriodicInspection', data: { byOrganisationId: by, declaredOn } })
  t.match(declare('2026-12-11'), [{ data: { dueDate: '2027-01-10', inTime: true } }])
  t.match(declare('2026-12-12'), [{ data: { inTime: false } }])
  t.equal(refusal(() => declare('2026-12-01', 'org-other')).code, 'not-your-record')
})

t.test('the interval follows the pipeline grade and the crane subtype (inspectionIntervals 2026.1)', async (t) => {
  const pipeline = (pipelineGrade: string) =>
    given([]).when(
      register({
        registrationCode: `PP-${pipelineGrade}`,
        category: 'pressure_pipeline',
        attributes: { pipelineGrade, safetyGrade: 2 },
      }),
    )
  const gc3 = pipeline('GC3')
  t.match(gc3, [{ data: { nextInspectionDue: '2029-01-10' } }], 'first within 3 years of use')
  t.match(given(gc3).when(result()), [{ data: { nextDueDate: '2035-12-20' } }], 'GC3 at grade 2: 9 years')
  t.match(given(pipeline('GC1')).when(result()), [{ data: { nextDueDate: '2032-12-20' } }], 'GC1 at grade 2: 6 years')
  t.same(
    refusal(() => given(pipeline('GC2')).when(result({ safetyGrade: 4 }))),
    { code: 'safety-grade-not-usable', fields: ['safetyGrade'] },
    'an industrial pipeline at grade 4 must not be used',
  )
  const ladle = given([]).when(
    register({
      registrationCode: 'QZ-LADLE-1',
      category: 'lifting_machinery',
      attributes: { subtype: 'molten_metal_crane' },
    }),
  )
  t.match(ladle, [{ data: { nextInspectionDue: '2027-01-10' } }], 'carrying molten metal: yearly')
  t.match(given(ladle).when(result()), [{ data: { nextDueDate: '2027-12-20' } }])
  const bridge = given([]).when(
    register({
      registrationCode: 'QZ-BRIDGE-1',
      category: 'lifting_machinery',
      attributes: { subtype: 'bridge_crane' },
    }),
  )
  t.match(bridge, [{ data: { nextInspectionDue: '2028-01-10' } }], 'a bridge crane: every 2 years')
})
