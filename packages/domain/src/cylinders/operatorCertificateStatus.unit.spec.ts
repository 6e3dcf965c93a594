import t from 'tap'
import type { CylinderEventData } from '@gsr/events/cylinders'
import type { OperatorEvent } from './operatorDecider.ts'
import {
  operatorCertificateFact,
  operatorCertificateStatusOn,
  type OperatorCertificateFact,
} from './operatorCertificateStatus.ts'

const issued: OperatorCertificateFact = {
  kind: 'term',
  eventId: 'e-issued',
  certificateNo: 'C1',
  categories: ['P', 'R2'],
  validFrom: '2022-01-01',
  validUntil: '2025-12-31',
}

t.test('valid inside the term for a category it lists, inclusive bounds', async (t) => {
  t.equal(operatorCertificateStatusOn([issued], 'P', '2022-01-01').status, 'valid')
  t.equal(operatorCertificateStatusOn([issued], 'P', '2025-12-31').status, 'valid')
  t.equal(operatorCertificateStatusOn([issued], 'Q2', '2023-01-01').status, 'missing')
  t.equal(operatorCertificateStatusOn([], 'P', '2023-01-01').status, 'missing')
  t.equal(operatorCertificateStatusOn([issued], 'P', '2021-12-31').status, 'not_yet_valid')
})

t.test('expired the day after validUntil, valid again after a renewal; a gap stays a gap', async (t) => {
  const expired = operatorCertificateStatusOn([issued], 'P', '2026-01-01')
  t.same(expired, { status: 'expired', certificateNo: 'C1', evidence: ['e-issued'] })
  const renewed: OperatorCertificateFact = {
    ...issued,
    eventId: 'e-renewed',
    validFrom: '2026-02-01',
    validUntil: '2029-12-31',
  }
  t.equal(operatorCertificateStatusOn([issued, renewed], 'P', '2026-01-15').status, 'expired')
  t.equal(operatorCertificateStatusOn([issued, renewed], 'P', '2026-02-01').status, 'valid')
})

t.test('suspended days are invalid; reinstatement or the end of the suspension restores it', async (t) => {
  const suspended: OperatorCertificateFact = {
    kind: 'suspended',
    eventId: 'e-s',
    certificateNo: 'C1',
    from: '2023-03-01',
  }
  const reinstated: OperatorCertificateFact = {
    kind: 'reinstated',
    eventId: 'e-r',
    certificateNo: 'C1',
    on: '2023-04-01',
  }
  t.same(operatorCertificateStatusOn([issued, suspended], 'P', '2023-06-01'), {
    status: 'suspended',
    certificateNo: 'C1',
    evidence: ['e-s'],
  })
  t.equal(operatorCertificateStatusOn([issued, suspended, reinstated], 'P', '2023-03-31').status, 'suspended')
  t.equal(operatorCertificateStatusOn([issued, suspended, reinstated], 'P', '2023-04-01').status, 'valid')
  const bounded: OperatorCertificateFact = { ...suspended, until: '2023-03-10' }
  t.equal(operatorCertificateStatusOn([issued, bounded], 'P', '2023-03-10').status, 'suspended')
  t.equal(operatorCertificateStatusOn([issued, bounded], 'P', '2023-03-11').status, 'valid')
})

t.test('revoked from its day on, for good', async (t) => {
  const revoked: OperatorCertificateFact = { kind: 'revoked', eventId: 'e-x', certificateNo: 'C1', on: '2024-05-05' }
  t.equal(operatorCertificateStatusOn([issued, revoked], 'P', '2024-05-04').status, 'valid')
  t.same(operatorCertificateStatusOn([issued, revoked], 'P', '2024-05-05').evidence, ['e-x'])
  t.equal(operatorCertificateStatusOn([issued, revoked], 'P', '2025-01-01').status, 'revoked')
})

