import { randomBytes } from 'node:crypto'

/**
 * A new event (or record) id: a UUID version 7 (RFC 9562), 48 bits of Unix time in
 * milliseconds and then random bits. Ids made one after another sort next to each other, so
 * the unique indexes they land in (es_events.event_id, the stream names built from them, a
 * read model's key) grow at one edge: a random v4 id touches a random index page per insert,
 * and after each checkpoint that page's first change writes a full 8 kB image to the WAL.
 * Within one millisecond the order is random (no counter): locality is the point, not order.
 */
export function newEventId(nowMs: number = Date.now()): string {
  const bytes = randomBytes(16)
  bytes.writeUIntBE(nowMs, 0, 6)
  bytes[6] = (bytes[6]! & 0x0f) | 0x70 // version 7
  bytes[8] = (bytes[8]! & 0x3f) | 0x80 // variant 10
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
