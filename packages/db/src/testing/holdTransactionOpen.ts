import type { SqlClient, SqlExecutor } from '../SqlClient.ts'

/**
 * Runs `work` in a transaction on `sql` and keeps it open until `release()` (which resolves once
 * it has committed): a batch in flight, a long rebuild, an append not yet committed. Resolves
 * when `work` is done, so what it wrote or locked is held from then on.
 */
export async function holdTransactionOpen(
  sql: SqlClient,
  work: (tx: SqlExecutor) => Promise<unknown>,
): Promise<{ release: () => Promise<void> }> {
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  let held!: () => void
  const holding = new Promise<void>((resolve) => (held = resolve))
  const transaction = sql.transaction(async (tx) => {
    await work(tx)
    held()
    await released
  })
  await Promise.race([holding, transaction])
  return {
    release: async () => {
      release()
      await transaction
    },
  }
}