// Histories as events, read the one way both the pre-fill check and enforcement now read them.
// Before there was one function, the two disagreed on the last three (see each case).
const who = { personId: 'p1', regionCode: '330106' }
const event = {
  issue: (categories: string[], validFrom: string, validUntil: string): OperatorEvent =>
    ({
      type: 'OperatorCertificateIssued',
      data: { ...who, name: 'Zhang San', certificateNo: 'C1', issuedBy: 'bureau', validFrom, validUntil, categories },
    }) as { type: 'OperatorCertificateIssued'; data: CylinderEventData<'OperatorCertificateIssued'> },
  renew: (categories: string[], validFrom: string, validUntil: string): OperatorEvent =>
    ({
      type: 'OperatorCertificateRenewed',
      data: { ...who, certificateNo: 'C1', renewedOn: '2025-11-01', validFrom, validUntil, categories },
    }) as { type: 'OperatorCertificateRenewed'; data: CylinderEventData<'OperatorCertificateRenewed'> },
  suspend: (suspendedFrom: string, suspendedUntil?: string): OperatorEvent => ({
    type: 'OperatorCertificateSuspended',
    data: {
      ...who,
      certificateNo: 'C1',
      suspendedFrom,
      reason: 'violation',
      ...(suspendedUntil ? { suspendedUntil } : {}),
    },
  }),
  reinstate: (reinstatedOn: string): OperatorEvent => ({
    type: 'OperatorCertificateReinstated',
    data: { ...who, certificateNo: 'C1', reinstatedOn },
  }),
}
const statusAfter = (events: readonly OperatorEvent[], category: string, day: string) =>
  operatorCertificateStatusOn(
    events.map((e, i) => operatorCertificateFact(e, `e${i}`)),
    category,
    day,
  ).status

t.test('a suspension ended by a reinstatement is suspended up to the day before it', async (t) => {
  const history = [
    event.issue(['P'], '2022-01-01', '2025-12-31'),
    event.suspend('2023-03-01'),
    event.reinstate('2023-04-01'),
  ]
  t.equal(statusAfter(history, 'P', '2023-03-31'), 'suspended')
  t.equal(statusAfter(history, 'P', '2023-04-01'), 'valid')
})

t.test('a reinstatement on the day the suspension starts leaves no suspended day', async (t) => {
  // Enforcement kept this suspension open for good (only suspensions begun before the day ended).
  const history = [
    event.issue(['P'], '2022-01-01', '2025-12-31'),
    event.suspend('2023-03-01'),
    event.reinstate('2023-03-01'),
  ]
  t.equal(statusAfter(history, 'P', '2023-03-01'), 'valid')
  t.equal(statusAfter(history, 'P', '2024-01-01'), 'valid')
})

t.test('a reinstatement ends a suspension with an end date from its day (TSG Z6001)', async (t) => {
  // The pre-fill check kept the certificate suspended until the end date.
  const history = [
    event.issue(['P'], '2022-01-01', '2025-12-31'),
    event.suspend('2023-03-01', '2023-06-30'),
    event.reinstate('2023-04-01'),
  ]
  t.equal(statusAfter(history, 'P', '2023-03-31'), 'suspended')
  t.equal(statusAfter(history, 'P', '2023-04-01'), 'valid')
  t.equal(statusAfter(history, 'P', '2023-06-30'), 'valid')
})

t.test('a renewal with other categories changes only the days of its own term', async (t) => {
  // The pre-fill check read every term with the latest categories.
  const dropped = [
    event.issue(['P', 'Q1'], '2022-01-01', '2025-12-31'),
    event.renew(['Q1'], '2026-01-01', '2029-12-31'),
  ]
  t.equal(statusAfter(dropped, 'P', '2025-12-31'), 'valid', 'P held in the first term')
  t.equal(statusAfter(dropped, 'P', '2026-01-01'), 'expired')
  const added = [event.issue(['Q1'], '2022-01-01', '2025-12-31'), event.renew(['Q1', 'P'], '2026-01-01', '2029-12-31')]
  t.equal(statusAfter(added, 'P', '2025-12-31'), 'not_yet_valid', 'P not held before the renewal term')
  t.equal(statusAfter(added, 'P', '2026-01-01'), 'valid')
})

