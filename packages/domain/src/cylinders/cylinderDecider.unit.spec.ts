import t from 'tap'
import { organisationActor } from '../Actor.ts'
import { cylinderDecider, type CylinderCommand, type CylinderStreamEvent } from './cylinderDecider.ts'

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
        designLifeEndDate: '2035-02-28',
        ruleVersion: 'cylinderTypeRules/2026-1',
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
        data: { byOrganisationId: 'station-1', scrappedOn: '2024-01-01', reason: 'dent' },
      }),
    { code: 'cylinder-not-registered' },
  )
})

t.test('scrapping twice is refused', async (t) => {
  const scrap: CylinderCommand = {
    type: 'ScrapCylinder',
    data: { byOrganisationId: 'station-1', scrappedOn: '2024-01-01', reason: 'dent' },
  }
  const scrapped = when([...registered], scrap)
  t.throws(() => when([...registered, ...scrapped], scrap), { code: 'cylinder-scrapped' })
})
