import t from 'tap'
import { organisationActor } from '../Actor.ts'
import { cylinderDecider, type CylinderCommand, type CylinderStreamEvent } from './cylinderDecider.ts'
import { prefillCheck } from './prefillCheck.ts'

const given = (events: CylinderStreamEvent[]) => events.reduce(cylinderDecider.evolve, cylinderDecider.initialState())
const when = (events: CylinderStreamEvent[], command: CylinderCommand) => cylinderDecider.decide(command, given(events))

const register: CylinderCommand = {
  type: 'RegisterCylinder',
  data: {
    cylinderCode: 'LPG-0001',
    cylinderType: 'lpg_welded_steel',
    gas: 'LPG',
    manufacturer: 'Zhejiang Cylinder Works',
    manufactureDate: '2020-02-29',
    ownerOrganisationId: 'station-1',
    owner: { organisationId: 'station-1', organisationKind: 'filling_station', region: '330106' },
    stationId: 'station-1',
    regionCode: '330106',
    refurbished: false,
    registeredOn: '2020-03-10',
  },
}
const registered = cylinderDecider.decide(register, cylinderDecider.initialState())

t.test('registration derives the next inspection and the end of design life from cylinderTypeRules', async (t) => {
  t.match(registered, [
    {
      type: 'CylinderRegistered',
      data: {
        nextInspectionDate: '2024-02-29',
        designLifeEndDate: '2028-02-29',
        ruleVersion: 'cylinderTypeRules/2026-2',
      },
    },
  ])
})

t.test('a cylinder is registered to an owner that exists, named by the owner field', async (t) => {
  type Register = Extract<CylinderCommand, { type: 'RegisterCylinder' }>
  const to = (command: Register) => () => cylinderDecider.decide(command, cylinderDecider.initialState())
  const data = (register as Register).data
  t.throws(to({ type: 'RegisterCylinder', data: { ...data, ownerOrganisationId: 'ghost', owner: undefined } }), {
    code: 'owner-not-found',
    fields: ['ownerOrganisationId'],
  })
  t.throws(
    to({ type: 'RegisterCylinder', data: { ...data, ownerOrganisationId: 'ghost' } }),
    { code: 'owner-not-found' },
    'the organisation looked up must be the one named',
  )
  const [event] = to({
    type: 'RegisterCylinder',
    data: {
      ...data,
      ownerOrganisationId: 'customer-1',
      owner: { organisationId: 'customer-1', organisationKind: 'equipment_user', region: '330106' },
    },
  })()
  t.match(event?.data, { ownerOrganisationId: 'customer-1' })
  t.notOk(event && 'owner' in event.data, 'the lookup is not recorded')
})

t.test('a code registers once (一瓶一码)', async (t) => {
  t.throws(() => when([...registered], register), { code: 'cylinder-already-registered' })
})

t.test('registration counts from the last inspection when one is given', async (t) => {
  const events = cylinderDecider.decide(
    { ...register, data: { ...register.data, lastInspectionDate: '2023-05-01' } } as CylinderCommand,
    cylinderDecider.initialState(),
  )
  t.equal((events[0]?.data as { nextInspectionDate: string }).nextInspectionDate, '2027-05-01')
})

t.test('an inspection pass moves the due date; fail does not; scrap scraps', async (t) => {
  const inspect = (result: 'pass' | 'fail' | 'scrap'): CylinderCommand => ({
    type: 'RecordCylinderInspection',
    data: { agencyId: 'agency-1', inspectionDate: '2024-01-15', result, reportNo: 'R-1' },
  })
  const pass = when([...registered], inspect('pass'))
  t.match(pass[0]?.data, { nextInspectionDate: '2028-01-15', ownerOrganisationId: 'station-1', regionCode: '330106' })
  const fail = when([...registered], inspect('fail'))
  t.notOk((fail[0]?.data as { nextInspectionDate?: string }).nextInspectionDate)
  const scrap = when([...registered], inspect('scrap'))
  const state = given([...registered, ...(scrap as CylinderStreamEvent[])])
  t.ok(state.registered && state.scrapped)
  t.throws(() => cylinderDecider.decide(inspect('pass'), state), { code: 'cylinder-scrapped' })
})

const owner = organisationActor('station-1', 'filling_station', '330106')
const station2 = { organisationId: 'station-2', organisationKind: 'filling_station', region: '330106' }
const entrust = (
  data: Partial<Extract<CylinderCommand, { type: 'EntrustCylinder' }>['data']> = {},
): CylinderCommand => ({
  type: 'EntrustCylinder',
  data: {
    actor: owner,
    stationId: 'station-2',
    station: station2,
    entrustedFrom: '2024-01-01',
    recordedOn: '2024-01-01',
    ...data,
  },
})

