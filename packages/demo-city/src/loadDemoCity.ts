import type { EventStore } from '@gsr/event-store'
import { appendCity } from './appendCity.ts'
import { citySizes } from './citySize.ts'
import { generateCity, type CityOrganisation } from './generateCity.ts'

export const demoSeed = 20250101

interface Log {
  info(message: string): void
}

/**
 * Loads the small worked city as demo data, once: its events have deterministic ids, and the
 * first cylinder's stream tells whether it is already there. The projections (running in the
 * launcher) pick the events up like any others. `addOrganisations` puts the organisations the
 * events name into the directory (each call adds the missing ones and returns how many), so
 * lists show names and orders can be issued to them.
 */
export async function loadDemoCity(
  store: EventStore,
  log: Log,
  options: { addOrganisations?: (organisations: readonly CityOrganisation[]) => Promise<number> } = {},
): Promise<{ loaded: boolean; events: number }> {
  const city = generateCity(citySizes.small, demoSeed, 'small')
  const added = (await options.addOrganisations?.(city.organisations)) ?? 0
  if (added > 0) log.info(`demo city: ${added} organisations added to the directory`)
  const first = city.batches().next().value?.events[0]?.[0]
  if (first && (await store.readStream(first, { maxCount: 1 })).length > 0) {
    log.info('demo city already loaded')
    return { loaded: false, events: 0 }
  }
  log.info('loading the demo city (small worked city, about 5,000 events)...')
  const result = await appendCity(store, city, {
    concurrency: 8,
    progressEvery: 1000,
    onProgress: (p) => log.info(`demo city: ${p.events} events appended (${p.day}, ${p.eventsPerSecond} events/s)`),
  })
  log.info(`demo city loaded: ${result.events} events in ${(result.elapsedMs / 1000).toFixed(1)} s`)
  return { loaded: true, events: result.events }
}
