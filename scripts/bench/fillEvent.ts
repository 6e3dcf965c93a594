import { randomUUID } from 'node:crypto'
import type { EventMetadata, NewEvent } from '@gsr/event-store'

const metadata: EventMetadata = {
  actor: { organisationId: 'org-bench', userId: 'user-bench', role: 'filler' },
  occurredAt: '2026-01-02T03:04:05.000Z',
  schemaVersion: 1,
}

/** The `n`th fill of a benchmark's log: a new id, a realistic small event. */
export const fillEvent = (n: number): NewEvent => ({
  id: randomUUID(),
  type: 'CylinderFilled',
  data: { cylinderCode: `CYL-${String(n).padStart(8, '0')}`, station: 'STATION-7', kg: 12.5 },
  metadata,
})
