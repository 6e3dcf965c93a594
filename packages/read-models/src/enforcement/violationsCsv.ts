import type { ViolationRecord } from './listViolations.ts'

const columns = [
  'id',
  'category',
  'sub_reason',
  'subject_kind',
  'subject_id',
  'organisation_id',
  'region',
  'occurred_at',
  'detected_at',
  'status',
  'resolved_by_event_id',
  'resolved_at',
  'evidence_event_ids',
] as const

function cell(value: unknown): string {
  const text = value instanceof Date ? value.toISOString() : value == null ? '' : String(value)
  // RFC 4180 quoting; a leading = + - @ is neutralised so spreadsheets do not run it as a formula.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

/** CSV (RFC 4180, CRLF) of violations, one row each, evidence ids joined by spaces. */
export function violationsCsv(rows: readonly ViolationRecord[], header = true): string {
  const lines = header ? [columns.join(',')] : []
  for (const row of rows) {
    const values: Record<(typeof columns)[number], unknown> = {
      ...row,
      evidence_event_ids: row.evidence.map((e) => e.eventId).join(' '),
    }
    lines.push(columns.map((c) => cell(values[c])).join(','))
  }
  return lines.map((l) => `${l}\r\n`).join('')
}
