import type { RectificationOrderView } from './rectificationOrderQueries.ts'
import { csvCell, type CsvLanguage } from './violationsCsv.ts'

const header = {
  en: [
    'order_id',
    'region',
    'organisation_id',
    'problems',
    'issued_on',
    'deadline',
    'legal_basis',
    'on',
    'status',
    'overdue',
    'delivered_on',
    'rechecked_on',
    'outcome',
    'rebound_of',
  ],
  'zh-CN': [
    '整改通知书编号',
    '行政区划代码',
    '单位编号',
    '违法行为/检查发现',
    '下达日期',
    '整改期限',
    '法律依据',
    '统计日',
    '状态',
    '是否逾期未复查',
    '送达日期',
    '复查日期',
    '复查结论',
    '反弹（此前整改的通知书）',
  ],
} as const

const statusLabels = {
  issued: { en: 'issued', 'zh-CN': '已下达' },
  delivered: { en: 'delivered', 'zh-CN': '已送达' },
  rectified: { en: 'rectified', 'zh-CN': '已整改' },
  not_rectified: { en: 'not rectified', 'zh-CN': '未整改' },
} as const

/** The order list on `on` as CSV, one row per order; labels in the caller's language. */
export function rectificationOrdersCsv(views: readonly RectificationOrderView[], language: CsvLanguage): string {
  const rows: unknown[][] = [[...header[language]]]
  for (const v of views) {
    const r = v.row
    const known = (day: string | null) => (day !== null && day <= v.on ? day : '')
    rows.push([
      r.order_id,
      r.region,
      r.organisation_id,
      r.problems.map((p) => `${p.source}:${p.id}`).join(' '),
      r.issued_on,
      r.deadline,
      r.legal_basis.map((b) => b.article).join('；'),
      v.on,
      statusLabels[v.status][language],
      v.overdue,
      known(r.delivered_on),
      known(r.rechecked_on),
      r.rechecked_on !== null && r.rechecked_on <= v.on ? (r.outcome ?? '') : '',
      v.rebound ? v.rebound.orderId : '',
    ])
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n'
}
