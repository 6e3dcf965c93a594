import { eventCatalogue, type CatalogueEvent } from '../defineEvent.ts'
import { RuleVersionPublished } from './ruleTableEvents.ts'

/** Rule tables an administrator publishes (issue 16 item 5). */
export const ruleTableCatalogue = { RuleVersionPublished }

const catalogue = eventCatalogue(ruleTableCatalogue)

export type RuleTableEvent = CatalogueEvent<typeof ruleTableCatalogue>
export const isRuleTableEventType = catalogue.isType
/** Upcast and validate; undefined for a type outside this catalogue (see eventCatalogue). */
export const parseRuleTableEvent = catalogue.parse
export const upcastRuleTableEvent = catalogue.upcast
export const ruleTableSchemaVersionOf = catalogue.schemaVersionOf
