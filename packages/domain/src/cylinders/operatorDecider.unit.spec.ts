import t from 'tap'
import { operatorDecider, type OperatorCommand, type OperatorEvent } from './operatorDecider.ts'
import { operatorCertificateFact, operatorCertificateStatusOn } from './operatorCertificateStatus.ts'

const given = (events: readonly OperatorEvent[]) =>
  events.reduce(operatorDecider.evolve, operatorDecider.initialState())
const run = (events: readonly OperatorEvent[], command: OperatorCommand) => [
  ...events,
  ...operatorDecider.decide(command, given(events)),
]
const statusOn = (events: readonly OperatorEvent[], date: string, category = 'P') =>
  operatorCertificateStatusOn(
    events.map((e, i) => operatorCertificateFact(e, `e${i}`)),
    category,
    date,
  ).status

const issued = run([], {
  type: 'IssueOperatorCertificate',
  data: {
    personId: 'p-1',
    name: 'Zhang San',
    certificateNo: 'TS-P-001',
    categories: ['P'],
    validFrom: '2022-01-01',
    validUntil: '2025-12-31',
    issuedBy: 'bureau',
    regionCode: '330100',
  },
})

t.test('validity for a category at any date', async (t) => {
  t.equal(statusOn(issued, '2021-12-31'), 'not_yet_valid')
  t.equal(statusOn(issued, '2022-01-01'), 'valid')
  t.equal(statusOn(issued, '2025-12-31'), 'valid')
  t.equal(statusOn(issued, '2026-01-01'), 'expired')
  t.equal(statusOn(issued, '2023-01-01', 'G1'), 'missing')
})

t.test('suspension then reinstatement leaves a gap in the past', async (t) => {
  const suspended = run(issued, {
    type: 'SuspendOperatorCertificate',
    data: { certificateNo: 'TS-P-001', suspendedFrom: '2023-03-01', reason: 'violation' },
  })
  t.throws(
    () =>
      run(suspended, {
        type: 'SuspendOperatorCertificate',
        data: { certificateNo: 'TS-P-001', suspendedFrom: '2023-03-02', reason: 'again' },
      }),
    { code: 'certificate-already-suspended' },
  )
  const reinstated = run(suspended, {
    type: 'ReinstateOperatorCertificate',
    data: { certificateNo: 'TS-P-001', reinstatedOn: '2023-04-01' },
  })
  t.equal(statusOn(reinstated, '2023-02-28'), 'valid')
  t.equal(statusOn(reinstated, '2023-03-15'), 'suspended')
  t.equal(statusOn(reinstated, '2023-03-31'), 'suspended')
  t.equal(statusOn(reinstated, '2023-04-01'), 'valid')
})

t.test('revocation is final from its date; history before it stays valid', async (t) => {
  const revoked = run(issued, {
    type: 'RevokeOperatorCertificate',
    data: { certificateNo: 'TS-P-001', revokedOn: '2024-01-01', reason: 'fraud' },
  })
  t.equal(statusOn(revoked, '2023-12-31'), 'valid')
  t.equal(statusOn(revoked, '2024-01-01'), 'revoked')
  t.throws(
    () =>
      run(revoked, {
        type: 'RenewOperatorCertificate',
        data: { certificateNo: 'TS-P-001', renewedOn: '2025-11-01', validUntil: '2029-12-31' },
      }),
    { code: 'certificate-revoked' },
  )
})

t.test('a timely renewal continues the term; a late one leaves a gap', async (t) => {
  const timely = run(issued, {
    type: 'RenewOperatorCertificate',
    data: { certificateNo: 'TS-P-001', renewedOn: '2025-11-01', validUntil: '2029-12-31' },
  })
  t.match(timely.at(-1), { data: { validFrom: '2026-01-01' } })
  t.equal(statusOn(timely, '2026-01-01'), 'valid')
  const late = run(issued, {
    type: 'RenewOperatorCertificate',
    data: { certificateNo: 'TS-P-001', renewedOn: '2026-03-01', validUntil: '2030-02-28' },
  })
  t.equal(statusOn(late, '2026-02-01'), 'expired')
  t.equal(statusOn(late, '2026-03-01'), 'valid')
})
