import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

// The collector, to measure live memory (no --expose-gc needed): a full gc leaves only what is referenced.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

export interface StreamMemory {
  readonly bytes: number
  readonly chunks: number
  /** The most the live heap (after a full gc) stood above its level before the stream, MiB. */
  readonly liveMiB: number
  /** Peaks above their level before (sampled every 10 ms; garbage not yet collected counts), MiB. */
  readonly peakHeapMiB: number
  /** Memory outside the JS heap (Buffers: the driver's socket reads). */
  readonly peakExternalMiB: number
  readonly peakRssMiB: number
}

/**
 * Consumes a stream (an export's chunks) and says what it held in this process: with `gcEvery`,
 * a full gc every that many chunks and at the end, so `liveMiB` is what the stream keeps
 * referenced (flat if it holds one chunk at a time); without, only at the end, so the peaks are
 * what the process grew to as V8 let the garbage wait (its own pace, not the stream's).
 */
export async function streamMemory(
  chunks: AsyncIterable<string | Uint8Array>,
  options: { readonly gcEvery?: number } = {},
): Promise<StreamMemory> {
  gc()
  const before = process.memoryUsage()
  let peakHeap = before.heapUsed
  let peakRss = before.rss
  let peakExternal = before.external
  let live = 0
  const sample = () => {
    const now = process.memoryUsage()
    peakHeap = Math.max(peakHeap, now.heapUsed)
    peakRss = Math.max(peakRss, now.rss)
    peakExternal = Math.max(peakExternal, now.external)
  }
  const liveNow = () => {
    sample()
    gc()
    live = Math.max(live, process.memoryUsage().heapUsed - before.heapUsed)
  }
  const sampler = setInterval(sample, 10)
  let bytes = 0
  let n = 0
  try {
    for await (const chunk of chunks) {
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length
      n += 1
      if (options.gcEvery && n % options.gcEvery === 0) liveNow()
    }
    liveNow()
  } finally {
    clearInterval(sampler)
  }
  const mib = (b: number) => b / 2 ** 20
  return {
    bytes,
    chunks: n,
    liveMiB: mib(live),
    peakHeapMiB: mib(peakHeap - before.heapUsed),
    peakExternalMiB: mib(peakExternal - before.external),
    peakRssMiB: mib(peakRss - before.rss),
  }
}
