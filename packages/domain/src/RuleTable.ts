import type { z } from 'zod'
import { DomainError } from './Decider.ts'

/**
 * A named, versioned rule table: the rules in force change over time (regulations get
 * revised), and a decision about a past date must use the version in force on that date.
 * Versions are data with an effective-from date; events cite the version they applied
 * (`ruleRef`, or its `version` string), so a version id, once used, never changes.
 */
export interface RuleVersion<Rules> {
  readonly version: string
  /** YYYY-MM-DD, inclusive. */
  readonly effectiveFrom: string
  readonly rules: Rules
  /**
   * The version this one corrects: an earlier version held a value no regulation ever set (an
   * error, not a rule that was in force), so this one replaces it from the same day on. The
   * corrected version stays listed, so the events that cite it still resolve.
   */
  readonly corrects?: string
}

export interface RuleTable<Rules> {
  readonly name: string
  /** Oldest first. */
  readonly versions: readonly RuleVersion<Rules>[]
  /** The version in force on `date` (YYYY-MM-DD); throws `NoRuleInForceError` before the first one. */
  at(date: string): RuleVersion<Rules>
  /** The version in force on `date`, or undefined before the first one: no rule was in force. */
  inForceOn(date: string): RuleVersion<Rules> | undefined
  /**
   * The shape of `rules` an administrator may publish as a new version (`RuleVersionPublished`);
   * a table without one is changed in code only.
   */
  readonly rulesSchema?: z.ZodType<Rules>
}

/**
 * No version of a rule table is in force on a day. Never answered with the earliest version:
 * evidence must not claim a rule applied before it existed.
 */
export class NoRuleInForceError extends DomainError {
  constructor(
    readonly table: string,
    readonly date: string,
    /** The command field that carries the day, when the caller knows it (the reply names it). */
    fields: readonly string[] = [],
  ) {
    super(
      'no-rule-in-force',
      {
        en: `${table}: no rule version in force on ${date}`,
        'zh-CN': `规则表 ${table} 在 ${date} 没有生效的版本`,
      },
      fields,
    )
  }
}

export function ruleTable<Rules>(
  name: string,
  versions: readonly RuleVersion<Rules>[],
  options: { readonly rulesSchema?: z.ZodType<Rules> } = {},
): RuleTable<Rules> {
  if (versions.length === 0) throw new Error(`rule table ${name} has no version`)
  const sorted = [...versions].sort(
    (a, b) =>
      a.effectiveFrom.localeCompare(b.effectiveFrom) ||
      (a.corrects === b.version ? 1 : b.corrects === a.version ? -1 : 0),
  )
  for (let i = 1; i < sorted.length; i++) {
    const [before, after] = [sorted[i - 1]!, sorted[i]!]
    if (before.effectiveFrom === after.effectiveFrom && after.corrects !== before.version) {
      throw new Error(
        `rule table ${name}: ${before.version} and ${after.version} both start on ${after.effectiveFrom}; a second version on the same day must say which one it corrects`,
      )
    }
  }
  const inForceOn = (date: string): RuleVersion<Rules> | undefined => sorted.findLast((v) => v.effectiveFrom <= date)
  return {
    name,
    versions: sorted,
    ...(options.rulesSchema ? { rulesSchema: options.rulesSchema } : {}),
    inForceOn,
    at(date) {
      const found = inForceOn(date)
      if (!found) throw new NoRuleInForceError(name, date)
      return found
    },
  }
}

/**
 * The effective table: the versions in code plus those an administrator published
 * (`RuleVersionPublished`, in the order recorded), merged by `ruleTable`'s own rules (a later
 * day wins from that day; a correction wins from the day of the version it corrects).
 */
export function withPublished<Rules>(
  table: RuleTable<Rules>,
  published: readonly RuleVersion<Rules>[],
): RuleTable<Rules> {
  if (published.length === 0) return table
  return ruleTable(
    table.name,
    [...table.versions, ...published],
    table.rulesSchema ? { rulesSchema: table.rulesSchema } : {},
  )
}

/** How events of the equipment wing cite the rule they applied. */
export function ruleRef(table: RuleTable<unknown>, version: RuleVersion<unknown>): { name: string; version: string } {
  return { name: table.name, version: version.version }
}
