/**
 * Wakes waiting subscriptions of this process when it appends, so live delivery does not
 * wait for the next poll. Readers still re-read the log: a wake-up carries no events.
 */
export class AppendSignal {
  private waiters = new Set<() => void>()

  notify(): void {
    const waiters = this.waiters
    this.waiters = new Set()
    for (const wake of waiters) wake()
  }

  wait(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve()
      const wake = () => {
        signal.removeEventListener('abort', wake)
        this.waiters.delete(wake)
        resolve()
      }
      this.waiters.add(wake)
      signal.addEventListener('abort', wake, { once: true })
    })
  }
}
