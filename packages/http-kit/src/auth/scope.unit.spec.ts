import t from 'tap'
import type { Principal } from '../identity/Principal.ts'
import { canActInRegion, canRead, listScope, regionPrefixes } from './scope.ts'

const principal = (p: Partial<Principal>): Principal => ({
  organisationId: 'o',
  organisationKind: 'equipment_user',
  region: '330106',
  accreditedRegions: [],
  role: 'operator',
  memberType: 'person',
  userId: 'm',
  credentialId: 'k',
  ...p,
})

t.test('an enforcement team acts in its region and everything below it', async (t) => {
  const province = principal({ organisationKind: 'enforcement', region: '330000' })
  const city = principal({ organisationKind: 'enforcement', region: '330100' })
  const county = principal({ organisationKind: 'enforcement', region: '330106' })
  t.ok(canActInRegion(province, '330106'))
  t.ok(canActInRegion(province, '330200'))
  t.notOk(canActInRegion(province, '320100'))
  t.ok(canActInRegion(city, '330106'))
  t.notOk(canActInRegion(city, '330200'), 'not a sibling city')
  t.notOk(canActInRegion(city, '330000'), 'not above itself')
  t.ok(canActInRegion(county, '330106'))
  t.notOk(canActInRegion(county, '330108'))
  t.same(regionPrefixes(city), ['3301'])
})

t.test('an inspection agency acts only in its accredited regions', async (t) => {
  const agency = principal({
    organisationKind: 'inspection_agency',
    region: '330000',
    accreditedRegions: ['330100', '330203'],
  })
  t.ok(canActInRegion(agency, '330106'))
  t.ok(canActInRegion(agency, '330203'))
  t.notOk(canActInRegion(agency, '330205'))
  t.notOk(canActInRegion(agency, '330000'), 'its own seat region is not an accreditation')
  t.same(regionPrefixes(agency), ['3301', '330203'])
})

t.test('administrators everywhere; others in their own region', async (t) => {
  t.ok(canActInRegion(principal({ organisationKind: 'administrator', region: '100000' }), '650100'))
  t.same(regionPrefixes(principal({ organisationKind: 'administrator' })), [''])
  t.notOk(canActInRegion(principal({}), '330108'))
})

t.test('listScope: the one read scope of both wings, narrowed to a requested region', async (t) => {
  const admin = principal({ organisationKind: 'administrator' })
  const city = principal({ organisationKind: 'enforcement', region: '330100' })
  const agency = principal({
    organisationId: 'a',
    organisationKind: 'inspection_agency',
    accreditedRegions: ['330100'],
  })
  const station = principal({ organisationId: 's', organisationKind: 'filling_station' })
  t.same(listScope(admin), {}, 'an administrator reads everything')
  t.same(listScope(admin, '440100'), { regions: ['440100'] })
  t.same(listScope(city), { regions: ['330100'] })
  t.same(listScope(city, '330106'), { regions: ['330106'] })
  t.throws(
    () => listScope(city, '330200'),
    { name: 'ProblemError', message: 'outside your scope: region 330200' },
    'a region outside its own',
  )
  t.same(listScope(agency), { regions: ['330100'] }, 'agencies: their accredited regions')
  t.same(listScope(agency, undefined, { agenciesByRegion: false }), { organisationId: 'a' })
  t.same(listScope(station), { organisationId: 's' })
  t.same(listScope(station, '330106'), { organisationId: 's', regions: ['330106'] })
})

t.test('canRead: one record, by the organisations it names or by region', async (t) => {
  const record = { region: '330106', organisationIds: ['s'] }
  t.ok(canRead(principal({ organisationId: 's', organisationKind: 'filling_station' }), record))
  t.notOk(canRead(principal({ organisationId: 'x', organisationKind: 'filling_station' }), record))
  t.ok(canRead(principal({ organisationKind: 'enforcement', region: '330100' }), record))
  t.notOk(canRead(principal({ organisationKind: 'enforcement', region: '330200' }), record))
  t.notOk(canRead(principal({ organisationKind: 'enforcement', region: '330100' }), { ...record, region: '' }))
})
