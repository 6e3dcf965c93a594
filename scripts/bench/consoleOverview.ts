import { latency } from './latency.ts'
/**
 * Console overview benchmark (issue 19: "overview server time for a city of the demo size under
 * 100 ms p99 on PostgreSQL"). Not a timed test: run it, copy its table into apps/console/README.md.
 *
 *   npx tsx scripts/bench/consoleOverview.ts [--runs 200] [--on 2025-12-31] [--db=pg|pglite] [--pg=postgres://...] [--keep]
 *
 * 1. the system as `npm start` builds it (launcher's buildSystem, every module, MODE=postgres) on a
 *    scratch database (openBenchDatabase: PostgreSQL schema `bench_console_overview`, dropped at
 *    the end unless --keep), not listening: requests go through app.inject;
 * 2. the demo city (`loadDemoCity`, citySizes.small, what DEMO_DATA=1 loads), projections caught up;
 * 3. a person of an enforcement team of the city (330100), its API key exchanged for a token
 *    (POST /auth/token), as the console signs in;
 * 4. each request the Overview page (apps/console/src/pages/Overview.tsx) makes on load, alone,
 *    --runs times (p50/p99); then the whole overview --runs times: the five groups in parallel as
 *    the page starts them (rates; open violations by practice, page after page; overdue
 *    rectification orders; cases overdue and by stage, in parallel; complaints due and ledger, in
 *    parallel), timed until the last answer; then with its trend (the rates at six month ends, in
 *    parallel, started when the day's rates answer, as the page does); baselines in the same run: GET /health (no
 *    credential) and GET /auth/me (the cheapest authenticated read).
 */
