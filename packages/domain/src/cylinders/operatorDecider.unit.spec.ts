import t from 'tap'
import { workCategories } from '@gsr/events/cylinders'
import { operatorCertificateRules } from './operatorCertificateRules.ts'
import { withPublished } from '../RuleTable.ts'
import { operatorDecider, operatorDeciderWith, type OperatorCommand, type OperatorEvent } from './operatorDecider.ts'
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

t.test('a term runs at most 4 years (TSG Z6001), at issue and at review (复审)', async (t) => {
  const issue = (validUntil: string) => ({
    type: 'IssueOperatorCertificate' as const,
    data: {
      personId: 'p-2',
      name: 'Li Si',
      certificateNo: 'TS-P-002',
      categories: ['P' as const],
      validFrom: '2022-01-01',
      validUntil,
      issuedBy: 'bureau',
      regionCode: '330100',
    },
  })
  t.match(run([], issue('2025-12-31')).at(-1), { type: 'OperatorCertificateIssued' }, 'four years to the day before')
  t.match(run([], issue('2026-01-01')).at(-1), { type: 'OperatorCertificateIssued' }, 'the anniversary, as printed')
  t.throws(() => run([], issue('2026-01-02')), { code: 'validity-beyond-rule', fields: ['validUntil'] })
  t.throws(() => run([], issue('2099-12-31')), { code: 'validity-beyond-rule' })
  t.throws(
    () =>
      run(issued, {
        type: 'RenewOperatorCertificate',
        data: { certificateNo: 'TS-P-001', renewedOn: '2025-11-01', validUntil: '2030-01-02' },
      }),
    { code: 'validity-beyond-rule', fields: ['validUntil'] },
    'a review continues from 2026-01-01: four years at most',
  )
  t.throws(
    () =>
      run([], {
        ...issue('2001-01-01'),
        data: { ...issue('2001-01-01').data, validFrom: '1999-06-01' },
      }),
    { code: 'no-rule-in-force', fields: ['validFrom'] },
    'a term before the table starts: no rule to judge it by, naming validFrom',
  )
})

t.test('over a published version: a term from its day runs its years; the events cite the version', async (t) => {
  const code = operatorCertificateRules.versions[0]!
  const decider = operatorDeciderWith({
    operatorCertificateRules: withPublished(operatorCertificateRules, [
      { version: '2027.1', effectiveFrom: '2027-01-01', rules: { ...code.rules, validityYears: 5 } },
    ]),
  })
  const issue = (validFrom: string, validUntil: string) =>
    decider.decide(
      {
        type: 'IssueOperatorCertificate',
        data: { ...issued[0]!.data, personId: 'p-5', certificateNo: 'TS-5', validFrom, validUntil },
      } as OperatorCommand,
      decider.initialState(),
    )
  t.match(issue('2027-01-01', '2031-12-31'), [{ data: { ruleVersion: '2027.1' } }], '5 years from the day')
  t.throws(() => issue('2026-12-31', '2031-12-30'), { code: 'validity-beyond-rule' }, 'the day before: 4 years')
  t.match(issue('2026-12-31', '2030-12-30'), [{ data: { ruleVersion: code.version } }])
  t.match(issued, [{ data: { ruleVersion: code.version } }], 'the constant decider: the code version')
})

t.test('the work categories are those of TSG Z6001-2019 附件A, named and cited', async (t) => {
  const { rules } = operatorCertificateRules.at('2026-01-01')
  t.same(Object.keys(rules.workCategories).sort(), [...workCategories].sort(), 'the event schema accepts exactly these')
  t.equal(rules.workCategories.P['zh-CN'], '气瓶充装')
  t.equal(rules.workCategories.R3['zh-CN'], '氧舱维护保养')
  t.equal(rules.workCategories.F['zh-CN'], '安全阀校验')
  t.match(rules.workCategoriesSource, /TSG Z6001-2019/)
  t.equal(rules.validityYears, 4)
})

