import t from 'tap'
import { judgeLateRegistration, type RegistrationRecord } from './judgeLateRegistration.ts'

const registration: RegistrationRecord = {
  eventId: 'e-reg',
  registrationCode: 'EL-1',
  category: 'elevator',
  organisationId: 'user-1',
  region: '330106',
  registrationDeadline: '2026-02-09',
  registeredOn: '2026-02-09',
}

t.test('registered by its deadline: no violation', async (t) => {
  t.same(judgeLateRegistration(registration), [])
})

t.test('registered after it: unregistered in use from the day after the deadline to the registration', async (t) => {
  const [finding, ...rest] = judgeLateRegistration({ ...registration, registeredOn: '2026-02-19' })
  t.same(rest, [])
  t.match(finding, {
    category: 'equipment_unregistered_or_uninspected',
    subReason: 'unregistered_in_use',
    subjectKind: 'equipment',
    subjectId: 'EL-1',
    organisationId: 'user-1',
    region: '330106',
    occurredAt: '2026-02-10',
    evidence: ['e-reg'],
    details: { unregisteredFrom: '2026-02-10', unregisteredUntil: '2026-02-19', daysUnregistered: 10 },
  })
})

t.test('applied for by the deadline, accepted after it: not late (the user’s part ends with applying)', async (t) => {
  t.same(judgeLateRegistration({ ...registration, appliedOn: '2026-02-09', registeredOn: '2026-03-01' }), [])
  const [late] = judgeLateRegistration({ ...registration, appliedOn: '2026-02-11', registeredOn: '2026-03-01' })
  t.match(late?.details, { unregisteredUntil: '2026-02-11', daysUnregistered: 2 })
})
