/** What the generator planted, i.e. what the projections must find: nothing more, nothing less. */
export interface ExpectedViolation {
  readonly id: string
  readonly category: string
  readonly subReason: string
  readonly organisationId: string
  readonly region: string
  readonly status: 'open' | 'resolved'
  readonly resolvedByEventId?: string
}

export interface ExpectedRate {
  readonly rate: string
  readonly numerator: number
  readonly denominator: number
  /** Sorted by pipeline id. */
  readonly shortfalls: readonly { readonly pipelineId: string; readonly reason: string }[]
}

/** One region's month of penalty cases, as GET /enforcement/case-statistics gives it. */
export interface ExpectedCaseMonth {
  readonly region: string
  readonly month: string
  readonly opened: number
  readonly decided: number
  readonly closed: number
  readonly dropped: number
  readonly finesImposedFen: number
  readonly finesCollectedFen: number
}

export interface CityExpectations {
  readonly seed: number
  readonly size: string
  readonly violations: readonly ExpectedViolation[]
  /** rates[day][region] for the province, the city and every county. */
  readonly rates: Readonly<Record<string, Readonly<Record<string, readonly ExpectedRate[]>>>>
  /** Penalty case statistics of the year by the case's region (a county) and month, sorted so. */
  readonly caseStatistics: readonly ExpectedCaseMonth[]
}
