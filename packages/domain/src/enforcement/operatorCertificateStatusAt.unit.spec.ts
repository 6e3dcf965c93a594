import t from 'tap'
import { judgeOperatorWork, type OperatorWorkFact } from './judgeOperatorWork.ts'
import { operatorCertificateStatusAt, type OperatorCertificateFact } from './operatorCertificateStatusAt.ts'

const issued: OperatorCertificateFact = {
  kind: 'term',
  eventId: 'e-issued',
  certificateNo: 'C1',
  categories: ['P', 'R2'],
  validFrom: '2022-01-01',
  validUntil: '2025-12-31',
}

t.test('valid inside the term for a category it lists, inclusive bounds', async (t) => {
  t.equal(operatorCertificateStatusAt([issued], 'P', '2022-01-01').status, 'valid')
  t.equal(operatorCertificateStatusAt([issued], 'P', '2025-12-31').status, 'valid')
  t.equal(operatorCertificateStatusAt([issued], 'Q2', '2023-01-01').status, 'no_certificate')
  t.equal(operatorCertificateStatusAt([], 'P', '2023-01-01').status, 'no_certificate')
  t.equal(operatorCertificateStatusAt([issued], 'P', '2021-12-31').status, 'no_certificate', 'not yet valid')
})

t.test('expired the day after validUntil, valid again after a renewal; a gap stays a gap', async (t) => {
  const expired = operatorCertificateStatusAt([issued], 'P', '2026-01-01')
  t.same(expired, { status: 'certificate_expired', certificateNo: 'C1', evidence: ['e-issued'] })
  const renewed: OperatorCertificateFact = {
    ...issued,
    eventId: 'e-renewed',
    validFrom: '2026-02-01',
    validUntil: '2029-12-31',
  }
  t.equal(operatorCertificateStatusAt([issued, renewed], 'P', '2026-01-15').status, 'certificate_expired')
  t.equal(operatorCertificateStatusAt([issued, renewed], 'P', '2026-02-01').status, 'valid')
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
  t.same(operatorCertificateStatusAt([issued, suspended], 'P', '2023-06-01'), {
    status: 'certificate_suspended',
    certificateNo: 'C1',
    evidence: ['e-s'],
  })
  t.equal(
    operatorCertificateStatusAt([issued, suspended, reinstated], 'P', '2023-03-31').status,
    'certificate_suspended',
  )
  t.equal(operatorCertificateStatusAt([issued, suspended, reinstated], 'P', '2023-04-01').status, 'valid')
  const bounded: OperatorCertificateFact = { ...suspended, until: '2023-03-10' }
  t.equal(operatorCertificateStatusAt([issued, bounded], 'P', '2023-03-10').status, 'certificate_suspended')
  t.equal(operatorCertificateStatusAt([issued, bounded], 'P', '2023-03-11').status, 'valid')
})

t.test('revoked from its day on, for good', async (t) => {
  const revoked: OperatorCertificateFact = { kind: 'revoked', eventId: 'e-x', certificateNo: 'C1', on: '2024-05-05' }
  t.equal(operatorCertificateStatusAt([issued, revoked], 'P', '2024-05-04').status, 'valid')
  t.same(operatorCertificateStatusAt([issued, revoked], 'P', '2024-05-05').evidence, ['e-x'])
  t.equal(operatorCertificateStatusAt([issued, revoked], 'P', '2025-01-01').status, 'certificate_revoked')
})

t.test(
  'judgeOperatorWork: a fill the day after expiry is one violation with the fill and the term as evidence',
  async (t) => {
    const work: OperatorWorkFact = {
      eventId: 'e-fill',
      subjectKind: 'fill',
      subjectId: 'f1',
      operatorPersonId: 'p1',
      workCategory: 'P',
      day: '2026-01-01',
      occurredAt: '2026-01-01T09:00:00+08:00',
      organisationId: 'station-1',
      region: '330106',
    }
    const [v, ...rest] = judgeOperatorWork(work, [issued])
    t.equal(rest.length, 0)
    t.match(v, { category: 'operator_uncertified', subReason: 'certificate_expired', organisationId: 'station-1' })
    t.same(v?.evidence, ['e-fill', 'e-issued'])
    t.same(judgeOperatorWork({ ...work, day: '2025-12-31' }, [issued]), [])
  },
)
