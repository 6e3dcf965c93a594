import t from 'tap'
import { equipmentCatalogue, type EquipmentEvent } from '@gsr/events/equipment'
import { givenWhen, refusal } from '../testing/deciderSpec.ts'
import type { RegistrationApplicationState } from './registrationApplicationDecider.ts'
import {
  claimStatus,
  registrationCodeClaimDecider,
  releasableClaim,
  type CodeHolder,
  type RegistrationCodeClaimCommand,
} from './registrationCodeClaimDecider.ts'

const given = givenWhen(registrationCodeClaimDecider, equipmentCatalogue)
const forApplication: CodeHolder = { organisationId: 'org-user-1', applicationId: 'app-1' }
const transcribedBy: CodeHolder = { organisationId: 'org-user-1' }
const claim = (holder: CodeHolder): RegistrationCodeClaimCommand => ({
  type: 'ClaimRegistrationCode',
  data: { registrationCode: 'EL-1', holder, region: '330106', claimedOn: '2026-05-20' },
})
const stateOf = (events: readonly EquipmentEvent[]) =>
  events.reduce(registrationCodeClaimDecider.evolve, registrationCodeClaimDecider.initialState())

t.test('a code is claimed once; the same holder again records nothing; another is refused', async (t) => {
  const claimed = given([]).when(claim(forApplication))
  t.match(claimed, [{ type: 'RegistrationCodeClaimed', data: { registrationCode: 'EL-1', applicationId: 'app-1' } }])
  t.same(given(claimed).when(claim(forApplication)), [], 'a retry reuses its claim')
  t.same(
    refusal(() => given(claimed).when(claim(transcribedBy))),
    {
      code: 'registration-code-taken',
      fields: ['registrationCode'],
    },
  )
  t.same(
    refusal(() => given(claimed).when(claim({ organisationId: 'org-user-1', applicationId: 'app-2' }))).code,
    'registration-code-taken',
    'another application of the same organisation too',
  )
  const byOrganisation = given([]).when(claim(transcribedBy))
  t.notOk('applicationId' in byOrganisation[0]!.data, 'a transcription holds it for the organisation')
  t.equal(claimStatus(stateOf(byOrganisation), transcribedBy), 'mine')
  t.equal(claimStatus(stateOf(byOrganisation), forApplication), 'taken')
  t.equal(claimStatus(stateOf([]), forApplication), 'free')
})

t.test('a claim is released only once its application was answered otherwise', async (t) => {
  const claimed = given([]).when(claim(forApplication))
  const state = stateOf(claimed)
  const application = (
    status: RegistrationApplicationState['status'],
    code?: string,
  ): RegistrationApplicationState => ({
    status,
    ...(code ? { issued: { registrationCode: code, certificateNumber: 'C', acceptedOn: '2026-05-20' } } : {}),
  })
  t.equal(releasableClaim(state, application('applied')), undefined, 'open: its acceptance may be in flight')
  t.equal(releasableClaim(state, application('accepted', 'EL-1')), undefined, 'accepted under this code')
  t.equal(releasableClaim(state, application('accepted', 'EL-2')), 'application-accepted-under-another-code')
  t.equal(releasableClaim(state, application('refused')), 'application-refused')
  t.equal(releasableClaim(stateOf(given([]).when(claim(transcribedBy))), application('refused')), undefined)

  const released = given(claimed).when({
    type: 'ReleaseRegistrationCode',
    data: { applicationId: 'app-1', reason: 'application-refused', releasedOn: '2026-05-22' },
  })
  t.match(released, [{ type: 'RegistrationCodeReleased', data: { registrationCode: 'EL-1', region: '330106' } }])
  const history = [...claimed, ...released]
  t.same(
    given(history).when({
      type: 'ReleaseRegistrationCode',
      data: { applicationId: 'app-1', reason: 'application-refused', releasedOn: '2026-05-22' },
    }),
    [],
    'released twice: nothing more',
  )
  t.match(given(history).when(claim(transcribedBy)), [{ type: 'RegistrationCodeClaimed' }], 'free again')
})
