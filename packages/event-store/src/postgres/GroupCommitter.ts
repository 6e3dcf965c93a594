export interface PendingRequest<Request, Result> {
  readonly request: Request
  resolve(result: Result): void
  reject(error: unknown): void
}

export interface GroupCommitOptions {
  /** Groups being written at once (each holds a connection); default 1. */
  readonly maxInFlight?: number
  /** Most requests in one group (one transaction); default 100. */
  readonly maxGroupSize?: number
}

/**
 * Coalesces concurrent requests into groups without waiting on a timer: the first request
 * starts a group at once, and whatever arrives while groups are in flight forms the next one.
 * `flush` settles every request of its group itself; if it throws, all of them are rejected.
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
    this.maxInFlight = options.maxInFlight ?? 1
    this.maxGroupSize = options.maxGroupSize ?? 100
  }

  submit(request: Request): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ request, resolve, reject })
      this.drain()
    })
  }

  private drain(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const group = this.queue.splice(0, this.maxGroupSize)
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
