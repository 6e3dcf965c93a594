import t from 'tap'
import type { ApplianceCertificateFact } from './applianceCertificateStatusAt.ts'
import { cccRequirementRules } from './cccRequirementRules.ts'
import { judgeApplianceRecord, type ApplianceRecordFact } from './judgeApplianceRecord.ts'

const requirement = cccRequirementRules.at('2025-01-01').rules
const issued: ApplianceCertificateFact = {
  kind: 'issued',
  eventId: 'e-iss',
  certificateNo: 'CCC1',
  manufacturerId: 'm1',
  modelNo: 'JZT-1',
  validFrom: '2021-01-01',
  validUntil: '2025-12-31',
}
const sale = (day: string, category = 'gas_stove'): ApplianceRecordFact => ({
  eventId: `e-sale-${day}`,
  kind: 'sale',
  recordId: `s-${day}`,
  category,
  manufacturerId: 'm1',
  modelNo: 'JZT-1',
  organisationId: 'seller-1',
  region: '330106',
  day,
  quantity: 3,
})
const reason = (facts: ApplianceCertificateFact[], r: ApplianceRecordFact) =>
  judgeApplianceRecord(r, facts, requirement).map((v) => v.subReason)

t.test('valid certificate on the day: lawful; never certified: a violation', async (t) => {
  t.same(reason([issued], sale('2024-01-01')), [])
  t.same(reason([], sale('2024-01-01')), ['never_certified'])
  t.same(reason([issued], sale('2020-12-31')), ['never_certified'], 'before validFrom')
})

t.test('each failure from its effective day; expiry by date; suspension lifted', async (t) => {
  t.same(reason([issued], sale('2026-01-01')), ['certificate_expired'])
  const revoked: ApplianceCertificateFact = {
    kind: 'failed',
    eventId: 'e-rev',
    certificateNo: 'CCC1',
    failure: 'revoked',
    effectiveFrom: '2024-03-01',
  }
  t.same(reason([issued, revoked], sale('2024-02-29')), [])
  const v = judgeApplianceRecord(sale('2024-03-01'), [issued, revoked], requirement)
  t.match(v, [
    { subReason: 'certificate_revoked', organisationId: 'seller-1', evidence: ['e-sale-2024-03-01', 'e-rev'] },
  ])
  const suspended: ApplianceCertificateFact = {
    kind: 'failed',
    eventId: 'e-sus',
    certificateNo: 'CCC1',
    failure: 'suspended',
    effectiveFrom: '2024-05-01',
  }
  const reinstated: ApplianceCertificateFact = {
    kind: 'reinstated',
    eventId: 'e-rei',
    certificateNo: 'CCC1',
    effectiveFrom: '2024-06-01',
  }
  t.same(reason([issued, suspended, reinstated], sale('2024-05-15')), ['certificate_suspended'])
  t.same(reason([issued, suspended, reinstated], sale('2024-06-01')), [])
  const cancelled: ApplianceCertificateFact = {
    kind: 'failed',
    eventId: 'e-c',
    certificateNo: 'CCC1',
    failure: 'cancelled',
    effectiveFrom: '2024-07-01',
  }
  t.same(
    reason([issued, cancelled, reinstated], sale('2024-07-02')),
    ['certificate_cancelled'],
    'only suspensions lift',
  )
})

t.test('outside CCC (leak alarms) or before the requirement date: no violation', async (t) => {
  t.same(reason([], sale('2024-01-01', 'gas_leak_alarm')), [])
  t.same(reason([], sale('2019-01-01')), [])
})
