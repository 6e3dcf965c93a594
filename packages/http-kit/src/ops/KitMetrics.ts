import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { EventStore } from '@gsr/event-store'

/** One registry per app (tests build many apps in one process). */
export interface KitMetrics {
  readonly registry: Registry
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status'>
  readonly eventStoreAppendDuration: Histogram<'outcome'>
  readonly projectionLag: Gauge<'projection'>
  readonly eventsAppended: Counter
}

export function createKitMetrics(options: { defaultMetrics?: boolean } = {}): KitMetrics {
  const registry = new Registry()
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry })
  return {
    registry,
    httpRequestDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    eventStoreAppendDuration: new Histogram({
      name: 'eventstore_append_duration_seconds',
      help: 'Latency of appendToStream, by outcome (ok, conflict, error)',
      labelNames: ['outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    projectionLag: new Gauge({
      name: 'projection_lag_events',
      help: 'Events between the head of the log and the projection checkpoint',
      labelNames: ['projection'],
      registers: [registry],
    }),
    eventsAppended: new Counter({
      name: 'eventstore_events_appended_total',
      help: 'Events appended through this process',
      registers: [registry],
    }),
  }
}

/** Wraps the store so every append is timed; everything else passes through. */
export function instrumentEventStore(store: EventStore, metrics: KitMetrics): EventStore {
  return {
    readStream: (name, options) => store.readStream(name, options),
    readAll: (options) => store.readAll(options),
    subscribeToAll: (options) => store.subscribeToAll(options),
    headPosition: () => store.headPosition(),
    ...(store.heldBack ? { heldBack: store.heldBack.bind(store) } : {}),
    ...(store.ping ? { ping: store.ping.bind(store) } : {}),
    close: () => store.close(),
    async appendToStream(name, events, options) {
      const end = metrics.eventStoreAppendDuration.startTimer()
      try {
        const result = await store.appendToStream(name, events, options)
        end({ outcome: 'ok' })
        metrics.eventsAppended.inc(events.length)
        return result
      } catch (error) {
        end({ outcome: (error as Error).name === 'WrongExpectedRevisionError' ? 'conflict' : 'error' })
        throw error
      }
    },
  }
}
