import { randomUUID } from 'node:crypto'

/**
 * A new event (or record) id: a UUID version 7 (RFC 9562), 48 bits of Unix time in
 * milliseconds and then random bits. Ids made one after another sort next to each other, so
 * the unique indexes they land in (es_events.event_id, the stream names built from them, a
 * read model's key) grow at one edge: a random v4 id touches a random index page per insert,
 * and after each checkpoint that page's first change writes a full 8 kB image to the WAL.
 * Within one millisecond the order is random (no counter): locality is the point, not order.
 *
 * The random part is a v4 UUID's (74 of its random bits kept): `randomUUID` draws from a
 * buffered pool, where `randomBytes` would make a native job object per id, whose weak handle
 * every young-generation GC has to visit.
 */
export function newEventId(nowMs: number = Date.now()): string {
  const time = nowMs.toString(16).padStart(12, '0')
  // v4: xxxxxxxx-xxxx-4xxx-Yxxx-xxxxxxxxxxxx; keep from the 3 hex digits after the version on.
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${randomUUID().slice(15)}`
}
