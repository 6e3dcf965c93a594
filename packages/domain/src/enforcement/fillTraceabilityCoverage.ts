/**
 * Cylinder-filling traceability coverage (气瓶充装追溯覆盖率), the figure behind the seed's
 * 「率先在全市实现气瓶充装追溯体系建设全覆盖」: of the fills recorded in a district over a period,
 * the share that can be traced end to end — a registered, coded cylinder (一瓶一码, registered by
 * the fill day) filled after the system's own pre-fill check allowed it (the fill names the check,
 * made by the same station for the same cylinder, before the fill). A district is fully covered
 * when every station filling there traces every fill.
 */
export interface StationFillCounts {
  readonly district: string
  readonly stationId: string
  readonly fills: number
  /** Fills of a registered cylinder after an allowing pre-fill check of the system. */
  readonly traced: number
}

export interface TraceabilityFigure {
  readonly fills: number
  readonly traced: number
  /** traced / fills, or null when nothing was filled. */
  readonly coverage: number | null
  readonly stations: number
  readonly stationsFullyTraced: number
  /** Stations with untraced fills, by id, with how many. */
  readonly shortfalls: readonly { readonly stationId: string; readonly untraced: number }[]
}

export const fillTraceabilityLabel = {
  'zh-CN': '气瓶充装追溯覆盖率',
  en: 'cylinder-filling traceability coverage',
} as const

function figureOf(stations: readonly StationFillCounts[]): TraceabilityFigure {
  const fills = stations.reduce((n, s) => n + s.fills, 0)
  const traced = stations.reduce((n, s) => n + s.traced, 0)
  const short = stations
    .filter((s) => s.traced < s.fills)
    .map((s) => ({ stationId: s.stationId, untraced: s.fills - s.traced }))
    .sort((a, b) => (a.stationId < b.stationId ? -1 : 1))
  return {
    fills,
    traced,
    coverage: fills === 0 ? null : traced / fills,
    stations: stations.length,
    stationsFullyTraced: stations.length - short.length,
    shortfalls: short,
  }
}

/** Coverage over all the stations' fills, and by district (sorted by district code). */
export function fillTraceabilityCoverage(stations: readonly StationFillCounts[]): {
  readonly total: TraceabilityFigure
  readonly byDistrict: readonly ({ readonly district: string } & TraceabilityFigure)[]
} {
  const districts = [...new Set(stations.map((s) => s.district))].sort()
  return {
    total: figureOf(stations),
    byDistrict: districts.map((district) => ({
      district,
      ...figureOf(stations.filter((s) => s.district === district)),
    })),
  }
}