t.test('entrustment: refused to the owner itself, recorded for another station, ended once', async (t) => {
  t.throws(
    () =>
      when([...registered], entrust({ stationId: 'station-1', station: { ...station2, organisationId: 'station-1' } })),
    { code: 'cylinder-already-owned' },
  )
  const entrusted = when([...registered], entrust())
  t.match(entrusted[0], {
    type: 'CylinderEntrusted',
    data: { ownerOrganisationId: 'station-1', stationId: 'station-2', grantedBy: 'station-1', regionCode: '330106' },
  })
  const end: CylinderCommand = {
    type: 'EndEntrustment',
    data: { stationId: 'station-2', regionCode: '330106', endedOn: '2024-06-01' },
  }
  const ended = when([...registered, ...entrusted], end)
  t.equal(ended[0]?.type, 'CylinderEntrustmentEnded')
  t.throws(() => when([...registered, ...entrusted, ...ended], end), { code: 'cylinder-not-entrusted' })
})

t.test(
  'entrustment: granted by the owner, or an authority of the region with a contract; never back-dated',
  async (t) => {
    const station2Itself = organisationActor('station-2', 'filling_station', '330106')
    t.throws(
      () => when([...registered], entrust({ actor: station2Itself })),
      { code: 'not-the-owner' },
      'a station entrusting itself',
    )
    const county = organisationActor('enf-106', 'enforcement', '330106')
    t.throws(() => when([...registered], entrust({ actor: county })), { code: 'contract-required' })
    t.match(when([...registered], entrust({ actor: county, contractNo: 'WT-2024-7' })), [
      { type: 'CylinderEntrusted', data: { grantedBy: 'enf-106', contractNo: 'WT-2024-7' } },
    ])
    const sibling = organisationActor('enf-108', 'enforcement', '330108')
    t.throws(
      () => when([...registered], entrust({ actor: sibling, contractNo: 'WT-1' })),
      { code: 'not-the-owner' },
      'an authority of another region',
    )
    t.throws(() => when([...registered], entrust({ entrustedFrom: '2023-12-31' })), { code: 'entrustment-backdated' })
    t.throws(() => when([...registered], entrust({ station: undefined })), { code: 'station-not-found' })
    t.throws(() => when([...registered], entrust({ station: { ...station2, organisationKind: 'equipment_user' } })), {
      code: 'station-not-found',
    })
  },
)

t.test('commands on an unregistered cylinder are refused', async (t) => {
  t.throws(
    () =>
      when([], {
        type: 'ScrapCylinder',
        data: { actor: owner, scrappedOn: '2024-01-01', reason: 'dent' },
      }),
    { code: 'cylinder-not-registered' },
  )
})

t.test('scrapping twice is refused', async (t) => {
  const scrap: CylinderCommand = {
    type: 'ScrapCylinder',
    data: { actor: owner, scrappedOn: '2024-01-01', reason: 'dent' },
  }
  const scrapped = when([...registered], scrap)
  t.throws(() => when([...registered, ...scrapped], scrap), { code: 'cylinder-scrapped' })
})

t.test(
  'scrapped (报废) by its owner, an agency of its region, or enforcement of its region with evidence',
  async (t) => {
    const scrap = (actor: ReturnType<typeof organisationActor>, evidence?: string): CylinderCommand => ({
      type: 'ScrapCylinder',
      data: { actor, scrappedOn: '2024-01-01', reason: 'corroded', ...(evidence ? { evidence } : {}) },
    })
    const bureau = organisationActor('bureau-1', 'enforcement', '330100')
    t.match(when([...registered], scrap(bureau, 'record ZF-7')), [
      {
        type: 'CylinderScrapped',
        data: { byOrganisationId: 'bureau-1', evidence: 'record ZF-7', regionCode: '330106' },
      },
    ])
    t.throws(() => when([...registered], scrap(bureau)), { code: 'evidence-required', fields: ['evidence'] })
    t.throws(() => when([...registered], scrap(organisationActor('bureau-2', 'enforcement', '440100'), 'x')), {
      code: 'outside-your-region',
    })
    const agency = organisationActor('agency-1', 'inspection_agency', '330000', ['330100'])
    t.match(when([...registered], scrap(agency)), [
      { type: 'CylinderScrapped', data: { byOrganisationId: 'agency-1' } },
    ])
    t.throws(
      () => when([...registered], scrap(organisationActor('agency-2', 'inspection_agency', '330100', ['330200']))),
      {
        code: 'outside-your-region',
      },
    )
    t.throws(() => when([...registered], scrap(organisationActor('station-2', 'filling_station', '330106'))), {
      code: 'not-allowed-to-mark',
    })
    const scrapped = [...registered, ...when([...registered], scrap(bureau, 'record ZF-7'))]
    t.throws(
      () => when(scrapped, scrap(owner)),
      { code: 'cylinder-scrapped' },
      'final: the owner cannot scrap it again',
    )
    t.throws(() => when(scrapped, passOn('2024-02-01')), { code: 'cylinder-scrapped' }, 'nor a pass un-scrap it')
  },
)

