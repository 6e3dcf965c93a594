import { fieldOccurredAt, ProblemError } from '@gsr/http-kit'
import { InvalidCursorError } from '@gsr/read-models/equipment'

/** Field dates given as YYYY-MM-DD become occurredAt at the start of that China day. */
export function occurredOn(date: string | undefined): string | undefined {
  return date === undefined ? undefined : fieldOccurredAt(date, undefined)
}

/** Runs a read-model query, answering 400 for a cursor that is not ours. */
export async function withCursor<T>(query: () => Promise<T>): Promise<T> {
  try {
    return await query()
  } catch (error) {
    if (error instanceof InvalidCursorError) {
      throw new ProblemError({
        code: 'invalid-cursor',
        errors: [{ field: 'after', message: 'invalid cursor', in: 'querystring' }],
      })
    }
    throw error
  }
}
