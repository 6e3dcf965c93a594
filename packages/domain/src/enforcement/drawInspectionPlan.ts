import { createHash } from 'node:crypto'
import { createRng } from '../rng.ts'
import { riskGrades, type RiskGradeLetter } from './riskCatalogueRules.ts'

/** Lower-case hex sha256 of the seed's UTF-8 bytes: what a plan commits to before its draw. */
export function seedHashOf(seed: string): string {
  return createHash('sha256').update(seed, 'utf8').digest('hex')
}

export interface DrawInput {
  readonly seed: string
  readonly catalogue: readonly { readonly organisationId: string; readonly grade: RiskGradeLetter }[]
  readonly roster: readonly string[]
  readonly excluded: readonly { readonly inspectorId: string; readonly organisationId: string }[]
  readonly ratios: Readonly<Record<RiskGradeLetter, number>>
  readonly inspectorsPerVisit: number
}

export interface DrawnVisit {
  readonly organisationId: string
  readonly grade: RiskGradeLetter
  /** Fewer than `inspectorsPerVisit` when not enough inspectors are eligible (unstaffed). */
  readonly inspectorIds: readonly string[]
}

/**
 * The draw of a random inspection plan (双随机): a pure function of the seed and the committed
 * inputs, so anyone holding the log recomputes it (`gsr replay-plan`).
 * 1. Subjects: per grade, in organisation-id order, n = ⌊N × ratio⌋ plus one more with
 *    probability of the fraction (so each organisation's chance is exactly its grade's ratio),
 *    chosen by a partial Fisher–Yates shuffle.
 * 2. Inspectors: visits from the highest grade down, each gets `inspectorsPerVisit` distinct
 *    inspectors of the roster not excluded for that organisation (conflict of interest, same
 *    subject in the previous plan), the least loaded first, ties broken at random: the load of
 *    any two inspectors differs by at most one when nothing is excluded.
 */
export function drawInspectionPlan(input: DrawInput): DrawnVisit[] {
  const digest = createHash('sha256').update(`draw:${input.seed}`, 'utf8').digest()
  const rng = createRng(digest.readUInt32BE(0))
  const byId = [...input.catalogue].sort((a, b) => (a.organisationId < b.organisationId ? -1 : 1))
  const byGrade = new Map<RiskGradeLetter, { organisationId: string; grade: RiskGradeLetter }[]>()
  for (const o of byId) {
    const members = byGrade.get(o.grade)
    if (members) members.push(o)
    else byGrade.set(o.grade, [o])
  }
  const chosen: { organisationId: string; grade: RiskGradeLetter }[] = []
  for (const grade of [...riskGrades].reverse()) {
    const members = byGrade.get(grade) ?? []
    const ratio = Math.min(1, Math.max(0, input.ratios[grade]))
    const exact = members.length * ratio
    const n = Math.min(members.length, Math.floor(exact) + (rng.next() < exact - Math.floor(exact) ? 1 : 0))
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(rng.next() * (members.length - i))
      ;[members[i], members[j]] = [members[j]!, members[i]!]
      chosen.push(members[i]!)
    }
  }
  const roster = [...new Set(input.roster)].sort()
  const load = roster.map(() => 0)
  const excludedFor = new Map<string, Set<string>>()
  for (const e of input.excluded)
    excludedFor.set(e.organisationId, (excludedFor.get(e.organisationId) ?? new Set()).add(e.inspectorId))
  return chosen.map((subject) => {
    const excluded = excludedFor.get(subject.organisationId)
    const taken: number[] = []
    // Each seat: the least loaded eligible inspector not yet on the visit, ties at random (reservoir).
    for (let seat = 0; seat < input.inspectorsPerVisit; seat++) {
      let best = -1
      let ties = 0
      for (let i = 0; i < roster.length; i++) {
        if (taken.includes(i) || excluded?.has(roster[i]!)) continue
        if (best === -1 || load[i]! < load[best]!) {
          best = i
          ties = 1
        } else if (load[i] === load[best] && rng.next() * ++ties < 1) best = i
      }
      if (best === -1) break
      taken.push(best)
      load[best]! += 1
    }
    return { ...subject, inspectorIds: taken.map((i) => roster[i]!).sort() }
  })
}
