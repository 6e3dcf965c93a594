import { percentile } from './latency.ts'
/**
 * CSV streaming benchmark (issue 14): what a large CSV import and concurrent violations.csv
 * exports cost the server, and whether /health stays responsive meanwhile.
 *
 *   npx tsx scripts/bench/csvStreaming.ts [--database-url postgres://postgres@127.0.0.1:5432/postgres]
 *        [--import-mib 60] [--violations 200000] [--exports 10]
 *
 * Runs the real server (services/launcher/src/main.ts, MODE=postgres) as a child process on a
 * scratch database (`gsr_bench_csv`, dropped at the end), creates an administrator and an
 * enforcement team, writes `--violations` synthetic rows straight into the violations read
 * model, then, each phase measured alone:
 *  - idle: the baseline;
 *  - import: an administrator POSTs a `--import-mib` MiB equipment CSV whose every row is
 *    rejected (invalid region), as in the issue: parsing, validation and the error list, no
 *    appends;
 *  - exports: `--exports` concurrent GET /enforcement/violations.csv of every violation.
 * Measured: the server's peak RSS (VmRSS from /proc every 50 ms; Linux), /health latency asked
 * every 100 ms from this process (p50, p99, max), the phase's duration and reply sizes.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { parseArgs } from 'node:util'
import pg from 'pg'

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    'import-mib': { type: 'string', default: '60' },
    violations: { type: 'string', default: '200000' },
    exports: { type: 'string', default: '10' },
  },
})
const importBytes = Number(values['import-mib']) * 1024 * 1024
const violations = Number(values.violations)
const exports = Number(values.exports)
const log = (message: string) => console.error(`[bench] ${message}`)

const database = 'gsr_bench_csv'
const adminUrl = values['database-url']!
const benchUrl = (() => {
  const url = new URL(adminUrl)
  url.pathname = `/${database}`
  return url.toString()
})()

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')} exited ${code}`))))
  })
}

/** VmRSS of a process in MiB (Linux). */
async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
  return kb / 1024
}

interface PhaseResult {
  readonly phase: string
  readonly seconds: number
  readonly peakRssMiB: number
  readonly healthP50: number
  readonly healthP99: number
  readonly healthMax: number
  readonly probes: number
  readonly note: string
}

/** Runs `work` while sampling the server's RSS and /health latency. */
async function measure(
  phase: string,
  server: ChildProcess,
  base: string,
  work: () => Promise<string>,
): Promise<PhaseResult> {
  let running = true
  let peak = 0
  const latencies: number[] = []
  const sampler = (async () => {
    while (running) {
      peak = Math.max(peak, await rssMiB(server.pid!))
      await sleep(50)
    }
  })()
  const prober = (async () => {
    while (running) {
      const started = performance.now()
      const res = await fetch(`${base}/health`)
      await res.arrayBuffer()
      latencies.push(performance.now() - started)
      await sleep(100)
    }
  })()
  const started = performance.now()
  const note = await work()
  const seconds = (performance.now() - started) / 1000
  running = false
  await Promise.all([sampler, prober])
  const sorted = [...latencies].sort((a, b) => a - b)
  return {
    phase,
    seconds,
    peakRssMiB: peak,
    healthP50: percentile(sorted, 50),
    healthP99: percentile(sorted, 99),
    healthMax: sorted.at(-1) ?? 0,
    probes: sorted.length,
    note,
  }
}

/** An equipment CSV of about `bytes`, every row rejected (region '3301' is not a county code). */
function rejectedRowsCsv(bytes: number): Buffer {
  const header =
    'registrationCode,category,organisationId,region,location,putIntoServiceDate,registeredOn,nextInspectionDue\n'
  const lines = [header]
  let size = header.length
  for (let i = 1; size < bytes; i++) {
    const line = `EQ-${String(i).padStart(8, '0')},elevator,org-bench,3301,No. ${i} Wenyi Road Xihu District,2020-01-01,2020-01-10,2026-01-10\n`
    if (size + line.length > bytes) break
    lines.push(line)
    size += line.length
  }
  return Buffer.from(lines.join(''))
}

