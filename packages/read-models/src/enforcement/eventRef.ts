import type { RecordedEvent } from '@gsr/event-store'
import type { EvidenceRef } from './EnforcementTables.ts'

export function eventRef(event: RecordedEvent): EvidenceRef {
  return { eventId: event.id, streamName: event.streamName, revision: event.revision, type: event.type }
}

/** Field dates become instants at the start of that day in China time (UTC+8). */
export function dayStart(day: string): string {
  return `${day}T00:00:00+08:00`
}
