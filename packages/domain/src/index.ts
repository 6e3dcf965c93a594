export { type BilingualMessage, type Decider, DomainError } from './Decider.ts'
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
