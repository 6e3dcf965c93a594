import type { RuleTableEvent } from '@gsr/events/rules'
import { DomainError, type Decider } from './Decider.ts'
import { withPublished, type RuleTable, type RuleVersion } from './RuleTable.ts'

type Published = Extract<RuleTableEvent, { type: 'RuleVersionPublished' }>['data']

/**
 * Stream `rule-table-<table>`: an administrator publishes a version of a rule table in code.
 * The command carries the record day (China time, from the clock): a new version takes effect
 * on that day at the earliest and after the newest version's day, so no fact already judged
 * could have been judged otherwise. A correction (`corrects`) is the one exception: it declares
 * a version's value an error (never a rule in force), so it starts on that version's day, past
 * or not, and wins on every day the corrected one covered; events already recorded keep citing
 * the corrected version (they are not rewritten).
 */
export type RuleTableCommand = {
  type: 'PublishRuleVersion'
  /** `rules` already accepted by the table's `rulesSchema` (the HTTP edge answers 400 otherwise). */
  data: Published & { recordedOn: string }
}

export interface RuleTableState {
  /** The versions published, in the order recorded. */
  readonly published: readonly RuleVersion<unknown>[]
}

const refuse = (code: string, en: string, zh: string, fields: string[]) =>
  new DomainError(code, { en, 'zh-CN': zh }, fields)

/** The version a published event adds to its table. */
export function publishedVersion(data: Published): RuleVersion<unknown> {
  return {
    version: data.version,
    effectiveFrom: data.effectiveFrom,
    rules: data.rules,
    ...(data.corrects !== undefined ? { corrects: data.corrects } : {}),
  }
}

/** The decider of one table's publications, checked against that table's versions in code. */
export function ruleTablePublicationDecider(
  table: RuleTable<unknown>,
): Decider<RuleTableCommand, RuleTableEvent, RuleTableState> {
  return {
    initialState: () => ({ published: [] }),
    evolve: (state, event) =>
      event.type === 'RuleVersionPublished' && event.data.table === table.name
        ? { published: [...state.published, publishedVersion(event.data)] }
        : state,
    decide(command, state) {
      const { recordedOn, ...data } = command.data
      if (!table.rulesSchema)
        throw refuse(
          'rule-table-not-publishable',
          `${table.name} is changed in code only`,
          `规则表 ${table.name} 仅能在代码中修改`,
          ['table'],
        )
      const versions = withPublished(table, state.published).versions
      if (versions.some((v) => v.version === data.version))
        throw refuse(
          'rule-version-exists',
          `${table.name} already has a version ${data.version}; a version id is never reused`,
          `规则表 ${table.name} 已有版本 ${data.version}，版本号不得重复使用`,
          ['version'],
        )
      if (data.corrects !== undefined) {
        const corrected = versions.find((v) => v.version === data.corrects)
        if (!corrected)
          throw refuse(
            'corrected-version-not-found',
            `${table.name} has no version ${data.corrects}`,
            `规则表 ${table.name} 无版本 ${data.corrects}`,
            ['corrects'],
          )
        const already = versions.find((v) => v.corrects === corrected.version)
        if (already)
          throw refuse(
            'rule-version-already-corrected',
            `${corrected.version} is already corrected by ${already.version}: correct that one`,
            `版本 ${corrected.version} 已被 ${already.version} 更正，请更正后者`,
            ['corrects'],
          )
        if (data.effectiveFrom !== corrected.effectiveFrom)
          throw refuse(
            'correction-not-on-corrected-day',
            `a correction starts on the day of the version it corrects: ${corrected.effectiveFrom}`,
            `更正版本的生效日期须与被更正版本相同：${corrected.effectiveFrom}`,
            ['effectiveFrom'],
          )
      } else {
        const newest = versions.reduce((a, b) => (b.effectiveFrom > a.effectiveFrom ? b : a))
        if (data.effectiveFrom <= newest.effectiveFrom)
          throw refuse(
            'rule-version-not-after-newest',
            `a new version starts after the newest one (${newest.version}, from ${newest.effectiveFrom})`,
            `新版本的生效日期须晚于最新版本（${newest.version}，${newest.effectiveFrom} 起）`,
            ['effectiveFrom'],
          )
        if (data.effectiveFrom < recordedOn)
          throw refuse(
            'rule-version-backdated',
            `a new version takes effect on ${recordedOn} (the day it is published) or later; a past day only by a correction`,
            `新版本的生效日期不得早于发布之日（${recordedOn}）；仅更正版本可追溯生效`,
            ['effectiveFrom'],
          )
      }
      return [{ type: 'RuleVersionPublished', data }]
    },
  }
}
