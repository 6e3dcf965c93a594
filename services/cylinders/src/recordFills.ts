import { isDeepStrictEqual } from 'node:util'
import type { SqlClient } from '@gsr/db'
import {
  EventIdConflictError,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type NewEvent,
} from '@gsr/event-store'
import { type CylinderEventData } from '@gsr/events/cylinders'
import type { FillBody } from './routes/fillSchemas.ts'
import { chinaDate } from '@gsr/domain'

export type FillOutcome = 'recorded' | 'duplicate' | 'conflict'

/** A station's fills go to its fill log, `stationfills-<stationId>`; each event's id is its fill id. */
export const stationFillsStream = (stationId: string) => `stationfills-${stationId}`

/**
 * Records fills as facts (violations included: the fill happened), never edited. Idempotent per
 * fill id: the event id is the fill id, so a retried upload (after a timeout, say) records
 * nothing twice. The batch is one append (one commit); when some ids are already in the log
 * the batch falls back to one append per fill, which tells the retried ones (no-ops) from the
 * new ones and from an id re-used for a different fill (conflict).
 * 'duplicate' is reported for fills the store says were recorded already (an idempotent
 * replay) or the read model already holds (stores that cannot tell a replay: EventStoreDB).
 */
export async function recordFills(
  deps: { sql: SqlClient; eventStore: EventStore },
  station: { stationId: string; regionCode: string },
  fills: readonly FillBody[],
  metadata: EventMetadata,
): Promise<FillOutcome[]> {
  const outcomes: ('stored' | FillOutcome | undefined)[] = fills.map(() => undefined)
  const seen = new Map<string, { index: number; fill: FillBody }>()
  const copies: { index: number; of: number }[] = []
  const pending: { index: number; event: NewEvent<'CylinderFilled', CylinderEventData<'CylinderFilled'>> }[] = []
  fills.forEach((fill, index) => {
    const earlier = seen.get(fill.fillId)
    if (earlier) {
      // The same fill id twice in one upload: the first one decides; an identical copy shares
      // its fate, other content under the id is a conflict, as it would be across uploads.
      if (isDeepStrictEqual(earlier.fill, fill)) copies.push({ index, of: earlier.index })
      else outcomes[index] = 'conflict'
      return
    }
    seen.set(fill.fillId, { index, fill })
    pending.push({
      index,
      event: {
        id: fill.fillId,
        type: 'CylinderFilled',
        data: { ...fill, stationId: station.stationId, regionCode: station.regionCode },
        metadata: { ...metadata, occurredAt: fill.filledAt },
      },
    })
  })
  const stream = stationFillsStream(station.stationId)
  const appendOne = async (p: (typeof pending)[number]) => {
    try {
      const result = await deps.eventStore.appendToStream(stream, [p.event], { expectedRevision: 'any' })
      outcomes[p.index] = outcomeOf(result)
    } catch (error) {
      if (!(error instanceof EventIdConflictError)) throw error
      outcomes[p.index] = 'conflict'
    }
  }
  if (pending.length === 1) await appendOne(pending[0]!)
  else if (pending.length > 1) {
    try {
      // The common case, and an exact retry of an earlier upload: one statement.
      const result = await deps.eventStore.appendToStream(
        stream,
        pending.map((p) => p.event),
        { expectedRevision: 'any' },
      )
      for (const p of pending) outcomes[p.index] = outcomeOf(result)
    } catch (error) {
      if (!(error instanceof EventIdConflictError)) throw error
      // Some ids are recorded already (a partial retry, or a re-used id): item by item.
      for (const p of pending) await appendOne(p)
    }
  }
  for (const { index, of } of copies) outcomes[index] = outcomes[of] === 'conflict' ? 'conflict' : 'duplicate'
  // A store that cannot tell a replay (EventStoreDB): fills the read model already holds are
  // the duplicates. Looked up by the table's key (station, day, time, fill id).
  const unknown = fills.filter((_, index) => outcomes[index] === 'stored')
  const known =
    unknown.length === 0
      ? new Set<string>()
      : new Set(
          (
            await deps.sql.query<{ fill_id: string }>(
              `SELECT fill_id FROM cyl_fills
                WHERE station_id = $1
                  AND (fill_date, filled_at, fill_id) IN (SELECT * FROM unnest($2::text[], $3::timestamptz[], $4::text[]))`,
              [
                station.stationId,
                unknown.map((f) => chinaDate(f.filledAt)),
                unknown.map((f) => f.filledAt),
                unknown.map((f) => f.fillId),
              ],
            )
          ).rows.map((r) => r.fill_id),
        )
  return outcomes.map((o, index) => {
    if (o === 'stored') return known.has(fills[index]!.fillId) ? 'duplicate' : 'recorded'
    return o ?? 'conflict'
  })
}

/** 'stored' when the store cannot tell whether the append wrote or replayed. */
function outcomeOf(result: AppendResult): 'stored' | FillOutcome {
  if (result.replayed === undefined) return 'stored'
  return result.replayed ? 'duplicate' : 'recorded'
}
