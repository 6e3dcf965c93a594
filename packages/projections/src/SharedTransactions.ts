import type { SqlClient, SqlTransaction } from '@gsr/db'

interface Member {
  readonly work: (tx: SqlTransaction) => Promise<unknown>
  resolve(value: unknown): void
  reject(error: unknown): void
}

/**
 * Lets the batches of several projections that are ready at the same moment commit in one
 * transaction. On PGlite (one connection, a statement costs about a millisecond) five
 * projections caught up together otherwise pay five BEGINs, COMMITs and WAL flushes per batch.
 *
 * A member whose work throws gets its error, and the shared transaction is rolled back: the other
 * members then run again, each alone in its own transaction (as does everyone when the COMMIT
 * fails). So one projection's bad event never fails or delays another's batch beyond that retry,
 * and nothing of the failing member commits. A member's work must therefore be repeatable after
 * a rollback: a batch's checkpoint claim and its rows are.
 */
export class SharedTransactions {
  private waiting: Member[] = []

  constructor(private readonly sql: SqlClient) {}

  run<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // Members arriving in the same turn of the event loop (projections released by one read
      // or one commit) share the transaction.
      if (this.waiting.length === 0) setImmediate(() => void this.commit())
      this.waiting.push({ work, resolve: resolve as (value: unknown) => void, reject })
    })
  }

  private async commit(): Promise<void> {
    const group = this.waiting
    this.waiting = []
    if (group.length === 1) return this.alone(group[0]!)
    const results: unknown[] = []
    let failed: { member: Member; error: unknown } | undefined
    try {
      await this.sql.transaction(async (tx) => {
        for (const member of group) {
          try {
            results.push(await member.work(tx))
          } catch (error) {
            failed = { member, error }
            throw error
          }
        }
      })
    } catch {
      await Promise.all(
        group.map((member) => (member === failed?.member ? member.reject(failed.error) : this.alone(member))),
      )
      return
    }
    group.forEach((member, i) => member.resolve(results[i]))
  }

  private async alone(member: Member): Promise<void> {
    try {
      member.resolve(await this.sql.transaction(member.work))
    } catch (error) {
      member.reject(error)
    }
  }
}
