import type { PenaltyCaseView } from './penaltyCaseQueries.ts'
import { fenOf } from './penaltyCasesProjection.ts'
import { csvCell, type CsvLanguage } from './violationsCsv.ts'

const header = {
  en: [
    'case_id',
    'region',
    'organisation_id',
    'sources',
    'opened_on',
    'on',
    'stage',
    'decision_due',
    'overdue',
    'decided_on',
    'decision_number',
    'penalties',
    'fine_fen',
    'fine_yuan',
    'closed_on',
    'fine_collected_fen',
    'fine_collected_yuan',
    'dropped_on',
    'referral_state',
    'referred_on',
    'criminal_case_number',
  ],
  'zh-CN': [
    '案件编号',
    '行政区划代码',
    '当事人编号',
    '案件来源',
    '立案日期',
    '统计日',
    '阶段',
    '办案期限',
    '是否超期',
    '决定日期',
    '决定书文号',
    '处罚种类',
    '罚款（分）',
    '罚款（元）',
    '结案日期',
    '已收缴罚款（分）',
    '已收缴罚款（元）',
    '撤案/不予处罚日期',
    '移送状态',
    '移送日期',
    '刑事案件编号',
  ],
} as const

const stageLabels = {
  opened: { en: 'opened', 'zh-CN': '已立案' },
  investigated: { en: 'investigated', 'zh-CN': '调查终结' },
  decided: { en: 'decided', 'zh-CN': '已作出处罚决定' },
  closed: { en: 'closed', 'zh-CN': '已结案' },
  dropped: { en: 'dropped', 'zh-CN': '不予处罚/已撤案' },
} as const
const referralLabels = {
  pending: { en: 'pending', 'zh-CN': '待回执' },
  accepted: { en: 'accepted', 'zh-CN': '公安已立案' },
  declined: { en: 'declined', 'zh-CN': '公安不予立案' },
} as const

/** Integer fen as yuan with two decimals, exactly (no floating point). */
export function yuanOf(fen: number | null): string {
  if (fen === null) return ''
  return `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`
}

/** The case list on `on` as CSV, one row per case; labels in the caller's language. */
export function penaltyCasesCsv(views: readonly PenaltyCaseView[], language: CsvLanguage): string {
  const rows: unknown[][] = [[...header[language]]]
  for (const v of views) {
    const r = v.row
    const fine = fenOf(r.fine_fen)
    const collected = fenOf(r.fine_collected_fen)
    const referral = v.referral && r.referrals.filter((x) => x.referredOn === v.referral!.referredOn).at(-1)
    rows.push([
      r.case_id,
      r.region,
      r.organisation_id,
      r.sources.map((s) => `${s.source}:${s.id}`).join(' '),
      r.opened_on,
      v.on,
      stageLabels[v.stage][language],
      v.decisionDue,
      v.overdue,
      r.decided_on !== null && r.decided_on <= v.on ? r.decided_on : '',
      r.decided_on !== null && r.decided_on <= v.on ? (r.decision?.decisionNumber ?? '') : '',
      r.decided_on !== null && r.decided_on <= v.on ? (r.decision?.penalties.map((p) => p.kind).join(' ') ?? '') : '',
      r.decided_on !== null && r.decided_on <= v.on ? (fine ?? '') : '',
      r.decided_on !== null && r.decided_on <= v.on ? yuanOf(fine) : '',
      r.closed_on !== null && r.closed_on <= v.on ? r.closed_on : '',
      r.closed_on !== null && r.closed_on <= v.on ? (collected ?? '') : '',
      r.closed_on !== null && r.closed_on <= v.on ? yuanOf(collected) : '',
      r.dropped_on !== null && r.dropped_on <= v.on ? r.dropped_on : '',
      v.referral ? referralLabels[v.referral.state][language] : '',
      v.referral?.referredOn ?? '',
      v.referral?.state === 'accepted' ? (referral?.criminalCaseNumber ?? '') : '',
    ])
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n'
}
