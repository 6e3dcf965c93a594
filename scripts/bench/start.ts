/**
 * Start benchmark (issue 21, goal 4): how long `npm start` takes to answer GET /health, and what
 * the process tree holds at idle. Not a timed test: run it, copy its table into
 * services/launcher/README.md (and the row into the root README's Performance table).
 *
 *   npx tsx scripts/bench/start.ts [--runs 3] [--demo] [--no-baseline]
 *
 * Four cases, each --runs times (median, and the range), interleaved so the shared machine's
 * noise falls on all of them alike; embedded mode (PGlite) in a scratch DATA_DIR, PORT=0:
 *   - `npm start`, first start: no dist/ (the API compiled by the start) and a new data folder;
 *   - `npm start`, warm: built, the data folder of an earlier start;
 *   - baseline, in the same run: the old start, `npm run start:app` (npm, then
 *     `node --import tsx services/launcher/src/main.ts`, what `npm start` ran before, without
 *     scripts/run.mjs in between), first (new data folder) and warm.
 * Time: from spawning the command to the first 200 of /health (polled every 50 ms), and the CPU
 * seconds the tree used until then (the machines are shared: wall time varies with the load,
 * CPU time much less). Idle: once
 * the app has logged `listening on` (after the demo data with --demo, DEMO_DATA=1), 3 s later,
 * the RSS summed over the whole process tree (npm, its shell, scripts/run.mjs running the app; for
 * tsx the app and its esbuild service), from ps, and the app's process alone. Both starts run the same sources
 * (the PGlite settings of services/launcher/src/openDatabase.ts apply to both). The console build (apps/console) is made before, not timed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { percentile } from './latency.ts'

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    demo: { type: 'boolean', default: false },
    'no-baseline': { type: 'boolean', default: false },
  },
})
const runs = Number(args.runs)
const root = fileURLToPath(new URL('../../', import.meta.url))

interface Case {
  readonly name: string
  readonly command: readonly string[]
  readonly first: boolean
}
const cases: Case[] = [
  { name: '`npm start`, first start (build + new data folder)', command: ['npm', 'start'], first: true },
  { name: '`npm start`, warm (built, data folder exists)', command: ['npm', 'start'], first: false },
  ...(args['no-baseline']
    ? []
    : [
        { name: 'baseline: tsx, first start (new data folder)', command: tsxStart(), first: true },
        { name: 'baseline: tsx, warm (data folder exists)', command: tsxStart(), first: false },
      ]),
]
/** `npm run start:app`: npm, its shell, `node --import tsx services/launcher/src/main.ts`. */
function tsxStart(): string[] {
  return ['npm', 'run', 'start:app']
}

/** RSS (MB) summed over `pid` and every process under it, and the app's own (the launcher's main). */
function treeRssMb(pid: number): { tree: number; app: number } {
  const ps = spawnSync('ps', ['-e', '-o', 'pid=,ppid=,rss=,args='], { encoding: 'utf8' }).stdout
  const rows = ps
    .trim()
    .split('\n')
    .map((line) => {
      const [p, parent, rss, ...command] = line.trim().split(/\s+/)
      return { pid: Number(p), parent: Number(parent), rss: Number(rss) / 1024, command: command.join(' ') }
    })
  const inTree = new Set([pid])
  for (let grew = true; grew;) {
    grew = false
    for (const row of rows)
      if (inTree.has(row.parent) && !inTree.has(row.pid)) {
        inTree.add(row.pid)
        grew = true
      }
  }
  const tree = rows.filter((row) => inTree.has(row.pid))
  return {
    tree: tree.reduce((sum, row) => sum + row.rss, 0),
    // The node process itself, not the shell npm ran it with: run.mjs, which runs the built
    // launcher inside itself, or tsx's launcher.
    app: Math.max(
      ...tree
        .filter((row) => /launcher\/src\/main\.[jt]s|scripts\/run\.mjs start/.test(row.command))
        .map((row) => row.rss),
    ),
  }
}

/**
 * CPU seconds (user + system) the tree has used: each process's own and that of its children
 * already reaped (the compile run.mjs waited for, the folder creation the app waited for).
 */
function treeCpuSeconds(pid: number): number {
  const ps = spawnSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' }).stdout
  const rows = ps
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number])
  const inTree = new Set([pid])
  for (let grew = true; grew;) {
    grew = false
    for (const [child, parent] of rows)
      if (inTree.has(parent) && !inTree.has(child)) {
        inTree.add(child)
        grew = true
      }
  }
  let ticks = 0
  for (const p of inTree) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      // utime, stime, cutime, cstime: fields 14-17 of proc(5), 12-15 after the name.
      ticks += fields.slice(11, 15).reduce((sum, field) => sum + Number(field), 0)
    } catch {
      // gone meanwhile
    }
  }
  return ticks / 100
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.on('exit', resolve))
  // The tree is its own process group (detached): npm, run.mjs and the app stop together.
  process.kill(-child.pid!, 'SIGTERM')
  const killed = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 20_000)
  await exited
  clearTimeout(killed)
}

