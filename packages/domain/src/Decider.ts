/**
 * Business logic as a decider: pure functions, no IO, tested with given/when/then specs.
 * `decide` throws a DomainError for a command the state forbids.
 */
export interface Decider<Command, Event, State> {
  readonly initialState: () => State
  readonly evolve: (state: State, event: Event) => State
  readonly decide: (command: Command, state: State) => readonly Event[]
}

/** A message for people, in English and Chinese (the HTTP edge picks one by Accept-Language). */
export interface BilingualMessage {
  readonly en: string
  readonly 'zh-CN': string
}

/** A command refused by the rules; `code` is stable (it becomes the problem+json type). */
export class DomainError extends Error {
  override readonly name = 'DomainError'
  /** The message in both languages (`message` is the English one). */
  readonly text: BilingualMessage
  constructor(
    readonly code: string,
    text: BilingualMessage,
    /** The command fields at fault, for the HTTP reply. */
    readonly fields: readonly string[] = [],
  ) {
    super(text.en)
    this.text = text
  }
}