t.test('refurbished (翻新) is found by an agency or enforcement of its region, never by a station', async (t) => {
  const mark = (actor: ReturnType<typeof organisationActor>, evidence = 'photo P-1'): CylinderCommand => ({
    type: 'MarkCylinderRefurbished',
    data: { actor, markedOn: '2024-01-01', evidence },
  })
  const bureau = organisationActor('bureau-1', 'enforcement', '330100')
  const marked = when([...registered], mark(bureau))
  t.match(marked, [
    {
      type: 'CylinderMarkedRefurbished',
      data: { cylinderCode: 'LPG-0001', markedOn: '2024-01-01', byOrganisationId: 'bureau-1', evidence: 'photo P-1' },
    },
  ])
  const s = given([...registered, ...marked])
  t.ok(s.registered && s.refurbished)
  t.throws(() => when([...registered, ...marked], mark(bureau)), { code: 'cylinder-already-refurbished' })
  t.throws(() => when([...registered], mark(owner)), { code: 'not-allowed-to-mark' }, 'not even the owner')
  t.throws(() => when([...registered], mark(organisationActor('bureau-2', 'enforcement', '440100'))), {
    code: 'outside-your-region',
  })
  t.match(when([...registered], mark(organisationActor('agency-1', 'inspection_agency', '330000', ['330106']))), [
    { type: 'CylinderMarkedRefurbished' },
  ])
  t.throws(() => when([], mark(bureau)), { code: 'cylinder-not-registered' })
})

/** An LPG cylinder made on `made`, registered on `on` (with its stamp, when given). */
const lpg = (made: string, on: string, extra: Record<string, unknown> = {}): CylinderStreamEvent[] =>
  cylinderDecider.decide(
    {
      ...register,
      data: { ...register.data, manufactureDate: made, registeredOn: on, ...extra },
    } as CylinderCommand,
    cylinderDecider.initialState(),
  ) as CylinderStreamEvent[]
const lifeEnd = (events: CylinderStreamEvent[]) => {
  const state = given(events)
  return state.registered ? state.designLifeEndDate : undefined
}
const passOn = (inspectionDate: string, result: 'pass' | 'fail' = 'pass'): CylinderCommand => ({
  type: 'RecordCylinderInspection',
  data: { agencyId: 'agency-1', inspectionDate, result, reportNo: `R-${inspectionDate}` },
})
/** The station's own question on `date`, from the decider's state (the read model holds the same facts). */
const mayFill = (events: CylinderStreamEvent[], date: string) => {
  const s = given(events)
  if (!s.registered) throw new Error('not registered')
  return prefillCheck({
    cylinder: {
      ownerOrganisationId: s.ownerOrganisationId,
      refurbished: false,
      nextInspectionDate: s.nextInspectionDate,
      designLifeEndDate: s.designLifeEndDate,
      lastInspectionResult: s.lastInspectionResult,
      scrapped: s.scrapped,
      entrustments: [],
    },
    stationId: 'station-1',
    date,
  }).reasons
}

t.test(
  'LPG cylinders made under GB 5842-2006 (from 2007-02-01) have a design life of 8 years; older ones 15',
  async (t) => {
    t.equal(lifeEnd(lpg('2007-02-01', '2026-01-10')), '2015-02-01', 'made on the first day of the standard: 8')
    t.equal(lifeEnd(lpg('2007-01-31', '2026-01-10')), '2022-01-31', 'made the day before: 15')
    t.equal(lifeEnd(lpg('2020-02-29', '2026-01-10')), '2028-02-29')
    t.match(lpg('2020-02-29', '2026-01-10')[0]?.data, { ruleVersion: 'cylinderTypeRules/2026-2' })
    t.match(
      lpg('2000-05-01', '2006-12-01')[0]?.data,
      { designLifeEndDate: '2015-05-01', ruleVersion: 'cylinderTypeRules/2026-1' },
      'registered before GB 5842-2006 was in force: the first version, 15 years',
    )
    const other = cylinderDecider.decide(
      {
        ...register,
        data: { ...register.data, cylinderType: 'seamless_steel_general', manufactureDate: '2020-01-01' },
      } as CylinderCommand,
      cylinderDecider.initialState(),
    )
    t.match(other[0]?.data, { designLifeEndDate: '2050-01-01' }, 'other types unchanged')
  },
)

