import { z } from 'zod'

/** GB/T 2260 administrative division code: 2 digits province, 2 city, 2 county. */
export const RegionCode = z
  .string()
  .regex(/^\d{6}$/, 'a 6-digit GB/T 2260 region code')
  .describe('GB/T 2260 region code (行政区划代码)')
export type RegionCode = z.infer<typeof RegionCode>

export const OrganisationId = z.string().min(1).max(64).describe('organisation id (单位编号)')

/**
 * Dates and instants every store can hold and every reader can parse back: years 0001-9999 (no
 * year 0000, which PostgreSQL refuses; no `+010000-12`, which JavaScript writes past 9999) and
 * offsets within ±14:00. The catalogue's bound; the HTTP edge narrows it to a window per kind of
 * field (see `dateWindow` in @gsr/domain).
 */
export const IsoDate = z.iso
  .date()
  .refine((value) => !value.startsWith('0000'), 'a date in the years 0001-9999')
  .describe('calendar date YYYY-MM-DD')

const offsetPattern = /([+-])(\d\d):(\d\d)$/

/** True for an ISO instant whose offset is within ±14:00 and whose UTC year is 0001-9999. */
export function representableInstant(value: string): boolean {
  const offset = offsetPattern.exec(value)
  if (offset && Number(offset[2]) * 60 + Number(offset[3]) > 14 * 60) return false
  const ms = Date.parse(value)
  if (Number.isNaN(ms)) return false
  const year = new Date(ms).getUTCFullYear()
  return year >= 1 && year <= 9999 && !value.startsWith('0000')
}

export const IsoDateTime = z.iso
  .datetime({ offset: true })
  .refine(representableInstant, 'an instant in the years 0001-9999 with an offset within ±14:00')
  .describe('instant, ISO 8601 with offset')

/**
 * Kinds of date field, each with its own window at the HTTP edge (rule table `dateWindow`):
 * - `happened`: the day a fact happened or was recorded in the field (a fill, a registration, an
 *   inspection): not before the earliest rule version in force, not after today;
 * - `historical`: a fact that may be long past (manufacture, put into service): from 1900, not
 *   after today;
 * - `scheduled`: a day that may lie ahead (an expiry, a due date, a planned start): up to a
 *   hundred years ahead.
 */
export type DateWindowKind = 'happened' | 'historical' | 'scheduled'

/** Which window a body field's date or instant is checked against; read by the kit per route. */
export const dateWindows = z.registry<{ readonly dateWindow: DateWindowKind }>()

function windowed<S extends z.ZodType>(schema: S, dateWindow: DateWindowKind, note: string): S {
  const described = schema.describe(`${schema.description ?? ''}; ${note}`) as S
  dateWindows.add(described as z.ZodType, { dateWindow })
  return described
}

/** A field day: not before the earliest rule version in force, not after today (China time). */
export const HappenedDate = windowed(IsoDate, 'happened', 'a day that has come (not in the future)')
/** A field instant, as a terminal records it: not before the rule floor, not after now plus a small skew. */
export const HappenedAt = windowed(IsoDateTime, 'happened', 'an instant that has come (not in the future)')
/** A day that may be long past (manufacture, put into service), not in the future. */
export const HistoricalDate = windowed(IsoDate, 'historical', 'from 1900, not in the future')
/** A day that may lie ahead (expiry, due date, plan): up to a hundred years ahead. */
export const ScheduledDate = windowed(IsoDate, 'scheduled', 'up to 100 years ahead')

/** Regions contain their sub-regions: 330000 (province) ⊃ 330100 (city) ⊃ 330106 (county). */
export function regionPrefix(code: string): string {
  if (code.endsWith('0000')) return code.slice(0, 2)
  if (code.endsWith('00')) return code.slice(0, 4)
  return code
}

export function regionContains(outer: string, inner: string): boolean {
  return inner.startsWith(regionPrefix(outer))
}
