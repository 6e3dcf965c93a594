/**
 * Calendar-date arithmetic on YYYY-MM-DD strings, in UTC so no time zone shifts a day; and the
 * China field day of an instant. Certificates, inspections, deadlines and service life are
 * counted in calendar days of China Standard Time (UTC+8, no daylight saving): an instant is
 * mapped to its local date before it is compared with a "valid until" or "due" date.
 */

const dayMs = 86_400_000
const chinaOffsetMs = 8 * 3_600_000

function toUtc(date: string): Date {
  return new Date(`${date}T00:00:00Z`)
}

/** A real calendar date written YYYY-MM-DD (free-text record fields may hold anything). */
export function isIsoDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && toUtc(text).toISOString().slice(0, 10) === text
}

export function addDays(date: string, days: number): string {
  return new Date(toUtc(date).getTime() + days * dayMs).toISOString().slice(0, 10)
}

/** Adds calendar months, clamping to the month's last day (2024-01-31 + 1 month = 2024-02-29). */
export function addMonths(date: string, months: number): string {
  const d = toUtc(date)
  const year = d.getUTCFullYear()
  const month = d.getUTCMonth() + months
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  return new Date(Date.UTC(year, month, Math.min(d.getUTCDate(), lastDay))).toISOString().slice(0, 10)
}

/** Adds whole years; 29 February becomes 28 February in a common year. */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const year = y + years
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate()
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`
}

export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / dayMs)
}

/** The field day of an instant: its date in China Standard Time. */
export function chinaDate(instant: Date | string): string {
  const at = typeof instant === 'string' ? new Date(instant) : instant
  return new Date(at.getTime() + chinaOffsetMs).toISOString().slice(0, 10)
}

/** Start of a China-time day as an ISO instant with offset, for metadata.occurredAt. */
export function chinaStartOfDay(date: string): string {
  return `${date}T00:00:00+08:00`
}

/** An instant as people in China read it: ISO 8601 in China Standard Time (`…+08:00`). */
export function chinaTimestamp(instant: Date | string): string {
  const at = typeof instant === 'string' ? new Date(instant) : instant
  return `${new Date(at.getTime() + chinaOffsetMs).toISOString().slice(0, 23)}+08:00`
}
