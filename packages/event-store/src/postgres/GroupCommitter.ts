export interface PendingRequest<Request, Result> {
  readonly request: Request
  resolve(result: Result): void
  reject(error: unknown): void
}

export interface GroupCommitOptions {
  /**
   * Groups being written at once (each holds a connection while it runs); default 4 on
   * PostgreSQL, 1 on PGlite (one connection: a second group would only wait for the first).
   */
  readonly maxInFlight?: number
  /** Most requests in one group (one statement, one transaction); default 100. */
  readonly maxGroupSize?: number
}

/**
 * Coalesces concurrent requests into groups without waiting on a timer, sized by the queue:
 * while fewer than `maxInFlight` groups run, whatever is queued is split evenly over the free
 * slots and sent at once (so a lone request goes alone, without delay), and what arrives while
 * every slot is busy forms the next groups. Under light load that is one request per group and
 * several groups in flight (as many commits as without grouping); under heavy load, few large
 * groups, each one commit. `flush` settles every request of its group itself; if it throws,
 * all of them are rejected.
 */
export class GroupCommitter<Request, Result> {
  private readonly queue: PendingRequest<Request, Result>[] = []
  private inFlight = 0
  private readonly maxInFlight: number
  private readonly maxGroupSize: number

  constructor(
    private readonly flush: (group: PendingRequest<Request, Result>[]) => Promise<void>,
    options: GroupCommitOptions = {},
  ) {
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 4)
    this.maxGroupSize = Math.max(1, options.maxGroupSize ?? 100)
  }

  submit(request: Request): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ request, resolve, reject })
      this.drain()
    })
  }

  private drain(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const size = Math.min(this.maxGroupSize, Math.ceil(this.queue.length / (this.maxInFlight - this.inFlight)))
      const group = this.queue.splice(0, size)
      this.inFlight++
      this.flush(group)
        .catch((error: unknown) => {
          for (const pending of group) pending.reject(error)
        })
        .finally(() => {
          this.inFlight--
          this.drain()
        })
    }
  }
}