async function main(): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS ${database}`)
  await adminQuery(`CREATE DATABASE ${database}`)
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const env = {
    ...process.env,
    MODE: 'postgres',
    DATABASE_URL: benchUrl,
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '1000000',
  }
  const bootstrap = await run(['scripts/bootstrap-admin.ts'], env)
  const adminKey = bootstrap.trim().split('\n').at(-1)!
  const server = spawn(process.execPath, ['--import', 'tsx', 'services/launcher/src/main.ts'], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  try {
    for (let i = 0; ; i++) {
      const ok = await fetch(`${base}/health`).then(
        (r) => r.ok,
        () => false,
      )
      if (ok) break
      if (i > 300) throw new Error('the server did not start')
      await sleep(200)
    }
    const call = async (method: string, path: string, key: string, body?: unknown) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      })
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
      return (await res.json()) as Record<string, string>
    }
    const team = await call('POST', '/admin/organisations', adminKey, {
      kind: 'enforcement',
      name: 'bench team',
      region: '330100',
    })
    const member = await call('POST', `/admin/organisations/${team['id']}/members`, adminKey, {
      type: 'person',
      name: 'bench',
      role: 'viewer',
    })
    const teamKey = (await call('POST', `/admin/members/${member['id']}/api-keys`, adminKey))['apiKey']!

    const sql = new pg.Client({ connectionString: benchUrl })
    await sql.connect()
    await sql.query(
      `INSERT INTO enf_violations (id, category, sub_reason, subject_kind, subject_id, organisation_id, region,
         occurred_at, occurred_on, detected_at, evidence, details, status)
       SELECT 'noncompliant_cylinder_filled:refurbished:fill:' || i, 'noncompliant_cylinder_filled', 'refurbished',
              'fill', 'fill-' || i, 'station-' || (i % 300), '33010' || (i % 9 + 1),
              timestamptz '2025-01-01T00:00:00Z' + i * interval '1 minute', '2025-01-01',
              timestamptz '2025-01-01T00:00:00Z' + i * interval '1 minute',
              jsonb_build_array(jsonb_build_object('eventId', gen_random_uuid(), 'streamName', 'stationfills-' || (i % 300),
                'revision', i, 'type', 'CylinderFilled')),
              jsonb_build_object('cylinderCode', 'CYL-' || i), 'open'
         FROM generate_series(1, $1::int) AS i`,
      [violations],
    )
    await sql.end()
    log(`server on ${base} (pid ${server.pid}), ${violations.toLocaleString('en-US')} violations planted`)

    const results: PhaseResult[] = []
    results.push(await measure('idle', server, base, async () => (await sleep(3000), '')))

    const csv = rejectedRowsCsv(importBytes)
    results.push(
      await measure('import', server, base, async () => {
        const res = await fetch(`${base}/imports/equipment`, {
          method: 'POST',
          headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'text/csv' },
          body: csv,
        })
        const reply = Buffer.from(await res.arrayBuffer())
        const report = res.ok ? (JSON.parse(reply.toString()) as { rows: number; rejected: number }) : undefined
        return `${(csv.length / 2 ** 20).toFixed(1)} MiB CSV → ${res.status}, reply ${(reply.length / 1024).toFixed(0)} KiB${
          report
            ? `, ${report.rows.toLocaleString('en-US')} rows, ${report.rejected.toLocaleString('en-US')} rejected`
            : ''
        }`
      }),
    )

    results.push(
      await measure(`${exports} exports`, server, base, async () => {
        const sizes = await Promise.all(
          Array.from({ length: exports }, async () => {
            const res = await fetch(`${base}/enforcement/violations.csv`, {
              headers: { authorization: `Bearer ${teamKey}` },
            })
            let bytes = 0
            for await (const chunk of res.body!) bytes += (chunk as Uint8Array).length
            if (!res.ok) throw new Error(`export: ${res.status}`)
            return bytes
          }),
        )
        return `${exports} × ${(sizes[0]! / 2 ** 20).toFixed(1)} MiB CSV`
      }),
    )

    const fmt = (n: number, digits = 0) => n.toFixed(digits)
    console.log('| phase | duration s | server peak RSS MiB | /health p50 ms | p99 ms | max ms | probes | what |')
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |')
    for (const r of results) {
      console.log(
        `| ${r.phase} | ${fmt(r.seconds, 1)} | ${fmt(r.peakRssMiB)} | ${fmt(r.healthP50, 1)} | ${fmt(r.healthP99, 1)} | ${fmt(r.healthMax)} | ${r.probes} | ${r.note} |`,
      )
    }
  } finally {
    server.kill('SIGTERM')
    await new Promise((resolve) => server.once('exit', resolve))
    await adminQuery(`DROP DATABASE IF EXISTS ${database}`)
  }
}

await main()
