/**
 * Calendar helpers for rule dates. Certificates, inspections and service life are counted in
 * calendar days of China Standard Time (UTC+8, no daylight saving): an instant is mapped to
 * the local date before it is compared with a "valid until" date.
 */
const chinaOffsetMs = 8 * 3_600_000

export function chinaDate(instant: Date | string): string {
  const at = typeof instant === 'string' ? new Date(instant) : instant
  return new Date(at.getTime() + chinaOffsetMs).toISOString().slice(0, 10)
}

/** Adds whole years to a YYYY-MM-DD date; 29 February becomes 28 February in a common year. */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const year = y + years
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate()
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}
