/** Time is injected everywhere, so tests (and re-evaluation of past dates) control it. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

export function fixedClock(
  at: Date | string,
): Clock & { set(at: Date | string): void; advanceDays(days: number): void } {
  let current = new Date(at)
  return {
    now: () => new Date(current),
    set: (next) => {
      current = new Date(next)
    },
    advanceDays: (days) => {
      current = new Date(current.getTime() + days * 86_400_000)
    },
  }
}