t.test('several certificates: one valid is enough, else the latest started explains', async (t) => {
  const c2: OperatorCertificateFact = {
    ...issued,
    eventId: 'e-c2',
    certificateNo: 'C2',
    validFrom: '2024-01-01',
    validUntil: '2024-12-31',
  }
  const c1Revoked: OperatorCertificateFact = { kind: 'revoked', eventId: 'e-x', certificateNo: 'C1', on: '2023-01-01' }
  t.equal(operatorCertificateStatusOn([issued, c2, c1Revoked], 'P', '2024-06-01').status, 'valid')
  t.same(operatorCertificateStatusOn([issued, c2, c1Revoked], 'P', '2025-06-01'), {
    status: 'expired',
    certificateNo: 'C2',
    evidence: ['e-c2'],
  })
  t.equal(operatorCertificateStatusOn([issued, c1Revoked], 'P', '2025-06-01').status, 'revoked')
})

// A person holding P certificates from two regions: A (Hangzhou, C-A) and B (Ningbo, C-B).
const term = (certificateNo: string, validFrom: string, validUntil: string, categories = ['P']) =>
  ({
    kind: 'term',
    eventId: `${certificateNo}-term-${validFrom}`,
    certificateNo,
    categories,
    validFrom,
    validUntil,
  }) as const
const suspend = (certificateNo: string, from: string, until?: string) =>
  ({ kind: 'suspended', eventId: `${certificateNo}-suspended-${from}`, certificateNo, from, until }) as const
const reinstate = (certificateNo: string, on: string) =>
  ({ kind: 'reinstated', eventId: `${certificateNo}-reinstated-${on}`, certificateNo, on }) as const
const revoke = (certificateNo: string, on: string) =>
  ({ kind: 'revoked', eventId: `${certificateNo}-revoked-${on}`, certificateNo, on }) as const
const a = term('C-A', '2024-01-01', '2027-12-31')
const b = term('C-B', '2023-01-01', '2026-12-31')

t.test('a suspension in one region binds the person under a certificate of another, in either order', async (t) => {
  const suspension = suspend('C-A', '2025-03-01')
  // B issued before A was suspended (the reverse order), and B issued after it.
  const orders = {
    'issued before the suspension': [b, a, suspension],
    'issued after the suspension': [a, suspension, term('C-B', '2025-04-01', '2026-12-31')],
  }
  for (const [order, facts] of Object.entries(orders)) {
    t.same(
      operatorCertificateStatusOn(facts, 'P', '2025-05-01'),
      { status: 'suspended', certificateNo: 'C-A', evidence: ['C-A-suspended-2025-03-01'] },
      order,
    )
    t.equal(operatorCertificateStatusOn(facts, 'P', '2025-02-28').status, 'valid', `${order}: the day before`)
    t.equal(operatorCertificateStatusOn(facts, 'R2', '2025-05-01').status, 'missing', `${order}: another category`)
  }
  // Past A's own term the open suspension still binds: only its reinstatement ends it.
  t.equal(operatorCertificateStatusOn([b, a, suspension], 'P', '2026-06-01').status, 'suspended')
  // A certificate that never covered the category puts nothing on it.
  const q1 = term('C-Q', '2024-01-01', '2027-12-31', ['Q1'])
  t.equal(operatorCertificateStatusOn([b, q1, suspend('C-Q', '2025-03-01')], 'P', '2025-05-01').status, 'valid')
})