import { cpus, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import type { FastifyInstance } from 'fastify'
import { pino } from 'pino'
import { cityRegion, loadDemoCity } from '@gsr/demo-city'
import { credentialFor, testConfig } from '@gsr/http-kit/testing'
import { buildSystem } from '@gsr/launcher-service'
import { benchDatabaseArgs, openBenchDatabase } from './openBenchDatabase.ts'

const { values: args } = parseArgs({
  options: {
    ...benchDatabaseArgs,
    runs: { type: 'string', default: '200' },
    /** The overview's day (the page's `?on=`); the demo city's year is 2025. */
    on: { type: 'string', default: '2025-12-31' },
    keep: { type: 'boolean', default: false },
  },
})
const runs = Number(args.runs)
const on = args.on
const log = (message: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`)

// The stages of a penalty case, as the console lists them (apps/console/src/messages.ts caseStage).
const caseStages = ['opened', 'investigated', 'decided', 'closed', 'dropped'] as const

const database = await openBenchDatabase({
  db: args.db,
  pgUrl: args.pg,
  schema: 'bench_console_overview',
  maxConnections: 10,
  ...(args.keep ? { keep: true } : {}),
})
const system = await buildSystem({
  config: testConfig({ mode: 'postgres', rateLimitPerMinute: 1_000_000 }),
  logger: pino({ level: 'silent' }),
  sql: database.sql,
})
const app: FastifyInstance = system.app
try {
  await loadDemoCity(system.eventStore, { info: log })
  const started = Date.now()
  await system.runner!.catchUp()
  log(`projections caught up in ${((Date.now() - started) / 1000).toFixed(1)} s`)

  const team = await credentialFor(app, { kind: 'enforcement', region: cityRegion, role: 'viewer', type: 'person' })
  const exchanged = await app.inject({ method: 'POST', url: '/auth/token', headers: team.headers })
  if (exchanged.statusCode !== 201) throw new Error(`POST /auth/token: ${exchanged.statusCode} ${exchanged.body}`)
  const headers = { authorization: `Bearer ${exchanged.json<{ token: string }>().token}` }

  /** GETs one URL with the team's token; the answer's JSON (throws on anything but 200). */
  async function get<T>(url: string, credential = true): Promise<T> {
    const response = await app.inject({ url, ...(credential ? { headers } : {}) })
    if (response.statusCode !== 200) throw new Error(`GET ${url}: ${response.statusCode} ${response.body}`)
    return response.json<T>()
  }
  type Page = { items: unknown[]; next?: string }

  // The overview's requests, as Overview.tsx builds them.
  const ratesUrl = `/enforcement/rates?on=${on}`
  const violationsUrl = (after?: string) =>
    `/enforcement/violations?on=${on}&status=open&limit=500${after ? `&after=${encodeURIComponent(after)}` : ''}`
  const overdueOrdersUrl = `/enforcement/rectification-orders?on=${on}&status=overdue&limit=500`
  const casesUrls = [
    `/enforcement/cases?on=${on}&limit=500&overdue=true`,
    ...caseStages.map((stage) => `/enforcement/cases?on=${on}&limit=500&stage=${stage}`),
  ]
  const complaintsDueUrl = `/enforcement/complaints?on=${on}&dueForReply=true&limit=500`
  const ledgerUrl = `/enforcement/complaints/ledger?on=${on}&limit=500`
  // The trend: the rates at the last day of each of the six months to `on` (`on` for its own month).
  const [year, month] = on.split('-').map(Number) as [number, number]
  const trendUrls = Array.from({ length: 6 }, (_, i) => {
    const day = new Date(Date.UTC(year, month - 1 - (5 - i) + 1, 0)).toISOString().slice(0, 10)
    return `/enforcement/rates?on=${day > on ? on : day}`
  })

  /** Open violations by practice: every page of 500 (at most 20), one after the other. */
  async function openByPractice(): Promise<number> {
    let after: string | undefined
    let pages = 0
    for (; pages < 20; pages++) {
      const page = await get<Page>(violationsUrl(after))
      if (!page.next) return pages + 1
      after = page.next
    }
    return pages
  }
  /** The page's requests; `afterRates` what it starts once the day's rates have answered. */
  const overview = (afterRates: () => Promise<unknown> = async () => {}) =>
    Promise.all([
      get(ratesUrl).then(afterRates),
      openByPractice(),
      get(overdueOrdersUrl),
      Promise.all(casesUrls.map((url) => get(url))),
      Promise.all([get(complaintsDueUrl), get(ledgerUrl)]),
    ])
  // The trend: the page starts it once the day's rates have answered (they come first).
  const trend = () => Promise.all(trendUrls.map((url) => get(url)))
  const withTrend = () => overview(trend)

  // What the day holds (so the figures can be read against it).
  const sizes: string[] = []
  for (const [name, url] of [
    ['open violations (first page)', violationsUrl()],
    ['overdue orders', overdueOrdersUrl],
    ['cases', `/enforcement/cases?on=${on}&limit=500`],
    ['complaints due', complaintsDueUrl],
    ['ledger', ledgerUrl],
  ] as const) {
    const page = await get<Page>(url)
    sizes.push(`${name} ${page.items.length}${page.next ? '+' : ''}`)
  }
  const violationPages = await openByPractice()

  const timed = (name: string, fn: () => Promise<unknown>) => latency(name, fn, { runs, warmup: 10 })

  log(`measuring (${runs} runs each)`)
  const health = await timed('baseline: GET /health (no credential)', () => get('/health', false))
  const me = await timed('baseline: GET /auth/me (same credential check, no read model)', () => get('/auth/me'))
  const requests = [
    await timed('GET /enforcement/rates (four rates + statutory, county breakdown)', () => get(ratesUrl)),
    await timed(
      `GET /enforcement/violations?status=open&limit=500 (${violationPages === 1 ? 'one page' : `all ${violationPages} pages`})`,
      openByPractice,
    ),
    await timed('GET /enforcement/rectification-orders?status=overdue', () => get(overdueOrdersUrl)),
    await timed('GET /enforcement/cases?overdue=true', () => get(casesUrls[0]!)),
    await timed('GET /enforcement/cases?stage=opened', () => get(casesUrls[1]!)),
    await timed('GET /enforcement/complaints?dueForReply=true', () => get(complaintsDueUrl)),
    await timed('GET /enforcement/complaints/ledger', () => get(ledgerUrl)),
    await timed('the trend: GET /enforcement/rates at six month ends', () =>
      Promise.all(trendUrls.map((url) => get(url))),
    ),
  ]
  const whole = await timed(`whole overview (${10 + violationPages} requests, in parallel as the page)`, () =>
    overview(),
  )
  const wholeWithTrend = await timed(
    `whole overview and its trend (${16 + violationPages} requests: the trend after the rates, as the page)`,
    withTrend,
  )

  const dbLabel = args.db === 'pg' ? 'PostgreSQL' : 'PGlite'
  const { rows: counted } = await system.sql.query<{ n: string }>('SELECT count(*) AS n FROM es_events')
  const row = (r: { name: string; p50: number; p99: number }) =>
    `| ${r.name} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${(r.p50 / me.p50).toFixed(1)} | ${(r.p99 / me.p99).toFixed(1)} |`
  console.log(
    `\n${dbLabel}, demo city (citySizes.small, ${counted[0]?.n} events), team of ${cityRegion}, on=${on}; ${sizes.join(', ')}; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`,
  )
  console.log(`\n| request (${runs} runs, app.inject) | p50 ms | p99 ms | p50 / auth/me | p99 / auth/me |`)
  console.log('| --- | ---: | ---: | ---: | ---: |')
  for (const r of [health, me, ...requests, whole, wholeWithTrend]) console.log(row(r))
  console.log(
    `\nbudget: whole overview p99 ${whole.p99.toFixed(1)} ms of 100 ms (${whole.p99 < 100 ? 'met' : 'MISSED'})`,
  )
} finally {
  await system.close()
  await database.cleanup()
}
