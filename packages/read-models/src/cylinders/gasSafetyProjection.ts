import type { Projection } from '@gsr/projections'
import { applianceRegisterProjection } from './applianceRegisterProjection.ts'
import { cylinderRegisterProjection } from './cylinderRegisterProjection.ts'
import { operatorRegisterProjection } from './operatorRegisterProjection.ts'

const parts = [cylinderRegisterProjection, operatorRegisterProjection, applianceRegisterProjection]

/**
 * The three read models of the gas-safety side run as one projection: the runner reads the
 * log once per projection, and fills are most of the log, so one reader instead of three keeps
 * the projection up with bulk fill uploads. Each part still owns its tables and migrations.
 */
export const gasSafetyProjection: Projection = {
  name: 'gas_safety',
  // 2: operator certificates keep their dated facts (operator_register_002_facts).
  version: 2,
  migrations: parts.flatMap((part) => part.migrations),
  eventTypes: parts.flatMap((part) => part.eventTypes ?? []),
  async apply(events, tx) {
    for (const part of parts) {
      const types = new Set(part.eventTypes)
      const relevant = events.filter((event) => types.has(event.type))
      if (relevant.length > 0) await part.apply(relevant, tx)
    }
  },
  async reset(tx) {
    for (const part of parts) await part.reset(tx)
  },
}