t.test('a suspension with an end date ends by itself; reinstating it early ends it sooner', async (t) => {
  const suspended = run(issued, {
    type: 'SuspendOperatorCertificate',
    data: { certificateNo: 'TS-P-001', suspendedFrom: '2023-03-01', suspendedUntil: '2023-05-31', reason: 'review' },
  })
  t.equal(statusOn(suspended, '2023-04-15'), 'suspended')
  t.equal(statusOn(suspended, '2023-06-01'), 'valid', 'ends by itself')
  const early = run(suspended, {
    type: 'ReinstateOperatorCertificate',
    data: { certificateNo: 'TS-P-001', reinstatedOn: '2023-04-01' },
  })
  t.match(early.at(-1), { type: 'OperatorCertificateReinstated', data: { reinstatedOn: '2023-04-01' } })
  t.equal(statusOn(early, '2023-03-31'), 'suspended')
  t.equal(statusOn(early, '2023-04-01'), 'valid', 'valid again from the reinstatement')
  t.same(
    given(early).certificates['TS-P-001']?.suspensions,
    [{ from: '2023-03-01', until: '2023-03-31' }],
    'the decider sees the suspension ended as the status does',
  )
  t.throws(
    () =>
      run(early, {
        type: 'ReinstateOperatorCertificate',
        data: { certificateNo: 'TS-P-001', reinstatedOn: '2023-04-10' },
      }),
    { code: 'certificate-not-suspended', fields: ['reinstatedOn'] },
    'nothing left to reinstate',
  )
  t.throws(
    () =>
      run(suspended, {
        type: 'ReinstateOperatorCertificate',
        data: { certificateNo: 'TS-P-001', reinstatedOn: '2023-06-01' },
      }),
    { code: 'certificate-not-suspended' },
    'after a dated suspension ended by itself there is nothing to reinstate',
  )
  const reinstatedOnLastDay = run(suspended, {
    type: 'ReinstateOperatorCertificate',
    data: { certificateNo: 'TS-P-001', reinstatedOn: '2023-05-31' },
  })
  t.equal(statusOn(reinstatedOnLastDay, '2023-05-31'), 'valid', 'on its last day')
})

t.test('a new certificate lifts no other certificate’s suspension or revocation', async (t) => {
  const issue = (certificateNo: string, validFrom: string, categories: ('P' | 'R2')[] = ['P']): OperatorCommand => ({
    type: 'IssueOperatorCertificate',
    data: {
      personId: 'p-1',
      name: 'Zhang San',
      certificateNo,
      categories,
      validFrom,
      validUntil: '2026-05-31',
      issuedBy: 'bureau-b',
      regionCode: '330200',
    },
  })
  // A dated suspension, never reinstated, then a renewal that drops P: its first term covered P.
  const suspended = run(issued, {
    type: 'SuspendOperatorCertificate',
    data: { certificateNo: 'TS-P-001', suspendedFrom: '2023-03-01', suspendedUntil: '2023-05-31', reason: 'x' },
  })
  const renewed = run(suspended, {
    type: 'RenewOperatorCertificate',
    data: { certificateNo: 'TS-P-001', renewedOn: '2025-12-01', validUntil: '2029-12-31', categories: ['R2'] },
  })
  for (const events of [suspended, renewed]) {
    t.throws(() => run(events, issue('B-1', '2023-05-31')), {
      code: 'certificate-suspended-elsewhere',
      fields: ['validFrom'],
      message: /TS-P-001.*330100.*2023-03-01 to 2023-05-31.*2023-06-01/,
    })
    t.throws(() => run(events, issue('B-1', '2022-06-01', ['R2', 'P'])), { code: 'certificate-suspended-elsewhere' })
  }
  t.equal(run(suspended, issue('B-1', '2023-06-01')).length, suspended.length + 1, 'from the day after it ends')
  t.equal(run(suspended, issue('B-1', '2022-06-01', ['R2'])).length, suspended.length + 1, 'another category')

  const revoked = run(issued, {
    type: 'RevokeOperatorCertificate',
    data: { certificateNo: 'TS-P-001', revokedOn: '2024-01-10', reason: 'fraud' },
  })
  t.throws(() => run(revoked, issue('B-1', '2024-01-10')), {
    code: 'certificate-revoked',
    fields: ['validFrom'],
    message: /TS-P-001.*330100.*2024-01-10.*2024-01-11/,
  })
  const recertified = run(revoked, issue('B-1', '2024-01-11'))
  t.equal(statusOn(recertified, '2024-01-10'), 'revoked')
  t.equal(statusOn(recertified, '2024-01-11'), 'valid')
})

