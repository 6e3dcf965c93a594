import { ruleTablePublicationDecider, withPublished, type RuleTable, type RuleVersion } from '@gsr/domain'
import type { EventStore } from '@gsr/event-store'
import { ruleTableStreamName } from '@gsr/events/rules'
import { loadState } from './recordCommand.ts'

/**
 * The effective rule table a route decides by: its versions in code and those an administrator
 * published (stream `rule-table-<name>`, read at each decision, so a version published a
 * moment ago counts; a table's stream holds a handful of events).
 */
export async function loadRuleTable<Rules>(store: EventStore, table: RuleTable<Rules>): Promise<RuleTable<Rules>> {
  const decider = ruleTablePublicationDecider(table as RuleTable<unknown>)
  const { published } = await loadState(store, ruleTableStreamName(table.name), decider)
  return withPublished(table, published as readonly RuleVersion<Rules>[])
}
