import type { ExpectedRevision } from '../EventStore.ts'

/**
 * One statement that appends a batch to a stream: it moves the stream's revision only if the
 * expectation holds (the WHERE / ON CONFLICT clause, serialised by the stream row's lock), then
 * inserts the events after it. It returns no rows when the expectation fails.
 * Parameters: $1 stream, $2 event count, $3 events as JSON text, $4 expected revision (exact only).
 *
 * `guarded` adds a check that none of the ids is recorded yet, so an id re-use yields no rows
 * instead of a unique violation; group commit needs it, since an error would abort the whole
 * group's transaction.
 */
export function appendStatement(expected: ExpectedRevision, guarded = false): string {
  const fresh = guarded
    ? // = ANY(ARRAY(...)) keeps this an index probe per id, never a scan of es_events.
      `NOT EXISTS (SELECT 1 FROM es_events WHERE event_id = ANY (ARRAY(
         SELECT (d->>'id')::uuid FROM jsonb_array_elements($3::text::jsonb) AS d)))`
    : 'true'
  const moveStream =
    expected === 'any'
      ? `INSERT INTO es_streams AS s (stream_name, revision) SELECT $1::text, $2::int8 - 1 WHERE ${fresh}
           ON CONFLICT (stream_name) DO UPDATE SET revision = s.revision + $2::int8 RETURNING revision`
      : expected === 'no_stream'
        ? `INSERT INTO es_streams (stream_name, revision) SELECT $1::text, $2::int8 - 1 WHERE ${fresh}
             ON CONFLICT (stream_name) DO NOTHING RETURNING revision`
        : `UPDATE es_streams SET revision = revision + $2::int8
            WHERE stream_name = $1 AND revision = $4::int8 AND ${fresh} RETURNING revision`
  return `WITH stream AS (${moveStream})
    INSERT INTO es_events (stream_name, revision, event_id, type, data, metadata)
    SELECT $1::text, stream.revision - $2::int8 + e.ord, (e.doc->>'id')::uuid, e.doc->>'type', e.doc->'data', e.doc->'metadata'
      FROM stream, jsonb_array_elements($3::text::jsonb) WITH ORDINALITY AS e(doc, ord)
     ORDER BY e.ord
    RETURNING revision, sequence, transaction_id::text::int8 AS commit`
}
