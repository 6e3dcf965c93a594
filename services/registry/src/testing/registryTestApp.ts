import type { Test } from 'tap'
import { runMigrations } from '@gsr/db'
import type { TestDatabase } from '@gsr/db/testing'
import { fixedClock } from '@gsr/domain'
import { createPostgresEventStore, eventStoreMigrations } from '@gsr/event-store'
import { catchUpProjections, createTestApp, type TestCredential } from '@gsr/http-kit/testing'
import { awaitVisibleAppends } from '@gsr/read-models/equipment'
import { registryService } from '../registryService.ts'

/**
 * The registry service over HTTP on one test database (from forEachDatabase), as its e2e specs
 * share it: a fixed clock at `now`, the PostgreSQL event store (`inner`, raw) whose appends
 * `catchUp` waits to see before it runs the projections, and the requests the specs make. The
 * app and the store close with `t`.
 */
export async function registryTestApp(t: Test, db: TestDatabase, now: string) {
  const clock = fixedClock(now)
  await runMigrations(db.client, eventStoreMigrations)
  const inner = createPostgresEventStore(db.client)
  const { store: eventStore, visible } = awaitVisibleAppends(inner)
  const app = await createTestApp([registryService], { db, clock, eventStore })
  t.teardown(async () => {
    await app.close()
    await inner.close()
  })
  const catchUp = async () => {
    await visible()
    await catchUpProjections(app)
  }
  /** How many events the log holds. */
  const events = async () =>
    Number((await db.client.query<{ n: string }>('SELECT count(*)::text AS n FROM es_events')).rows[0]?.n)
  const post = (who: TestCredential, url: string, payload: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, payload: payload as object, headers: { ...who.headers, ...headers } })
  const get = (who: TestCredential, url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers: { ...who.headers, ...headers } })
  /** The command is recorded (201); its reply. */
  const ok = async (who: TestCredential, url: string, payload: unknown) => {
    const res = await post(who, url, payload)
    if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
    return res.json() as { events: { type: string; data: Record<string, unknown> }[] } & Record<string, unknown>
  }
  /** The request is refused with this status and problem type, and the log is unchanged. */
  const refused = async (t: Test, who: TestCredential, url: string, payload: unknown, status: number, type: string) => {
    const before = await events()
    const res = await post(who, url, payload)
    t.equal(res.statusCode, status, res.statusCode === status ? `${url} ${type}` : `${url}: ${res.body}`)
    t.match(res.headers['content-type'], /application\/problem\+json/)
    t.equal(res.json().type, `urn:gsr:problem:${type}`)
    t.equal(await events(), before, 'nothing written')
    return res
  }
  return { app, clock, inner, eventStore, visible, catchUp, events, post, get, ok, refused }
}
