/**
 * Business logic as a decider: pure functions, no IO, tested with given/when/then specs.
 * `decide` throws a DomainError for a command the state forbids.
 */
export interface Decider<Command, Event, State> {
  readonly initialState: () => State
  readonly evolve: (state: State, event: Event) => State
  readonly decide: (command: Command, state: State) => readonly Event[]
}

/** A command refused by the rules; `code` is stable (it becomes the problem+json type). */
export class DomainError extends Error {
  override readonly name = 'DomainError'
  constructor(
    readonly code: string,
    message: string,
    /** The command fields at fault, for the HTTP reply. */
    readonly fields: readonly string[] = [],
  ) {
    super(message)
  }
}
