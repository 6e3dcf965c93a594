import t from 'tap'
import { fillTraceabilityCoverage } from './fillTraceabilityCoverage.ts'

t.test('coverage by district: fills traced, stations fully traced, the shortfalls', async (t) => {
  const result = fillTraceabilityCoverage([
    { district: '330108', stationId: 's3', fills: 4, traced: 4 },
    { district: '330106', stationId: 's2', fills: 10, traced: 7 },
    { district: '330106', stationId: 's1', fills: 6, traced: 6 },
  ])
  t.same(result.total, {
    fills: 20,
    traced: 17,
    coverage: 0.85,
    stations: 3,
    stationsFullyTraced: 2,
    shortfalls: [{ stationId: 's2', untraced: 3 }],
  })
  t.same(
    result.byDistrict.map((d) => [d.district, d.fills, d.traced, d.coverage, d.stationsFullyTraced]),
    [
      ['330106', 16, 13, 13 / 16, 1],
      ['330108', 4, 4, 1, 1],
    ],
  )
})

t.test('nothing filled: no coverage figure, not 0 and not 100%', async (t) => {
  t.same(fillTraceabilityCoverage([]).total, {
    fills: 0,
    traced: 0,
    coverage: null,
    stations: 0,
    stationsFullyTraced: 0,
    shortfalls: [],
  })
})
