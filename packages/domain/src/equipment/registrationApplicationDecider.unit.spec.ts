import t from 'tap'
import { equipmentCatalogue } from '@gsr/events/equipment'
import { organisationActor } from '../Actor.ts'
import { givenWhen, refusal } from '../testing/deciderSpec.ts'
import { equipmentDecider } from './equipmentDecider.ts'
import {
  automaticRegistrationNumbers,
  registrationApplicationDecider,
  type RegistrationApplicationCommand,
} from './registrationApplicationDecider.ts'

const given = givenWhen(registrationApplicationDecider, equipmentCatalogue)

const applicant = organisationActor('org-user-1', 'equipment_user', '330100')
const countyTeam = organisationActor('org-enf-xihu', 'enforcement', '330106')
const cityTeam = organisationActor('org-enf-city', 'enforcement', '330100')
const otherCountyTeam = organisationActor('org-enf-other', 'enforcement', '330108')
const agency = organisationActor('org-agency', 'inspection_agency', '330106', ['330106'])

const apply = (
  overrides: Partial<Extract<RegistrationApplicationCommand, { type: 'ApplyForRegistration' }>['data']> = {},
) =>
  ({
    type: 'ApplyForRegistration',
    data: {
      actor: applicant,
      applicationId: 'app-0001',
      category: 'elevator',
      region: '330106',
      location: '1 West Lake Rd',
      attributes: {},
      manufacturer: 'Hangzhou Lift Works',
      serialNumber: 'HLW-0117',
      putIntoServiceDate: '2026-01-10',
      appliedOn: '2026-01-20',
      ...overrides,
    },
  }) satisfies RegistrationApplicationCommand

const applied = () => given([]).when(apply())
const accept = (actor = countyTeam, acceptedOn = '2026-01-25') =>
  ({
    type: 'AcceptRegistration',
    data: { actor, registrationCode: 'EL-330106-0001', certificateNumber: '梯11浙A00001(26)', acceptedOn },
  }) satisfies RegistrationApplicationCommand
const accepted = () => [...applied(), ...given(applied()).when(accept())]

t.test('the user applies: the applicant is itself, the equipment stands in the region it names', async (t) => {
  const [event] = applied()
  t.equal(event?.type, 'EquipmentRegistrationApplied')
  if (event?.type !== 'EquipmentRegistrationApplied') return
  t.equal(event.data.organisationId, 'org-user-1')
  t.equal(event.data.region, '330106', 'where it stands, not the applicant’s seat (330100)')
  t.equal(event.data.serialNumber, 'HLW-0117')
  t.same(
    refusal(() => given(applied()).when(apply())),
    {
      code: 'application-already-recorded',
      fields: ['applicationId'],
    },
  )
  t.equal(refusal(() => given([]).when(apply({ actor: countyTeam }))).code, 'not-allowed-for-kind')
  t.same(
    refusal(() => given([]).when(apply({ lastInspection: { date: '2026-01-21', reportNumber: 'R-1' } }))),
    { code: 'last-inspection-out-of-range', fields: ['lastInspection.date'] },
    'a stated inspection after the application is refused',
  )
})

t.test('the registration authority of the region accepts and issues the code and certificate number', async (t) => {
  for (const authority of [countyTeam, cityTeam]) {
    const [event] = given(applied()).when(accept(authority))
    t.equal(event?.type, 'EquipmentRegistrationAccepted')
    if (event?.type !== 'EquipmentRegistrationAccepted') continue
    t.same(
      {
        code: event.data.registrationCode,
        certificate: event.data.certificateNumber,
        by: event.data.by,
        authority: event.data.authorityOrganisationId,
      },
      {
        code: 'EL-330106-0001',
        certificate: '梯11浙A00001(26)',
        by: 'authority',
        authority: authority.organisationId,
      },
    )
  }
})

t.test('nobody else accepts or refuses: not the applicant, not another region’s team, not an agency', async (t) => {
  t.same(
    refusal(() => given(applied()).when(accept(applicant))),
    { code: 'not-allowed-for-kind', fields: [] },
  )
  t.same(
    refusal(() => given(applied()).when(accept(otherCountyTeam))),
    {
      code: 'outside-your-region',
      fields: ['region'],
    },
  )
  t.equal(refusal(() => given(applied()).when(accept(agency))).code, 'not-allowed-for-kind')
  const refuse = (actor: typeof applicant) =>
    ({ type: 'RefuseRegistration', data: { actor, reason: 'no inspection report', refusedOn: '2026-01-25' } }) as const
  t.equal(refusal(() => given(applied()).when(refuse(applicant))).code, 'not-allowed-for-kind')
  t.equal(refusal(() => given(applied()).when(refuse(otherCountyTeam))).code, 'outside-your-region')
  const [refused] = given(applied()).when(refuse(countyTeam))
  t.equal(refused?.type, 'EquipmentRegistrationRefused')
})

