import { complaintCategories, type ComplaintCategory } from '@gsr/domain/enforcement'
import type { ComplaintView } from './complaintQueries.ts'
import { csvCell, type CsvLanguage } from './violationsCsv.ts'

const header = {
  en: [
    'complaint_id',
    'channel',
    'region',
    'received_on',
    'category',
    'category_label',
    'subject',
    'content',
    'reply_due',
    'on',
    'status',
    'team',
    'refusals',
    'replied_on',
    'satisfaction',
    'ledger',
  ],
  'zh-CN': [
    '工单编号',
    '来源渠道',
    '行政区划代码',
    '受理日期',
    '类别代码',
    '类别',
    '投诉对象',
    '诉求内容',
    '答复期限',
    '统计日',
    '状态',
    '承办单位',
    '退回次数',
    '答复日期',
    '满意度',
    '整改台账原因',
  ],
} as const

/**
 * CSV (RFC 4180, CRLF) of complaints as the list shows them on a day, header in the caller's
 * language. Never the complainant's contact: the views carry none (see complaintsProjection).
 */
export function complaintsCsv(views: readonly ComplaintView[], language: CsvLanguage): string {
  const rows: unknown[][] = [[...header[language]]]
  for (const v of views) {
    const r = v.row
    rows.push([
      r.complaint_id,
      r.channel,
      r.region,
      r.received_on,
      r.category,
      complaintCategories[r.category as ComplaintCategory]?.[language] ?? '',
      r.subject_keys.join(' '),
      r.content,
      r.reply_due,
      v.on,
      v.status,
      v.team,
      r.assignments.filter((a) => a.refusedOn !== null && a.refusedOn <= v.on).length,
      r.replied_on !== null && r.replied_on <= v.on ? r.replied_on : null,
      r.satisfaction_on !== null && r.satisfaction_on <= v.on ? r.satisfaction : null,
      v.ledger.join(' '),
    ])
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n'
}