t.test('a renewal of another certificate is not dated into a suspension or revocation either', async (t) => {
  // B (Ningbo) held before A (TS-P-001, Hangzhou) was suspended: the reverse order.
  const withB = run(issued, {
    type: 'IssueOperatorCertificate',
    data: {
      personId: 'p-1',
      name: 'Zhang San',
      certificateNo: 'B-1',
      categories: ['P', 'R2'],
      validFrom: '2021-01-01',
      validUntil: '2024-12-31',
      issuedBy: 'bureau-b',
      regionCode: '330200',
    },
  })
  const renew = (validFrom: string | undefined, categories?: ('P' | 'R2')[]): OperatorCommand => ({
    type: 'RenewOperatorCertificate',
    data: {
      certificateNo: 'B-1',
      renewedOn: '2025-07-01',
      validUntil: '2028-12-31',
      ...(validFrom ? { validFrom } : {}),
      ...(categories ? { categories } : {}),
    },
  })
  const suspended = run(withB, {
    type: 'SuspendOperatorCertificate',
    data: { certificateNo: 'TS-P-001', suspendedFrom: '2025-03-01', suspendedUntil: '2025-05-31', reason: 'x' },
  })
  t.throws(() => run(suspended, renew('2025-01-01')), {
    code: 'certificate-suspended-elsewhere',
    fields: ['validFrom'],
    message: /TS-P-001.*330100.*2025-03-01 to 2025-05-31; the renewed term can be valid from 2025-06-01/,
  })
  t.equal(statusOn(suspended, '2025-04-01'), 'suspended')
  const late = run(suspended, renew(undefined))
  t.match(late.at(-1), { type: 'OperatorCertificateRenewed', data: { validFrom: '2025-07-01' } }, 'from its day')
  t.equal(run(suspended, renew('2025-01-01', ['R2'])).length, suspended.length + 1, 'another category')

  const open = run(withB, {
    type: 'SuspendOperatorCertificate',
    data: { certificateNo: 'TS-P-001', suspendedFrom: '2025-03-01', reason: 'x' },
  })
  t.throws(() => run(open, renew(undefined)), {
    code: 'certificate-suspended-elsewhere',
    fields: ['categories'],
    message: /not a renewal/,
  })
  // Its own suspension does not stop a certificate's review; the suspension stays.
  const ownRenewal = run(open, {
    type: 'RenewOperatorCertificate',
    data: { certificateNo: 'TS-P-001', renewedOn: '2025-11-01', validUntil: '2029-12-31' },
  })
  t.equal(statusOn(ownRenewal, '2026-06-01'), 'suspended')

  const revoked = run(withB, {
    type: 'RevokeOperatorCertificate',
    data: { certificateNo: 'TS-P-001', revokedOn: '2025-03-01', reason: 'fraud' },
  })
  t.throws(() => run(revoked, renew('2025-01-01')), { code: 'certificate-revoked', fields: ['validFrom'] })
  const renewedAfter = run(revoked, renew(undefined))
  t.equal(statusOn(renewedAfter, '2025-08-01'), 'revoked', 'a renewal is no re-certification')
})