t.test('an application is answered once, never before it was made', async (t) => {
  t.same(
    refusal(() => given([]).when(accept())),
    { code: 'application-not-found', fields: ['applicationId'] },
  )
  t.same(
    refusal(() => given(applied()).when(accept(countyTeam, '2026-01-19'))),
    {
      code: 'dated-before-application',
      fields: ['acceptedOn'],
    },
  )
  t.same(given(accepted()).when(accept()), [], 'the same acceptance again (a retry) records nothing')
  const otherNumbers = {
    type: 'AcceptRegistration',
    data: { actor: countyTeam, registrationCode: 'EL-330106-0002', certificateNumber: 'X', acceptedOn: '2026-01-26' },
  } as const
  t.same(
    refusal(() => given(accepted()).when(otherNumbers)),
    {
      code: 'application-already-decided',
      fields: ['applicationId'],
    },
  )
  const refusedLog = [
    ...applied(),
    ...given(applied()).when({
      type: 'RefuseRegistration',
      data: { actor: countyTeam, reason: 'incomplete', refusedOn: '2026-01-22' },
    }),
  ]
  t.equal(refusal(() => given(refusedLog).when(accept())).code, 'application-already-decided')
})

t.test('the automatic acceptance policy issues the numbers itself, the same ones on a retry', async (t) => {
  const [event] = given(applied()).when({ type: 'AcceptRegistrationAutomatically', data: { acceptedOn: '2026-01-20' } })
  if (event?.type !== 'EquipmentRegistrationAccepted') return t.fail('accepted')
  t.equal(event.data.by, 'automatic_policy')
  t.notOk(event.data.authorityOrganisationId)
  t.same(
    { registrationCode: event.data.registrationCode, certificateNumber: event.data.certificateNumber },
    automaticRegistrationNumbers({ applicationId: 'app-0001', region: '330106' }, '2026-01-20'),
  )
  t.match(event.data.registrationCode, /^AUTO-330106-[0-9A-F]{12}$/)
  t.not(
    automaticRegistrationNumbers({ applicationId: 'app-0002', region: '330106' }, '2026-01-20').registrationCode,
    event.data.registrationCode,
  )
  t.same(
    given([...applied(), event]).when({ type: 'AcceptRegistrationAutomatically', data: { acceptedOn: '2026-01-21' } }),
    [],
  )
})

t.test('the registration an accepted application records: late judged by the application day', async (t) => {
  const register = (appliedOn: string) => ({
    type: 'RegisterEquipment' as const,
    data: {
      registrationCode: 'EL-330106-0001',
      certificateNumber: 'C-1',
      category: 'elevator' as const,
      organisationId: 'org-user-1',
      region: '330106',
      location: '1 West Lake Rd',
      attributes: {},
      manufacturer: 'Hangzhou Lift Works',
      serialNumber: 'HLW-0117',
      putIntoServiceDate: '2026-01-10',
      registeredOn: '2026-03-01',
      application: { applicationId: 'app-0001', appliedOn },
    },
  })
  const [onTime] = equipmentDecider.decide(register('2026-02-09'), equipmentDecider.initialState())
  if (onTime?.type !== 'EquipmentRegistered') return t.fail('registered')
  equipmentCatalogue.EquipmentRegistered.schema.parse(onTime.data)
  t.equal(onTime.data.late, false, 'applied on the deadline, accepted after it: not late')
  t.same(
    [onTime.data.manufacturer, onTime.data.serialNumber, onTime.data.certificateNumber, onTime.data.applicationId],
    ['Hangzhou Lift Works', 'HLW-0117', 'C-1', 'app-0001'],
  )
  const [late] = equipmentDecider.decide(register('2026-02-10'), equipmentDecider.initialState())
  t.equal(late?.type === 'EquipmentRegistered' && late.data.late, true, 'applied a day after the deadline')
  const state = equipmentDecider.evolve(equipmentDecider.initialState(), onTime)
  t.same(equipmentDecider.decide(register('2026-02-09'), state), [], 'the same application again: nothing')
  const other = { ...register('2026-02-09'), data: { ...register('2026-02-09').data, application: undefined } }
  t.equal(refusal(() => equipmentDecider.decide(other, state)).code, 'registration-code-taken')
})
