/** Nearest-rank percentile of ascending `sorted` (NaN for none): the figure every bench reports. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

/** Times `fn` `runs` times after `warmup` untimed calls (JIT, pools, plan caches): p50 and p99 in ms. */
export async function latency(
  name: string,
  fn: (i: number) => Promise<unknown>,
  options: { runs: number; warmup?: number },
): Promise<{ name: string; p50: number; p99: number }> {
  for (let i = 0; i < (options.warmup ?? 5); i++) await fn(i)
  const times: number[] = []
  for (let i = 0; i < options.runs; i++) {
    const started = performance.now()
    await fn(i)
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  return { name, p50: percentile(times, 50), p99: percentile(times, 99) }
}
