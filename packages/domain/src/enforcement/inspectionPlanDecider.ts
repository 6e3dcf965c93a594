import type { EnforcementEvent, EnforcementEventOf } from '@gsr/events/enforcement'
import { DomainError, type Decider } from '../Decider.ts'
import { NoRuleInForceError, ruleRef } from '../RuleTable.ts'
import { drawInspectionPlan, seedHashOf, type DrawnVisit } from './drawInspectionPlan.ts'
import { inspectionSamplingRules } from './inspectionSamplingRules.ts'

type Committed = EnforcementEventOf<'InspectionPlanCommitted'>['data']
type Drawn = EnforcementEventOf<'InspectionPlanDrawn'>['data']

/**
 * Stream `inspection-plan-<planId>` (双随机、一公开): committed with sha256(seed) and the
 * catalogue snapshot, roster and exclusions → drawn when the seed is revealed and matches.
 */
export type InspectionPlanCommand =
  | { type: 'CommitInspectionPlan'; data: Omit<Committed, 'rule'> }
  | { type: 'DrawInspectionPlan'; data: { seed: string } }

export interface InspectionPlanState {
  readonly committed?: Committed
  readonly drawn?: Drawn
}

const refuse = (code: string, en: string, zh: string, fields: string[]) =>
  new DomainError(code, { en, 'zh-CN': zh }, fields)

/** The draw the committed plan gives with `seed`, by the sampling rule version it cites. */
export function planDraw(committed: Committed, seed: string): DrawnVisit[] {
  const version = inspectionSamplingRules.versions.find((v) => v.version === committed.rule.version)
  if (!version) throw new Error(`inspectionSamplingRules has no version ${committed.rule.version}`)
  return drawInspectionPlan({
    seed,
    catalogue: committed.catalogue,
    roster: committed.roster,
    excluded: committed.excluded,
    ratios: version.rules.ratios,
    inspectorsPerVisit: version.rules.inspectorsPerVisit,
  })
}

function commit(data: Omit<Committed, 'rule'>): Committed {
  if (data.periodTo < data.periodFrom)
    throw refuse('period-reversed', 'the period ends before it starts', '计划期间结束早于开始', ['periodTo'])
  const version = inspectionSamplingRules.inForceOn(data.periodFrom)
  if (!version) throw new NoRuleInForceError(inspectionSamplingRules.name, data.periodFrom, ['periodFrom'])
  if (new Set(data.roster).size !== data.roster.length)
    throw refuse('duplicate-inspector', 'an inspector is named twice', '执法人员重复列出', ['roster'])
  if (data.roster.length < version.rules.inspectorsPerVisit)
    throw refuse(
      'roster-too-small',
      `at least ${version.rules.inspectorsPerVisit} inspectors go on a visit (${version.version})`,
      `每次检查至少 ${version.rules.inspectorsPerVisit} 名执法人员（${version.version}）`,
      ['roster'],
    )
  // Conflicts of interest come first, in the order the request gave them (their index names the field).
  data.excluded
    .filter((e) => e.reason === 'conflict_of_interest')
    .forEach((e, i) => {
      if (!data.roster.includes(e.inspectorId))
        throw refuse(
          'inspector-not-on-roster',
          `${e.inspectorId} is not on the roster`,
          `${e.inspectorId} 不在名单中`,
          [`conflicts.${i}.inspectorId`],
        )
    })
  return { ...data, rule: ruleRef(inspectionSamplingRules, version) }
}

function decide(command: InspectionPlanCommand, state: InspectionPlanState): EnforcementEvent[] {
  switch (command.type) {
    case 'CommitInspectionPlan':
      if (state.committed)
        throw refuse('plan-already-committed', 'this plan id is already committed', '该抽查计划编号已存在', ['planId'])
      return [{ type: 'InspectionPlanCommitted', data: commit(command.data) }]
    case 'DrawInspectionPlan': {
      const plan = state.committed
      if (!plan) throw refuse('plan-not-found', 'no such inspection plan', '抽查计划不存在', ['planId'])
      if (state.drawn) throw refuse('plan-already-drawn', 'the plan is already drawn', '该抽查计划已抽取', [])
      if (seedHashOf(command.data.seed) !== plan.seedHash)
        throw refuse('seed-mismatch', 'sha256(seed) is not the committed seedHash', '种子与承诺的哈希值不符', ['seed'])
      const visits = planDraw(plan, command.data.seed).map((v) => ({ ...v, inspectorIds: [...v.inspectorIds] }))
      return [
        {
          type: 'InspectionPlanDrawn',
          data: { planId: plan.planId, region: plan.region, seed: command.data.seed, visits },
        },
      ]
    }
  }
}

function evolve(state: InspectionPlanState, event: EnforcementEvent): InspectionPlanState {
  switch (event.type) {
    case 'InspectionPlanCommitted':
      return { committed: event.data }
    case 'InspectionPlanDrawn':
      return { ...state, drawn: event.data }
    default:
      return state
  }
}

export const inspectionPlanDecider: Decider<InspectionPlanCommand, EnforcementEvent, InspectionPlanState> = {
  initialState: () => ({}),
  evolve,
  decide,
}

/**
 * Replays a plan from its events: recomputes the draw from the committed inputs and the
 * revealed seed and compares it with the recorded one. `matches` false is tampering or a bug.
 */
export function replayInspectionPlan(events: readonly EnforcementEvent[]): {
  readonly planId?: string
  readonly state: 'missing' | 'committed' | 'drawn'
  readonly matches?: boolean
  readonly seedMatches?: boolean
  readonly visits?: number
  readonly differences?: readonly string[]
} {
  const state = events.reduce(evolve, {} as InspectionPlanState)
  if (!state.committed) return { state: 'missing' }
  if (!state.drawn) return { planId: state.committed.planId, state: 'committed' }
  const seedMatches = seedHashOf(state.drawn.seed) === state.committed.seedHash
  const again = planDraw(state.committed, state.drawn.seed)
  const key = (v: { organisationId: string; grade: string; inspectorIds: readonly string[] }) =>
    `${v.organisationId} ${v.grade} ${v.inspectorIds.join(',')}`
  const recorded = state.drawn.visits.map(key)
  const recomputed = again.map(key)
  const differences = [
    ...recorded.filter((k) => !recomputed.includes(k)).map((k) => `recorded only: ${k}`),
    ...recomputed.filter((k) => !recorded.includes(k)).map((k) => `recomputed only: ${k}`),
  ]
  return {
    planId: state.committed.planId,
    state: 'drawn',
    seedMatches,
    matches: seedMatches && differences.length === 0 && recorded.length === recomputed.length,
    visits: recorded.length,
    differences,
  }
}
