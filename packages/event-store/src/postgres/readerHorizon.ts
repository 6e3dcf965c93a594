/**
 * The reader horizon: the lowest transaction id that may still commit events into this store.
 * Readers take only rows below it, so a later reader can never find an event that sorts before
 * a position it has already passed (the order is (transaction_id, sequence), and transactions
 * commit out of order).
 *
 * PostgreSQL's own lower bound, `pg_snapshot_xmin(pg_current_snapshot())`, counts every running
 * transaction of the cluster: one long write anywhere (a projection rebuild, a bulk import,
 * another schema's work) held every reader of every store back until it ended. The horizon counts
 * only this store's writers: the transactions holding a write lock on its tables (es_streams or
 * es_events, resolved through the search path, so each schema's store sees its own).
 *
 * Why that is enough. Every append is its own transaction and writes es_streams first, so a writer
 * holds that lock before it has a transaction id and until it ends (locks go after the commit is
 * visible). The statement's snapshot S is taken before pg_locks is scanned, so:
 * - a writer running at the scan holds a lock there: its id bounds the horizon;
 * - a writer that gets its id after the scan gets one at or above S's xmax, which bounds it too;
 * - a transaction in S's in-progress list that ended between S and the scan may have been a
 *   writer whose rows S cannot see: its id bounds the horizon as well (rare, and only for a poll).
 * Ids of running transactions in pg_locks are 32-bit; they are widened to xid8 against S's xmax
 * (a running id is within 2^31 of it).
 */

/** Widens a 32-bit transaction id (int8 expression) to an xid8 value near `reference` (an xid8 expression). */
export function widenXid(xid32: string, reference: string): string {
  const ref = `(${reference})::text::int8`
  const delta = `(((${xid32}) - ${ref} % 4294967296 + 2147483648) % 4294967296 + 4294967296) % 4294967296 - 2147483648`
  return `(${ref} + ${delta})`
}

/**
 * A scalar subquery: the horizon as xid8. One pg_locks scan (a consistent copy of the lock table),
 * read after the statement's snapshot was taken.
 */
export const readerHorizon = `(
  WITH snapshot AS MATERIALIZED (SELECT pg_current_snapshot() AS s),
  locks AS MATERIALIZED (
    SELECT locktype, relation, mode, granted, virtualtransaction, transactionid::text::int8 AS xid FROM pg_locks
  ),
  running AS (SELECT virtualtransaction, xid FROM locks WHERE locktype = 'transactionid' AND mode = 'ExclusiveLock' AND granted),
  writers AS (
    SELECT running.xid FROM running JOIN locks AS held USING (virtualtransaction)
     WHERE held.locktype = 'relation' AND held.mode <> 'AccessShareLock'
       AND held.relation IN ('es_streams'::regclass, 'es_events'::regclass)
  ),
  bounds AS (
    SELECT pg_snapshot_xmax(s)::text::int8 AS bound FROM snapshot
    UNION ALL
    SELECT ${widenXid('writers.xid', 'pg_snapshot_xmax(snapshot.s)')} FROM writers, snapshot
    UNION ALL
    SELECT xip::text::int8 FROM snapshot, pg_snapshot_xip(snapshot.s) AS xip
     WHERE NOT EXISTS (
       SELECT 1 FROM running WHERE ${widenXid('running.xid', 'pg_snapshot_xmax(snapshot.s)')} = xip::text::int8
     )
  )
  SELECT min(bound)::text::xid8 FROM bounds
)`

/** The condition on es_events rows that readers may see. */
export const visibleToReaders = `transaction_id < ${readerHorizon}`
