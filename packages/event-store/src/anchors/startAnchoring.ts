import type { KeyObject } from 'node:crypto'
import type { SqlClient } from '@gsr/db'
import type { EventStore } from '../EventStore.ts'
import { recordAnchor, type AnchorResult } from './anchorLog.ts'

export interface RunningAnchoring {
  stop(): Promise<void>
}

/**
 * Records an anchor every `intervalMs` (when anything was appended since the last one). A run
 * never overlaps the previous one; a failed run (a broken chain, another anchorer first) is
 * reported and the next one tries again.
 */
export function startAnchoring(options: {
  readonly store: EventStore
  readonly sql: SqlClient
  readonly key: KeyObject
  readonly intervalMs: number
  readonly onAnchor?: (result: AnchorResult) => void
  readonly onError?: (error: unknown) => void
}): RunningAnchoring {
  let running: Promise<void> | undefined
  const run = () => {
    running ??= recordAnchor(options.store, options.sql, options.key)
      .then((result) => options.onAnchor?.(result), options.onError)
      .finally(() => (running = undefined))
  }
  const timer = setInterval(run, options.intervalMs)
  timer.unref()
  return {
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}
