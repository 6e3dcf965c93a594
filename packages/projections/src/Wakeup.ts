/** Lets idle loops sleep until a timeout, an abort, or an explicit wake(), whichever is first. */
export class Wakeup {
  private waiters = new Set<() => void>()

  wake(): void {
    const waiters = this.waiters
    this.waiters = new Set()
    for (const resolve of waiters) resolve()
  }

  sleep(ms: number, signal: AbortSignal, wakeable = true): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve()
      const done = () => {
        clearTimeout(timer)
        signal.removeEventListener('abort', done)
        this.waiters.delete(done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      signal.addEventListener('abort', done, { once: true })
      if (wakeable) this.waiters.add(done)
    })
  }
}
