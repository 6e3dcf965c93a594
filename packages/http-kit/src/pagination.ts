import { z } from 'zod'

/** Cursor pagination: `?after=<cursor>&limit=n`; replies carry `next` (absent on the last page). */
export const Cursor = z.strictObject({
  after: z.string().min(1).max(200).optional().describe('cursor from the previous page'),
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('page size, 1-500'),
})

export function Page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), next: z.string().optional().describe('cursor of the next page') })
}

/** Fetch limit+1 rows, give this: it trims and sets `next` from the last item's key. */
export function pageOf<T>(rows: readonly T[], limit: number, keyOf: (row: T) => string): { items: T[]; next?: string } {
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  return rows.length > limit && last !== undefined ? { items, next: keyOf(last) } : { items }
}
