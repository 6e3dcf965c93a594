import {
  pipelineRateKinds,
  pipelineStandingsAt,
  type PipelineStageFacts,
  type ShortfallReason,
} from './pipelineRatesAt.ts'
import { statutoryInspectionStandingAt, type StatutoryInspectionShortfall } from './statutoryInspectionRateAt.ts'

/** A pipeline's place in one figure on a day: absent (not in the denominator), counted, or short and why. */
export type FigureStanding =
  | { readonly counted: true }
  | { readonly counted: false; readonly shortfall: ShortfallReason | StatutoryInspectionShortfall }
  | null

export interface StandingChange {
  /** One of the four rates, or `statutory_inspection`. */
  readonly rate: (typeof pipelineRateKinds)[number] | 'statutory_inspection'
  readonly asReported: FigureStanding
  readonly asKnownNow: FigureStanding
}

function standingsOf(facts: PipelineStageFacts | undefined, day: string): Map<StandingChange['rate'], FigureStanding> {
  const standings = new Map<StandingChange['rate'], FigureStanding>()
  if (!facts) return standings
  for (const s of pipelineStandingsAt(facts, day))
    standings.set(s.rate, s.counted ? { counted: true } : { counted: false, shortfall: s.shortfall! })
  const statutory = statutoryInspectionStandingAt(facts, day)
  if (statutory)
    standings.set(
      'statutory_inspection',
      statutory.counted ? { counted: true } : { counted: false, shortfall: statutory.shortfall! },
    )
  return standings
}

/**
 * How one pipeline's standing on `day` differs between two states of the log: its facts as
 * the log stood at some instant (`asReported`, undefined when nothing of it was recorded yet)
 * and as it stands now. One entry per figure that differs, in the figures' order.
 */
export function pipelineStandingChanges(
  asReported: PipelineStageFacts | undefined,
  asKnownNow: PipelineStageFacts | undefined,
  day: string,
): StandingChange[] {
  const then = standingsOf(asReported, day)
  const now = standingsOf(asKnownNow, day)
  const changes: StandingChange[] = []
  for (const rate of [...pipelineRateKinds, 'statutory_inspection'] as const) {
    const before = then.get(rate) ?? null
    const after = now.get(rate) ?? null
    if (JSON.stringify(before) !== JSON.stringify(after)) changes.push({ rate, asReported: before, asKnownNow: after })
  }
  return changes
}
