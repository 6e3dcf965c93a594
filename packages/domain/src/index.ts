export { type BilingualMessage, type Decider, DomainError } from './Decider.ts'
export {
  type Actor,
  actsInRegion,
  assertActsInRegion,
  assertKind,
  authorityKinds,
  equipmentUsingKinds,
  organisationActor,
} from './Actor.ts'
export { type Clock, systemClock, fixedClock } from './Clock.ts'
export {
  type DateWindowRules,
  type DateWindowRefusal,
  type ReportingDelay,
  dateWindow,
  dateWindowRefusal,
  earliestRuleVersion,
  reportingDelay,
} from './dateWindow.ts'
export { type ReadScope, inReadScope } from './ReadScope.ts'
export { type Rng, createRng } from './rng.ts'
export { type RuleTable, type RuleVersion, NoRuleInForceError, ruleRef, ruleTable, withPublished } from './RuleTable.ts'
export { ruleTables } from './ruleTables.ts'
export {
  type RuleTableCommand,
  type RuleTableState,
  publishedVersion,
  ruleTablePublicationDecider,
} from './ruleTablePublication.ts'
export {
  addDays,
  addMonths,
  addYears,
  chinaDate,
  chinaStartOfDay,
  chinaTimestamp,
  daysBetween,
  isIsoDate,
} from './calendar.ts'
export {
  type UsccDefect,
  usccCharacters,
  usccCheckCharacter,
  usccDefect,
  usccDefectLabels,
} from './organisation/unifiedSocialCreditCode.ts'
export { type ScheduledFact, type ScheduledFactSource } from './ScheduledFact.ts'
