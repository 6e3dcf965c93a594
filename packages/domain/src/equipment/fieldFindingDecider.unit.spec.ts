import t from 'tap'
import { equipmentCatalogue, type EquipmentEvent } from '@gsr/events/equipment'
import { organisationActor } from '../Actor.ts'
import { givenWhen, refusal } from '../testing/deciderSpec.ts'
import { equipmentIdentityKey } from './equipmentIdentityKey.ts'
import { fieldFindingDecider, type FieldFindingCommand } from './fieldFindingDecider.ts'

const given = givenWhen(fieldFindingDecider, equipmentCatalogue)

const team = organisationActor('enf-xihu', 'enforcement', '330106')
const cityTeam = organisationActor('enf-city', 'enforcement', '330100')
const siblingTeam = organisationActor('enf-other', 'enforcement', '330108')
const user = organisationActor('user-1', 'equipment_user', '330106')

const finding: EquipmentEvent = {
  type: 'EquipmentFoundInUse',
  data: {
    findingId: 'F-1',
    enforcementOrganisationId: 'enf-xihu',
    region: '330106',
    location: 'boiler room',
    foundOn: '2026-03-01',
    category: 'boiler',
    manufacturer: 'Hangzhou Boiler Works',
    serialNumber: 'HBW-1',
    plate: 'WNS2-1.25-Q',
    photoReference: 'IMG_0001.jpg',
  },
}
const link = (
  actor = team,
  over: Partial<{ registrationCode: string; registrationExists: boolean; linkedOn: string }> = {},
) =>
  ({
    type: 'LinkFindingToRegistration',
    data: { actor, registrationCode: 'EL-1', registrationExists: true, linkedOn: '2026-03-05', ...over },
  }) satisfies FieldFindingCommand

t.test('a finding records what identifies the equipment without a code; recorded once', async (t) => {
  const [event] = given([]).when({ type: 'RecordEquipmentFoundInUse', data: finding.data as never })
  t.same(event, finding)
  t.equal(
    refusal(() => given([finding]).when({ type: 'RecordEquipmentFoundInUse', data: finding.data as never })).code,
    'finding-already-recorded',
  )
})

t.test('the team of the finding’s region links it to a registration, once', async (t) => {
  for (const actor of [team, cityTeam]) {
    const [event] = given([finding]).when(link(actor))
    t.match(event, {
      type: 'FindingLinkedToRegistration',
      data: {
        findingId: 'F-1',
        registrationCode: 'EL-1',
        region: '330106',
        enforcementOrganisationId: actor.organisationId,
      },
    })
  }
  const linked = [finding, ...given([finding]).when(link())]
  t.same(given(linked).when(link()), [], 'the same link again: nothing')
  t.same(
    refusal(() => given(linked).when(link(team, { registrationCode: 'EL-2' }))),
    {
      code: 'finding-already-linked',
      fields: ['registrationCode'],
    },
  )
})

t.test(
  'refused: another region’s team, an equipment user, no such finding or registration, before the finding',
  async (t) => {
    t.equal(refusal(() => given([finding]).when(link(siblingTeam))).code, 'outside-your-region')
    t.equal(refusal(() => given([finding]).when(link(user))).code, 'not-allowed-for-kind')
    t.same(
      refusal(() => given([]).when(link())),
      { code: 'finding-not-found', fields: ['findingId'] },
    )
    t.same(
      refusal(() => given([finding]).when(link(team, { registrationExists: false }))),
      {
        code: 'equipment-not-found',
        fields: ['registrationCode'],
      },
    )
    t.same(
      refusal(() => given([finding]).when(link(team, { linkedOn: '2026-02-28' }))),
      {
        code: 'dated-before-finding',
        fields: ['linkedOn'],
      },
    )
  },
)

t.test('a nameplate’s identity: both parts, however typed', async (t) => {
  t.equal(
    equipmentIdentityKey(' Hangzhou  Boiler works ', 'hbw-1'),
    equipmentIdentityKey('HANGZHOU BOILER WORKS', 'HBW-1'),
  )
  t.not(equipmentIdentityKey('A', 'HBW-1'), equipmentIdentityKey('B', 'HBW-1'), 'a serial is unique only per maker')
  t.equal(equipmentIdentityKey(undefined, 'HBW-1'), undefined)
  t.equal(equipmentIdentityKey('A', '  '), undefined)
})
