import type { RecordedEvent } from '@gsr/event-store'
import { parseEquipmentEvent, type EquipmentEvent } from '@gsr/events/equipment'

/** The batch's catalogue events with the row each is about (keyOf undefined: not this register's). */
export function keyedEquipmentEvents(
  events: readonly RecordedEvent[],
  keyOf: (event: EquipmentEvent) => string | undefined,
): { key: string; event: EquipmentEvent }[] {
  const keyed: { key: string; event: EquipmentEvent }[] = []
  for (const recorded of events) {
    const event = parseEquipmentEvent(recorded)
    const key = event && keyOf(event)
    if (event && key !== undefined) keyed.push({ key, event })
  }
  return keyed
}
