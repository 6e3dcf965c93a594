/** How big a city to build. `small` is for tests and the demo; `full` for the benchmark. */
export interface CitySize {
  readonly counties: readonly string[]
  readonly stationsPerCounty: number
  readonly usersPerCounty: number
  readonly installersPerCounty: number
  readonly manufacturersPerCounty: number
  readonly sellersPerCounty: number
  readonly cylinders: number
  /** Fills over the year, spread over the days. */
  readonly fills: number
  readonly equipmentPerCounty: number
  readonly pipelinesPerCounty: number
  /** How many times each planted case is repeated per county. */
  readonly plantedRepeats: number
}

export const citySizes: Record<'small' | 'full', CitySize> = {
  small: {
    counties: ['330102', '330106', '330108'],
    stationsPerCounty: 4,
    usersPerCounty: 6,
    installersPerCounty: 2,
    manufacturersPerCounty: 2,
    sellersPerCounty: 3,
    cylinders: 1_500,
    fills: 3_000,
    equipmentPerCounty: 20,
    pipelinesPerCounty: 30,
    plantedRepeats: 1,
  },
  full: {
    counties: ['330102', '330105', '330106', '330108', '330110'],
    stationsPerCounty: 30,
    usersPerCounty: 50,
    installersPerCounty: 8,
    manufacturersPerCounty: 6,
    sellersPerCounty: 20,
    cylinders: 100_000,
    fills: 300_000,
    equipmentPerCounty: 600,
    pipelinesPerCounty: 500,
    plantedRepeats: 5,
  },
}

export const cityRegion = '330100'
export const provinceRegion = '330000'
export const cityYear = 2025
/** The days the as-of rates are checked on: three past quarter ends and the year end. */
export const asOfDays = ['2025-03-31', '2025-06-30', '2025-09-30', '2025-12-31'] as const
