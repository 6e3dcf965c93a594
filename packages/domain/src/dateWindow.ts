import { representableInstant, type DateWindowKind } from '@gsr/events'
import { ruleTable } from './RuleTable.ts'
import { addYears, chinaDate, daysBetween } from './calendar.ts'
import { fillCheckItems } from './cylinders/fillCheckItems.ts'
import { cylinderTypeRules } from './cylinders/cylinderTypeRules.ts'

export interface DateWindowRules {
  /** First day accepted, per kind of field. `happened` is the earliest day any rule version is in force. */
  readonly earliest: Readonly<Record<DateWindowKind, string>>
  /** How far ahead of the server's clock a terminal's clock may run: facts up to now plus this are not "future". */
  readonly futureSkewMinutes: number
  /** How far ahead a `scheduled` day (expiry, due date, plan) may lie. */
  readonly scheduledYearsAhead: number
  /**
   * A fact recorded more than this many days after its field day is marked late-reported
   * (迟报), per event type; `default` for the others.
   */
  readonly lateReportingDays: Readonly<Record<string, number>> & { readonly default: number }
}

/**
 * Rule table `dateWindow`: which dates and instants the registry accepts as input, per kind of
 * field (see DateWindowKind in @gsr/events), and when a fact counts as reported late. Looked up
 * by the day of the request (China time).
 */
export const dateWindow = ruleTable<DateWindowRules>('dateWindow', [
  {
    version: '2026.1',
    effectiveFrom: '2000-01-01',
    rules: {
      // The cylinder rule tables (cylinderTypeRules, fillCheckItems) start on 2000-01-01: no
      // fact before it can be judged. Equipment and cylinders may be older than the registry.
      earliest: { happened: '2000-01-01', historical: '1900-01-01', scheduled: '1900-01-01' },
      futureSkewMinutes: 10,
      scheduledYearsAhead: 100,
      // Terminals upload fills and checks the same day (offline uploads within a day); people
      // declare register facts within the 30 days TSG 08 gives for registration.
      lateReportingDays: { default: 30, CylinderFilled: 1, CylinderFillChecked: 1 },
    },
  },
])

/**
 * The first day every rule table looked up by a fact's field day (cylinders) is in force (the
 * last of their first days): the `happened` floor must not precede it, as a lookup before a
 * table's first version throws.
 */
export const earliestRuleVersion = [cylinderTypeRules, fillCheckItems]
  .map((table) => table.versions[0]!.effectiveFrom)
  .sort()
  .at(-1)!

export interface DateWindowRefusal {
  readonly reason: 'too-early' | 'in-the-future' | 'too-far-ahead'
  /** The bound crossed: a day (YYYY-MM-DD) or an instant. */
  readonly bound: string
}

/**
 * Whether a date (YYYY-MM-DD) or instant (ISO 8601 with offset) is inside the window of its
 * kind, as of `now`; undefined when it is.
 */
export function dateWindowRefusal(kind: DateWindowKind, value: string, now: Date): DateWindowRefusal | undefined {
  const rules = dateWindow.at(chinaDate(now)).rules
  const isInstant = value.length > 10
  const day = isInstant ? chinaDate(new Date(value)) : value
  const earliest = rules.earliest[kind]
  if (day < earliest) return { reason: 'too-early', bound: earliest }
  const latest = new Date(now.getTime() + rules.futureSkewMinutes * 60_000)
  if (kind === 'scheduled') {
    const bound = addYears(chinaDate(now), rules.scheduledYearsAhead)
    return day > bound ? { reason: 'too-far-ahead', bound } : undefined
  }
  if (isInstant) {
    return Date.parse(value) > latest.getTime() ? { reason: 'in-the-future', bound: latest.toISOString() } : undefined
  }
  const lastDay = chinaDate(latest)
  return day > lastDay ? { reason: 'in-the-future', bound: lastDay } : undefined
}

export interface ReportingDelay {
  /** Whole China days between the field day and the day it was recorded. */
  readonly delayDays: number
  readonly lateReported: boolean
}

/**
 * Late reporting (迟报) of a fact: a pure function of the event (its type, metadata.occurredAt,
 * recordedAt), so projections mark it the same way on every rebuild. Undefined for an
 * occurredAt no store could hold (an event written before appends were validated).
 */
export function reportingDelay(type: string, occurredAt: string, recordedAt: Date): ReportingDelay | undefined {
  if (!representableInstant(occurredAt)) return undefined
  const recordedOn = chinaDate(recordedAt)
  const delayDays = Math.max(0, daysBetween(chinaDate(new Date(occurredAt)), recordedOn))
  const limits = dateWindow.at(recordedOn).rules.lateReportingDays
  return { delayDays, lateReported: delayDays > (limits[type] ?? limits.default) }
}