/** One start: seconds to /health 200, MB of the tree at idle. */
async function measure(
  command: readonly string[],
  dataDir: string,
): Promise<{ seconds: number; cpu: number; mb: number; app: number }> {
  const started = performance.now()
  const child = spawn(command[0]!, command.slice(1), {
    cwd: root,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? tmpdir(),
      DATA_DIR: dataDir,
      PORT: '0',
      ...(args.demo ? { DEMO_DATA: '1' } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  try {
    let url: string | undefined
    let seconds: number | undefined
    let cpu = Number.NaN
    const deadline = Date.now() + 600_000
    while (seconds === undefined) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`${command.join(' ')} did not start:\n${output}`)
      // The port (PORT=0): pino's request log is not there yet, the bound address is logged by fastify.
      url ??= /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1]
      if (url) {
        const answer = await fetch(`${url}/health`).catch(() => undefined)
        if (answer?.status === 200) {
          seconds = (performance.now() - started) / 1000
          cpu = treeCpuSeconds(child.pid!)
        }
      }
      if (seconds === undefined) await sleep(50)
    }
    while (!/listening on http/.test(output)) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${command.join(' ')} stopped:\n${output}`)
      await sleep(100)
    }
    await sleep(3_000)
    const rss = treeRssMb(child.pid!)
    return { seconds, cpu, mb: rss.tree, app: rss.app }
  } finally {
    await stop(child)
  }
}

// The console is built by `npm start` when stale: built now, so no case includes it.
const setup = spawnSync('node', ['scripts/run.mjs', 'setup'], { cwd: root, stdio: 'inherit' })
if (setup.status !== 0) throw new Error('npm run setup failed')
const results = new Map(cases.map((c) => [c, [] as { seconds: number; cpu: number; mb: number; app: number }[]]))
const scratch = mkdtempSync(join(tmpdir(), 'gsr-bench-start-'))
try {
  for (let run = 0; run < runs; run++)
    for (const c of cases) {
      const built = c.command[1] === 'start'
      const dataDir = join(scratch, `${built ? 'built' : 'tsx'}-${c.first ? `first-${run}` : 'warm'}`)
      if (c.first) rmSync(dataDir, { recursive: true, force: true })
      if (c.first && built) rmSync(join(root, 'dist'), { recursive: true, force: true })
      if (!c.first && run === 0) await measure(c.command, dataDir) // creates the data folder, not counted
      const result = await measure(c.command, dataDir)
      results.get(c)!.push(result)
      console.error(
        `${c.name}, run ${run + 1}: ${result.seconds.toFixed(1)} s (CPU ${result.cpu.toFixed(1)} s), tree ${result.mb.toFixed(0)} MB, app ${result.app.toFixed(0)} MB`,
      )
    }
} finally {
  rmSync(scratch, { recursive: true, force: true })
}

const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  )
const range = (values: number[], digits: number) =>
  `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`
const baselineOf = (c: Case) => cases.find((b) => b.command[1] === 'run' && b.first === c.first)
console.log(
  `\n${runs} runs, ${args.demo ? 'DEMO_DATA=1' : 'no demo data'}; ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}\n`,
)
console.log(
  '| start | to /health 200, median (range) | CPU s to /health | tree RSS at idle, median (range) | the app process alone | vs tsx |',
)
console.log(
  '| ----- | ------------------------------ | ---------------- | -------------------------------- | --------------------- | ------ |',
)
for (const c of cases) {
  const rows = results.get(c)!
  const seconds = median(rows.map((r) => r.seconds))
  const cpu = median(rows.map((r) => r.cpu))
  const mb = median(rows.map((r) => r.mb))
  const base = baselineOf(c)
  const of = (pick: (r: { seconds: number; cpu: number; mb: number }) => number) =>
    median(results.get(base!)!.map(pick))
  const ratio =
    base && base !== c
      ? `${(seconds / of((r) => r.seconds)).toFixed(2)}x time, ${(cpu / of((r) => r.cpu)).toFixed(2)}x CPU, ${(mb / of((r) => r.mb)).toFixed(2)}x RSS`
      : ''
  const time = `${seconds.toFixed(1)} s (${range(
    rows.map((r) => r.seconds),
    1,
  )})`
  const memory = `${mb.toFixed(0)} MB (${range(
    rows.map((r) => r.mb),
    0,
  )})`
  const app = `${median(rows.map((r) => r.app)).toFixed(0)} MB`
  console.log(`| ${c.name} | ${time} | ${cpu.toFixed(1)} s | ${memory} | ${app} | ${ratio} |`)
}