t.test('a suspension lifted, by reinstatement or its end date, frees the other certificate', async (t) => {
  const reinstated = [b, a, suspend('C-A', '2025-03-01'), reinstate('C-A', '2025-04-10')]
  t.equal(operatorCertificateStatusOn(reinstated, 'P', '2025-04-09').status, 'suspended')
  t.same(operatorCertificateStatusOn(reinstated, 'P', '2025-04-10'), {
    status: 'valid',
    certificateNo: 'C-B',
    evidence: ['C-B-term-2023-01-01'],
  })
  const dated = [b, a, suspend('C-A', '2025-03-01', '2025-03-31')]
  t.equal(operatorCertificateStatusOn(dated, 'P', '2025-03-31').status, 'suspended')
  t.equal(operatorCertificateStatusOn(dated, 'P', '2025-04-01').status, 'valid')
})

t.test('a revocation binds until a certificate issued for the category is valid from a later day', async (t) => {
  const revoked = [b, a, revoke('C-A', '2025-03-01')]
  t.equal(operatorCertificateStatusOn(revoked, 'P', '2025-02-28').status, 'valid')
  t.same(
    operatorCertificateStatusOn(revoked, 'P', '2025-03-01'),
    { status: 'revoked', certificateNo: 'C-A', evidence: ['C-A-revoked-2025-03-01'] },
    'the older certificate of another region does not carry the person over it',
  )
  t.equal(operatorCertificateStatusOn(revoked, 'P', '2026-06-01').status, 'revoked')
  // A renewal of B after the revocation is no re-certification.
  const renewedB = term('C-B', '2027-01-01', '2030-12-31')
  t.equal(operatorCertificateStatusOn([...revoked, renewedB], 'P', '2027-06-01').status, 'revoked')
  // A new certificate valid from a later day is: from its first day, the person is qualified (by any).
  const recertified = [...revoked, term('C-C', '2025-06-01', '2029-05-31')]
  t.equal(operatorCertificateStatusOn(recertified, 'P', '2025-05-31').status, 'revoked', 'before its first day')
  t.same(operatorCertificateStatusOn(recertified, 'P', '2025-06-01'), {
    status: 'valid',
    certificateNo: 'C-B',
    evidence: ['C-B-term-2023-01-01'],
  })
  // Issued for another category only, it re-certifies nothing for P.
  const otherCategory = [...revoked, term('C-C', '2025-06-01', '2029-05-31', ['Q1'])]
  t.equal(operatorCertificateStatusOn(otherCategory, 'P', '2025-06-01').status, 'revoked')
  // Valid from the revocation day itself (back-dated): none either.
  t.equal(
    operatorCertificateStatusOn([...revoked, term('C-C', '2025-03-01', '2029-02-28')], 'P', '2025-06-01').status,
    'revoked',
  )
  // A's suspension before its revocation ends with it; after re-certification nothing binds.
  const suspendedThenRevoked = [b, a, suspend('C-A', '2025-01-01'), revoke('C-A', '2025-03-01')]
  t.equal(operatorCertificateStatusOn(suspendedThenRevoked, 'P', '2025-02-01').status, 'suspended')
  t.equal(
    operatorCertificateStatusOn([...suspendedThenRevoked, term('C-C', '2025-06-01', '2029-05-31')], 'P', '2025-06-01')
      .status,
    'valid',
  )
})

t.test('a renewal back-dated over another certificate’s suspension makes none of its days lawful', async (t) => {
  // B expired before A's suspension; B's renewal is then dated back to cover it.
  const expiredB = term('C-B', '2021-01-01', '2024-12-31')
  const suspension = suspend('C-A', '2025-03-01', '2025-05-31')
  const backDated = term('C-B', '2025-01-01', '2028-12-31')
  for (const facts of [
    [expiredB, a, suspension, backDated],
    [expiredB, backDated, a, suspension],
  ]) {
    t.equal(operatorCertificateStatusOn(facts, 'P', '2025-02-28').status, 'valid')
    t.equal(operatorCertificateStatusOn(facts, 'P', '2025-04-15').status, 'suspended')
    t.equal(operatorCertificateStatusOn(facts, 'P', '2025-06-01').status, 'valid')
  }
})
