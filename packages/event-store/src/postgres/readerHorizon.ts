import type { Migration } from '@gsr/db'

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
 * visible). The reading statement's snapshot S is taken before pg_locks is scanned, and only ids
 * in S's in-progress list can have rows that S misses and that commit later (the other ids below
 * S's xmax had ended; later ones are at or above xmax, which bounds the horizon):
 * - such a writer still running at the scan held its lock since before S: its id bounds the horizon;
 * - one that ended between S and the scan bounds the horizon if it left events, which a newer
 *   snapshot than S shows (es_ended_with_events; an unrelated transaction ending in that window
 *   no longer hides a committed append from a later read that an earlier one saw); under
 *   REPEATABLE READ, where no newer snapshot can be had, it bounds it in any case;
 * - one still running that holds no such lock got its id before any lock on the store: not an append.
 * VACUUM, ANALYZE (which has an id) and CREATE INDEX lock the tables in modes that write no rows:
 * they hold no reader back.
 * pg_locks reads each session's fast-path locks one after the other, then the rest at once: a
 * writer's lock, held from before S to after the scan, is seen either way.
 *
 * The horizon is never below S's xmin (every id of a running transaction is at or above it), so
 * two cases need no lock scan: S has nothing in progress (xmin = xmax, always so on PGlite, which
 * has one session): the horizon is xmax; S sees no row at or above xmin (a caught-up store while
 * other work runs): xmin gives the same rows. On a hot standby the snapshot lists no transaction
 * in progress and the lock table no writer of the primary, so there it is xmin.
 *
 * It is a function (migration 007) because PL/pgSQL keeps its plans for the session: planning the
 * lock scan on every read cost 0.5 ms, and a caught-up poll 12-18x one under PostgreSQL's bound
 * (scripts/bench/readerHorizon.ts). STABLE, so it reads the calling statement's snapshot (a
 * VOLATILE one takes a later one than the rows read: gapSafety.int.spec.ts). Its row probe is an
 * ordered LIMIT 1, whose kept plan is the index (a bare EXISTS's was a scan of the table). Ids of
 * running transactions in pg_locks are 32-bit; they are widened to 64 against S's xmax (a running
 * id is within 2^31 of it).
 */
export const readerHorizonMigration: Migration = {
  name: 'event_store_007_reader_horizon',
  up: `
    -- Did a transaction that has ended write events? VOLATILE PL/pgSQL: its statement takes a
    -- snapshot of its own, newer than the caller's, so it sees a commit the caller's cannot.
    CREATE FUNCTION es_ended_with_events(p_xid int8) RETURNS boolean
    LANGUAGE plpgsql VOLATILE AS $fn$
    BEGIN
      RETURN EXISTS (SELECT 1 FROM es_events WHERE transaction_id = p_xid::text::xid8);
    END
    $fn$;

    CREATE FUNCTION es_reader_horizon() RETURNS xid8
    LANGUAGE plpgsql STABLE AS $fn$
    DECLARE
      v_snapshot pg_snapshot := pg_current_snapshot();
      v_xmax int8 := pg_snapshot_xmax(v_snapshot)::text::int8;
      v_horizon int8;
    BEGIN
      IF pg_snapshot_xmin(v_snapshot) = pg_snapshot_xmax(v_snapshot) THEN
        RETURN pg_snapshot_xmax(v_snapshot);
      END IF;
      IF pg_is_in_recovery() THEN
        RETURN pg_snapshot_xmin(v_snapshot);
      END IF;
      PERFORM 1 FROM es_events WHERE transaction_id >= pg_snapshot_xmin(v_snapshot) ORDER BY transaction_id LIMIT 1;
      IF NOT FOUND THEN
        RETURN pg_snapshot_xmin(v_snapshot);
      END IF;
      WITH locks AS MATERIALIZED (
        SELECT locktype, relation, mode, granted, virtualtransaction,
               v_xmax + ((transactionid::text::int8 - v_xmax % 4294967296 + 2147483648) % 4294967296
                         + 4294967296) % 4294967296 - 2147483648 AS xid
          FROM pg_locks
      ),
      running AS (
        SELECT virtualtransaction, xid FROM locks WHERE locktype = 'transactionid' AND mode = 'ExclusiveLock' AND granted
      )
      SELECT min(bound) INTO v_horizon FROM (
        SELECT v_xmax AS bound
        UNION ALL
        SELECT running.xid FROM running JOIN locks AS held USING (virtualtransaction)
         WHERE held.locktype = 'relation'
           AND held.mode NOT IN ('AccessShareLock', 'ShareUpdateExclusiveLock', 'ShareLock')
           AND held.relation IN ('es_streams'::regclass, 'es_events'::regclass)
        UNION ALL
        SELECT xip::text::int8 FROM pg_snapshot_xip(v_snapshot) AS xip
         WHERE NOT EXISTS (SELECT 1 FROM running WHERE running.xid = xip::text::int8)
           AND (current_setting('transaction_isolation') <> 'read committed'
                OR es_ended_with_events(xip::text::int8))
      ) AS bounds;
      RETURN v_horizon::text::xid8;
    END
    $fn$;
  `,
}

/** The horizon as a scalar subquery: evaluated once per statement (a bare call in a filter runs per row). */
export const readerHorizon = '(SELECT es_reader_horizon())'

/** The condition on es_events rows that readers may see. */
export const visibleToReaders = `transaction_id < ${readerHorizon}`
