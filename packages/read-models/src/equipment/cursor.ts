/** Opaque keyset cursors: the sort value and the key of the last row of a page. */
export interface Page<T> {
  readonly items: T[]
  /** Pass back as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null
}

export function encodeCursor(values: readonly (string | null)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url')
}

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError'
}

export function decodeCursor(cursor: string, length: number): string[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString())
    if (Array.isArray(values) && values.length === length && values.every((v) => typeof v === 'string')) {
      return values as string[]
    }
  } catch {
    // fall through
  }
  throw new InvalidCursorError('invalid cursor')
}

/** The page of a keyset query that fetched `limit + 1` rows: the extra row means there is a next page. */
export function pageOf<T>(
  rows: readonly T[],
  limit: number,
  cursorOf: (last: T) => readonly (string | null)[],
): Page<T> {
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null }
}
