import type { BilingualMessage } from '@gsr/domain'
import { violationCatalogue, type ViolationCategory } from '@gsr/domain/enforcement'
import type { ViolationRecord } from './listViolations.ts'

/** The languages every user-facing text of the domain comes in. */
export type CsvLanguage = keyof BilingualMessage

/**
 * Columns, with their header in each language. Codes stay in their own columns (stable, for
 * machines and filters); the two label columns say the same in words, for people.
 */
const columns = [
  ['id', { en: 'id', 'zh-CN': '编号' }],
  ['category', { en: 'category', 'zh-CN': '违法类别代码' }],
  ['category_label', { en: 'category_label', 'zh-CN': '违法类别' }],
  ['sub_reason', { en: 'sub_reason', 'zh-CN': '具体情形代码' }],
  ['sub_reason_label', { en: 'sub_reason_label', 'zh-CN': '具体情形' }],
  ['subject_kind', { en: 'subject_kind', 'zh-CN': '对象类型' }],
  ['subject_id', { en: 'subject_id', 'zh-CN': '对象编号' }],
  ['organisation_id', { en: 'organisation_id', 'zh-CN': '单位编号' }],
  ['region', { en: 'region', 'zh-CN': '行政区划代码' }],
  ['occurred_at', { en: 'occurred_at', 'zh-CN': '发生时间' }],
  ['detected_at', { en: 'detected_at', 'zh-CN': '发现时间' }],
  ['status', { en: 'status', 'zh-CN': '状态' }],
  ['resolved_by_event_id', { en: 'resolved_by_event_id', 'zh-CN': '纠正事件编号' }],
  ['resolved_by_event_type', { en: 'resolved_by_event_type', 'zh-CN': '纠正事件类型' }],
  ['resolved_at', { en: 'resolved_at', 'zh-CN': '纠正记录时间' }],
  ['resolved_on', { en: 'resolved_on', 'zh-CN': '纠正日期' }],
  ['evidence_event_ids', { en: 'evidence_event_ids', 'zh-CN': '证据事件编号' }],
] as const

type Column = (typeof columns)[number][0]

function cell(value: unknown): string {
  const text = value instanceof Date ? value.toISOString() : value == null ? '' : String(value)
  // RFC 4180 quoting; a leading = + - @, TAB or CR is neutralised (OWASP CSV injection) so
  // spreadsheets do not run the cell as a formula: Excel drops a leading TAB or CR and reads on.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

function labelsOf(row: ViolationRecord, language: CsvLanguage): { category: string; subReason: string } {
  const entry = violationCatalogue[row.category as ViolationCategory]
  if (!entry) return { category: '', subReason: '' }
  const subReasons: Record<string, BilingualMessage> = entry.subReasons
  return { category: entry.label[language], subReason: subReasons[row.sub_reason]?.[language] ?? '' }
}

/**
 * CSV (RFC 4180, CRLF) of violations, one row each, evidence ids joined by spaces; header and
 * labels in the given language (codes and values are the same in both).
 */
export function violationsCsv(
  rows: readonly ViolationRecord[],
  options: { header?: boolean; language?: CsvLanguage } = {},
): string {
  const language = options.language ?? 'en'
  const lines = (options.header ?? true) ? [columns.map(([, header]) => cell(header[language])).join(',')] : []
  for (const row of rows) {
    const labels = labelsOf(row, language)
    const values: Record<Column, unknown> = {
      ...row,
      category_label: labels.category,
      sub_reason_label: labels.subReason,
      evidence_event_ids: row.evidence.map((e) => e.eventId).join(' '),
    }
    lines.push(columns.map(([column]) => cell(values[column])).join(','))
  }
  return lines.map((l) => `${l}\r\n`).join('')
}

/** One CSV cell as every export writes it (RFC 4180 quoting, formula-looking text neutralised). */
export { cell as csvCell }
