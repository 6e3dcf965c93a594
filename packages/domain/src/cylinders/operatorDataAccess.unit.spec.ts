import t from 'tap'
import { organisationActor } from '../Actor.ts'
import { operatorDataAccess } from './operatorDataAccess.ts'

const certificates = [{ employerOrganisationId: 'station-a', issuedBy: 'bureau-106', regionCode: '330106' }]

t.test('a person’s name and certificate numbers: the employer, the issuer, enforcement in scope', async (t) => {
  const access = (actor: Parameters<typeof operatorDataAccess>[0]) => operatorDataAccess(actor, certificates)
  t.equal(access(organisationActor('station-a', 'filling_station', '330106')), 'full', 'the employer')
  t.equal(access(organisationActor('bureau-106', 'enforcement', '330106')), 'full', 'the issuer')
  t.equal(access(organisationActor('city', 'enforcement', '330100')), 'full', 'enforcement of the region')
  t.equal(access(organisationActor('admin', 'administrator', '330000')), 'full')
  t.equal(access(organisationActor('enf-108', 'enforcement', '330108')), 'none', 'enforcement of another county')
  t.equal(access(organisationActor('station-far', 'filling_station', '440100')), 'validity', 'a station: valid or not')
  t.equal(access(organisationActor('user-b', 'equipment_user', '330106')), 'none', 'anyone else')
  t.equal(operatorDataAccess(organisationActor('station-a', 'filling_station', '330106'), []), 'validity', 'no record')
})
