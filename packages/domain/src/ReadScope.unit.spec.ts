import t from 'tap'
import { inReadScope } from './ReadScope.ts'

const record = { region: '330106', organisationIds: ['station-1', 'owner-1'] }

t.test('no field is everything; each field narrows', async (t) => {
  t.ok(inReadScope({}, record))
  t.ok(inReadScope({ organisationId: 'owner-1' }, record))
  t.notOk(inReadScope({ organisationId: 'other' }, record))
  t.ok(inReadScope({ regions: ['330000'] }, record), 'a province contains its counties')
  t.ok(inReadScope({ regions: ['440000', '330100'] }, record), 'any of the regions')
  t.notOk(inReadScope({ regions: ['330102'] }, record), 'a sibling county does not')
  t.notOk(inReadScope({ regions: [] }, record), 'no region is nothing')
  t.notOk(inReadScope({ organisationId: 'owner-1', regions: ['440000'] }, record), 'both narrow')
})
