import t from 'tap'
import type { OperatorCertificateFact } from '../cylinders/operatorCertificateStatus.ts'
import { judgeOperatorWork, type OperatorWorkFact } from './judgeOperatorWork.ts'

const issued: OperatorCertificateFact = {
  kind: 'term',
  eventId: 'e-issued',
  certificateNo: 'C1',
  categories: ['P', 'R2'],
  validFrom: '2022-01-01',
  validUntil: '2025-12-31',
}

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

t.test(
  'judgeOperatorWork: a fill the day after expiry is one violation with the fill and the term as evidence',
  async (t) => {
    const [v, ...rest] = judgeOperatorWork(work, [issued])
    t.equal(rest.length, 0)
    t.match(v, { category: 'operator_uncertified', subReason: 'certificate_expired', organisationId: 'station-1' })
    t.same(v?.evidence, ['e-fill', 'e-issued'])
    t.same(judgeOperatorWork({ ...work, day: '2025-12-31' }, [issued]), [])
  },
)

t.test('judgeOperatorWork: no certificate for the category, or none yet valid, is no_certificate', async (t) => {
  t.match(judgeOperatorWork({ ...work, day: '2021-12-31' }, [issued]), [
    { subReason: 'no_certificate', evidence: ['e-fill'] },
  ])
  t.match(judgeOperatorWork({ ...work, workCategory: 'Q2', day: '2023-01-01' }, [issued]), [
    { subReason: 'no_certificate', evidence: ['e-fill'] },
  ])
  const suspended: OperatorCertificateFact = {
    kind: 'suspended',
    eventId: 'e-s',
    certificateNo: 'C1',
    from: '2023-03-01',
  }
  t.match(judgeOperatorWork({ ...work, day: '2023-06-01' }, [issued, suspended]), [
    { subReason: 'certificate_suspended', evidence: ['e-fill', 'e-s'] },
  ])
})
