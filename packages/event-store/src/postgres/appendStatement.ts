import type { ExpectedRevision } from '../EventStore.ts'

/**
 * One statement that appends a batch to a stream: it moves the stream's revision only if the
 * expectation holds (the WHERE / ON CONFLICT clause, serialised by the stream row's lock), then
 * inserts the events after it. It returns no rows when the expectation fails.
 * Parameters: $1 stream, $2 event count, $3 events as JSON text, $4 expected revision (exact only).

 */
export function appendStatement(expected: ExpectedRevision): string {
  const moveStream =
    expected === 'any'
      ? `INSERT INTO es_streams AS s (stream_name, revision) SELECT $1::text, $2::int8 - 1
           ON CONFLICT (stream_name) DO UPDATE SET revision = s.revision + $2::int8 RETURNING revision`
      : expected === 'no_stream'
        ? `INSERT INTO es_streams (stream_name, revision) SELECT $1::text, $2::int8 - 1
             ON CONFLICT (stream_name) DO NOTHING RETURNING revision`
        : `UPDATE es_streams SET revision = revision + $2::int8
            WHERE stream_name = $1 AND revision = $4::int8 RETURNING revision`
  return `WITH stream AS (${moveStream})
    INSERT INTO es_events (stream_name, revision, event_id, type, data, metadata)
    SELECT $1::text, stream.revision - $2::int8 + e.ord, (e.doc->>'id')::uuid, e.doc->>'type', e.doc->'data', e.doc->'metadata'
      FROM stream, jsonb_array_elements($3::text::jsonb) WITH ORDINALITY AS e(doc, ord)
     ORDER BY e.ord
    RETURNING revision, sequence, transaction_id::text::int8 AS commit`
}
