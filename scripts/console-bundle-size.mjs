#!/usr/bin/env node
// The enforcement console's JavaScript budget: the first page (the scripts index.html loads
// and preloads, then their static imports) gzipped, against 500 kB; and each lazy page chunk.
// `node scripts/console-bundle-size.mjs` prints it; `--readme` also writes it into
// apps/console/README.md between its bundle-size markers. Needs a build (npm run setup).
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const dist = join(root, 'apps', 'console', 'dist')
const budget = 500 * 1024
if (!existsSync(join(dist, 'index.html'))) {
  console.error('no console build: run npm run setup first')
  process.exit(1)
}
const html = readFileSync(join(dist, 'index.html'), 'utf8')
const gz = (file) => gzipSync(readFileSync(join(dist, 'assets', file)), { level: 9 }).length
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`

/** A set of chunks and everything they import statically (import() is lazy: not followed). */
function closure(files) {
  const seen = new Set()
  const queue = [...files]
  while (queue.length) {
    const file = queue.shift()
    if (seen.has(file)) continue
    seen.add(file)
    const code = readFileSync(join(dist, 'assets', file), 'utf8')
    for (const m of code.matchAll(/(?:^|[;\s}])import\s*(?:[\w${},\s*]+from\s*)?["']\.\/([^"']+\.js)["']/g))
      queue.push(m[1])
  }
  return seen
}
const total = (files) => [...files].reduce((sum, file) => sum + gz(file), 0)
const assets = readdirSync(join(dist, 'assets'))

// The first page: what index.html loads and preloads, and their static imports.
const first = closure([...html.matchAll(/(?:src|href)="\/console\/assets\/([^"]+\.js)"/g)].map((m) => m[1]))
const firstBytes = total(first)
// The overview after signing in: the first page and the Overview chunk with its static imports.
const overview = closure([...first, ...assets.filter((file) => /^Overview-.*\.js$/.test(file))])
const overviewBytes = total(overview)
const lazy = assets
  .filter((file) => file.endsWith('.js') && !first.has(file))
  .map((file) => ({ file, bytes: gz(file) }))
  .sort((a, b) => b.bytes - a.bytes)

// A Markdown table as prettier writes it (padded), so the README stays formatted.
const rows = [['chunk', 'gzipped'], ...lazy.map(({ file, bytes }) => [file.replace(/-[\w-]{8}\.js$/, ''), kb(bytes)])]
const widths = [0, 1].map((i) => Math.max(...rows.map((row) => row[i].length)))
const row = (cells) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`
const lines = [
  `First page (sign-in), JavaScript gzipped: **${kb(firstBytes)}** of a ${kb(budget)} budget (${first.size} files).`,
  '',
  `Overview after signing in (first page + Overview chunk and its static imports; the chart's ECharts chunk loads after): **${kb(overviewBytes)}**.`,
  '',
  'Loaded later, per page (gzipped):',
  '',
  row(rows[0]),
  row(widths.map((w) => '-'.repeat(w))),
  ...rows.slice(1).map(row),
]
console.log(lines.join('\n'))
if (process.argv.includes('--readme')) {
  const readme = join(root, 'apps', 'console', 'README.md')
  const text = readFileSync(readme, 'utf8')
  const start = '<!-- bundle-size:start -->'
  const end = '<!-- bundle-size:end -->'
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from < 0 || to < 0) throw new Error(`${readme}: no ${start} … ${end} markers`)
  writeFileSync(readme, `${text.slice(0, from + start.length)}\n\n${lines.join('\n')}\n\n${text.slice(to)}`)
  console.log(`written to ${readme}`)
}
if (firstBytes > budget || overviewBytes > budget) {
  console.error(`over budget: ${kb(Math.max(firstBytes, overviewBytes))} > ${kb(budget)}`)
  process.exit(1)
}
