export { type BilingualMessage, type Decider, DomainError } from './Decider.ts'
export { type Clock, systemClock, fixedClock } from './Clock.ts'
