import { DomainError, type Decider } from '../Decider.ts'

/** What a catalogue holds of an event type here: the schema its data must pass. */
type Catalogue = Readonly<Record<string, { readonly schema: { parse(data: unknown): unknown } }>>

/**
 * given(events).when(command) for a decider's unit spec: the events the decider decides after
 * this history, each checked against its catalogue schema (a decider never emits what the log
 * would refuse).
 */
export function givenWhen<Command, Event extends { readonly type: string; readonly data: unknown }, State>(
  decider: Decider<Command, Event, State>,
  catalogue: Catalogue,
) {
  return (events: readonly Event[]) => {
    const state = events.reduce(decider.evolve, decider.initialState())
    return {
      when(command: Command): Event[] {
        const decided = [...decider.decide(command, state)]
        for (const e of decided) catalogue[e.type]!.schema.parse(e.data)
        return decided
      },
    }
  }
}

/** The DomainError `fn` throws, as its code and fields; anything else thrown, or nothing, fails. */
export function refusal(fn: () => unknown): { code: string; fields: readonly string[] } {
  try {
    fn()
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, fields: error.fields }
    throw error
  }
  throw new Error('expected a DomainError')
}
