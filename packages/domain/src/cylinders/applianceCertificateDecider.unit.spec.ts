import t from 'tap'
import {
  applianceCertificateDecider as decider,
  type ApplianceCertificateCommand,
  type ApplianceCertificateEvent,
} from './applianceCertificateDecider.ts'
import { applianceCertificateStatusOn } from './applianceCertificateStatus.ts'

const given = (events: readonly ApplianceCertificateEvent[]) => events.reduce(decider.evolve, decider.initialState())
const run = (events: readonly ApplianceCertificateEvent[], command: ApplianceCertificateCommand) => [
  ...events,
  ...decider.decide(command, given(events)),
]
const statusOn = (events: readonly ApplianceCertificateEvent[], date: string) => {
  const state = given(events)
  if (!state.issued) throw new Error('not issued')
  return applianceCertificateStatusOn(state, date)
}

const issued = run([], {
  type: 'IssueApplianceCertificate',
  data: {
    certificateNo: 'CCC-2024-1',
    certificationBodyId: 'cqc',
    manufacturerId: 'maker-1',
    modelNo: 'JZT-2',
    category: 'gas_stove',
    validFrom: '2024-01-01',
    validUntil: '2028-12-31',
    regionCode: '440600',
  },
})

t.test('status on any date through suspension, reinstatement and revocation', async (t) => {
  const suspended = run(issued, {
    type: 'RecordCertificationFailure',
    data: { failure: 'suspended', effectiveFrom: '2025-03-01', reason: 'failed follow-up audit' },
  })
  t.match(suspended.at(-1), {
    type: 'ApplianceCertificationFailed',
    data: { failure: 'suspended', modelNo: 'JZT-2', manufacturerId: 'maker-1' },
  })
  const reinstated = run(suspended, { type: 'ReinstateApplianceCertificate', data: { effectiveFrom: '2025-05-01' } })
  const revoked = run(reinstated, {
    type: 'RecordCertificationFailure',
    data: { failure: 'revoked', effectiveFrom: '2026-01-01', reason: 'spot check failed' },
  })
  t.equal(statusOn(revoked, '2023-12-31'), 'not_yet_valid')
  t.equal(statusOn(revoked, '2025-02-28'), 'valid')
  t.equal(statusOn(revoked, '2025-04-01'), 'suspended')
  t.equal(statusOn(revoked, '2025-05-01'), 'valid')
  t.equal(statusOn(revoked, '2026-01-01'), 'revoked')
  t.throws(
    () =>
      run(revoked, {
        type: 'RecordCertificationFailure',
        data: { failure: 'suspended', effectiveFrom: '2026-02-01', reason: 'x' },
      }),
    { code: 'certificate-withdrawn' },
  )
})

t.test('expiry by date and by a recorded expiry', async (t) => {
  t.equal(statusOn(issued, '2029-01-01'), 'expired')
  const expired = run(issued, {
    type: 'RecordCertificationFailure',
    data: { failure: 'expired', effectiveFrom: '2027-01-01', reason: 'not renewed' },
  })
  t.equal(statusOn(expired, '2026-12-31'), 'valid')
  t.equal(statusOn(expired, '2027-01-01'), 'expired')
})

t.test('reinstating a certificate that is not suspended is refused', async (t) => {
  t.throws(() => run(issued, { type: 'ReinstateApplianceCertificate', data: { effectiveFrom: '2025-01-01' } }), {
    code: 'certificate-not-suspended',
  })
})
