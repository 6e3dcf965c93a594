import t from 'tap'
import { get, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { forEachDatabase } from '@gsr/db/testing'
import { credentialFor } from '@gsr/http-kit/testing'
import { violationsCsvPageSize } from '@gsr/read-models/enforcement'
import { twoCounties } from './testing/twoCounties.ts'

/**
 * A client that stops reading a large violations.csv (a real socket, not inject) holds the
 * server to what the socket has taken: the server stops querying pages, holds about a page in
 * the socket's buffer (and one in the byte stream) until the client reads on, then the file
 * completes, every row once.
 * Rows carry 40 evidence ids (about 1.4 MB a page of 500, 10 pages), so the file is several
 * times what loopback's kernel buffers take from the server while the client reads nothing.
 */
forEachDatabase(t, async (t, db) => {
  // The app's client, counting the export's page queries (a page of violations: LIMIT 501).
  let pagesQueried = 0
  const client = new Proxy(db.client, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key)
      if (key === 'query')
        return (text: string, parameters?: unknown[]) => {
          if (/from "enf_violations"/.test(text) && parameters?.includes(violationsCsvPageSize + 1)) pagesQueried += 1
          return target.query(text, parameters)
        }
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    },
  })
  const { app } = await twoCounties(t, { ...db, client })
  const pages = 10
  const rows = violationsCsvPageSize * pages
  await db.client.query(
    `INSERT INTO enf_violations (id, category, sub_reason, subject_kind, subject_id, organisation_id, region,
       occurred_at, occurred_on, detected_at, evidence, details, status)
     SELECT 'bulk:' || lpad(i::text, 5, '0'), 'missing_fill_checks', 'pre_fill_incomplete', 'fill', 'f' || i,
            'org-' || i, '330201', timestamptz '2025-05-01T00:00:00Z' + i * interval '1 minute', '2025-05-01',
            timestamptz '2025-05-02T00:00:00Z',
            (SELECT jsonb_agg(jsonb_build_object('eventId', md5(k::text) || md5(k::text))) FROM generate_series(1, 40) AS k),
            '{}'::jsonb, 'open'
       FROM generate_series(1, $1::int) AS i`,
    [rows],
  )
  const ningbo = await credentialFor(app, { kind: 'enforcement', region: '330200' })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  let reply: ServerResponse | undefined
  app.server.on('request', (_request, response: ServerResponse) => (reply = response))

  pagesQueried = 0
  // The reply's body stays unread (paused): the client's socket stops reading once its buffer is full.
  const response = await new Promise<IncomingMessage>((resolve, reject) =>
    get(`http://127.0.0.1:${port}/enforcement/violations.csv`, { headers: ningbo.headers }, (res) => {
      res.pause()
      resolve(res)
    }).on('error', reject),
  )
  t.equal(response.statusCode, 200)
  // What the server has handed its socket (sent, or waiting in its own buffer), until it stops.
  const handed = () => reply?.socket?.bytesWritten ?? Number.POSITIVE_INFINITY
  let last = -1
  for (let still = 0, waited = 0; still < 6 && waited < 15_000; waited += 50) {
    await sleep(50)
    still = handed() === last ? still + 1 : 0
    last = handed()
  }
  const held = reply?.writableLength ?? Number.POSITIVE_INFINITY
  const queriedWhilePaused = pagesQueried
  t.notOk(reply?.writableEnded, 'the server has not written the whole file while the client reads nothing')

  const chunks: Buffer[] = []
  for await (const chunk of response) chunks.push(chunk as Buffer)
  const file = Buffer.concat(chunks)
  const pageBytes = file.length / pages
  t.ok(last < file.length / 2, `the server stopped at ${last} bytes of ${file.length} while the client read nothing`)
  t.ok(held <= 2 * pageBytes, `it held ${held} bytes in its own buffer meanwhile (a page: ${Math.round(pageBytes)})`)
  t.ok(
    queriedWhilePaused <= pages / 2,
    `${queriedWhilePaused} of ${pages} pages queried meanwhile: the rest waits for the client`,
  )
  t.equal(pagesQueried, pages, 'each page queried once in all')
  const lines = file.toString('utf8').slice(1).trimEnd().split('\r\n')
  const ids = lines.slice(1).map((l) => l.split(',')[0])
  t.equal(ids.length, rows, 'then the whole file, once the client reads')
  t.equal(new Set(ids).size, rows, 'every row once')
})