t.test('the stamped design life is stored, and shortens the life, never lengthens it', async (t) => {
  const stamped = lpg('2020-01-01', '2026-01-10', { designLifeYears: 6 })
  t.match(stamped[0]?.data, { designLifeYears: 6, designLifeEndDate: '2026-01-01' })
  t.match(lpg('2020-01-01', '2026-01-10', { designLifeYears: 20 })[0]?.data, {
    designLifeYears: 20,
    designLifeEndDate: '2028-01-01',
  })
  t.notOk('designLifeYears' in (lpg('2020-01-01', '2026-01-10')[0]?.data ?? {}), 'absent when not given')
})

t.test(
  'a pass after the 8 years were reached extends the life once by 4 (12 at most); before, it does not',
  async (t) => {
    const made2015 = lpg('2015-03-01', '2019-03-10', { lastInspectionDate: '2019-03-01' })
    t.equal(lifeEnd(made2015), '2023-03-01')
    const early = when(made2015, passOn('2023-02-28'))
    t.notOk('designLifeEndDate' in (early[0]?.data ?? {}), 'a pass the day before the life ends extends nothing')
    const extended = [...made2015, ...(when(made2015, passOn('2023-03-01')) as CylinderStreamEvent[])]
    t.match(extended.at(-1)?.data, { designLifeEndDate: '2027-03-01', nextInspectionDate: '2027-03-01' })
    t.equal(lifeEnd(extended), '2027-03-01')
    const again = when(extended, passOn('2027-03-01'))
    t.notOk('designLifeEndDate' in (again[0]?.data ?? {}), 'once: a second pass does not extend again')
    t.equal(lifeEnd([...extended, ...(again as CylinderStreamEvent[])]), '2027-03-01')
    const tooLate = when(made2015, passOn('2027-03-02'))
    t.notOk('designLifeEndDate' in (tooLate[0]?.data ?? {}), 'after 12 years nothing to extend')
    const fail = when(made2015, passOn('2023-03-05', 'fail'))
    t.notOk('designLifeEndDate' in (fail[0]?.data ?? {}), 'a failed inspection extends nothing')
  },
)

t.test('a registration stating a last inspection after the 8 years starts extended', async (t) => {
  t.equal(lifeEnd(lpg('2015-03-01', '2025-01-10', { lastInspectionDate: '2023-04-01' })), '2027-03-01')
  t.equal(lifeEnd(lpg('2015-03-01', '2025-01-10', { lastInspectionDate: '2022-04-01' })), '2023-03-01')
})

t.test(
  'a pass corrects a life the first rule version recorded as 15 years for a cylinder made under GB 5842-2006',
  async (t) => {
    const recorded: CylinderStreamEvent[] = [
      {
        type: 'CylinderRegistered',
        data: {
          ...(lpg('2012-06-01', '2020-01-10')[0]!.data as CylinderStreamEvent['data'] & object),
          designLifeEndDate: '2027-06-01',
          ruleVersion: 'cylinderTypeRules/2026-1',
        } as never,
      },
    ]
    const pass = when(recorded, passOn('2021-03-01'))
    t.match(pass[0]?.data, { designLifeEndDate: '2024-06-01' }, 'passed after its 8 years: 12 from manufacture, not 15')
    const failed = when(recorded, passOn('2021-03-01', 'fail'))
    t.notOk('designLifeEndDate' in (failed[0]?.data ?? {}), 'only a pass records it')
  },
)

t.test('pre-fill: a cylinder past its 8 years is refused; extended after a pass, refused again after 12', async (t) => {
  const made2015 = lpg('2015-03-01', '2019-03-10', { lastInspectionDate: '2019-03-01' })
  t.same(mayFill(made2015, '2023-03-01'), [], 'the last day of its design life')
  t.same(mayFill(made2015, '2023-03-02'), ['inspection_overdue', 'past_design_life'])
  const extended = [...made2015, ...(when(made2015, passOn('2023-03-10')) as CylinderStreamEvent[])]
  t.same(mayFill(extended, '2023-03-10'), [], 'passed after the 8 years: 4 more')
  t.same(mayFill(extended, '2027-03-01'), [])
  t.same(mayFill(extended, '2027-03-02'), ['past_design_life'], '12 years at most')
  const old = lpg('2012-01-01', '2026-06-01', { lastInspectionDate: '2024-01-01' })
  t.same(mayFill(old, '2026-06-01'), ['past_design_life'], 'made 2012: its 8 (+4) years are over; 15 let it pass')
})
