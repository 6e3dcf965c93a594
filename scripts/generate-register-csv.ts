#!/usr/bin/env -S npx tsx
/**
 * Writes a synthetic register CSV for the import benchmark:
 *   npx tsx scripts/generate-register-csv.ts <rows> <out.csv> [equipment|pipelines] [badEvery]
 * Every `badEvery`-th row (default 0: none) has an invalid region, to exercise error reporting.
 */
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { equipmentCsvColumns, pipelineCsvColumns } from '@gsr/registry-service'

const [rowsArg, out, kind = 'equipment', badArg = '0'] = process.argv.slice(2)
if (!rowsArg || !out) {
  console.error('usage: npx tsx scripts/generate-register-csv.ts <rows> <out.csv> [equipment|pipelines] [badEvery]')
  process.exit(1)
}
const rows = Number(rowsArg)
const badEvery = Number(badArg)
const categories = [
  'boiler',
  'pressure_vessel',
  'elevator',
  'lifting_machinery',
  'passenger_ropeway',
  'large_amusement_ride',
  'in_site_vehicle',
]
const counties = ['330102', '330105', '330106', '330108', '330109', '330110']
const day = (offset: number) => new Date(Date.UTC(2015, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10)

const stream = createWriteStream(out)
const write = async (text: string) => {
  if (!stream.write(text)) await once(stream, 'drain')
}
await write((kind === 'equipment' ? equipmentCsvColumns : pipelineCsvColumns).join(',') + '\n')
for (let i = 1; i <= rows; i++) {
  const region = badEvery && i % badEvery === 0 ? '3301' : counties[i % counties.length]!
  const put = day(i % 3650)
  if (kind === 'equipment') {
    const category = categories[i % categories.length]!
    const grade = category === 'pressure_vessel' ? String((i % 4) + 1) : ''
    const code = `TS${region.slice(0, 6)}${String(i).padStart(8, '0')}`
    await write(
      `${code},${category},org-${i % 500},${region},"Building ${i % 97}, No. ${i} Road",${put},${day((i % 3650) + (i % 45))},,${grade},,,M-${i % 13},Maker ${i % 7},SN${i}\n`,
    )
  } else {
    await write(
      `GP-${String(i).padStart(8, '0')},org-${i % 200},${region},2026-01-05,Main ${i},Road ${i},natural gas,GB1,0.4,${100 + (i % 5) * 50},${100 + (i % 900)},PE100,installer-${i % 20},${put},${day((i % 3650) + 300)},${day((i % 3650) + 1400)},${(i % 3) + 1}\n`,
    )
  }
}
stream.end()
await once(stream, 'finish')
console.error(`wrote ${rows} ${kind} rows to ${out}`)
