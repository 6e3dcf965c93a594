import t from 'tap'
import type { EnforcementEvent } from '@gsr/events/enforcement'
import { DomainError } from '../Decider.ts'
import { seedHashOf } from './drawInspectionPlan.ts'
import { inspectionPlanDecider, replayInspectionPlan, type InspectionPlanCommand } from './inspectionPlanDecider.ts'

const seed = 'a seed of at least sixteen characters'
const commit = {
  planId: 'RIP-1',
  enforcementOrganisationId: 'org-team',
  region: '330106',
  periodFrom: '2026-07-01',
  periodTo: '2026-09-30',
  catalogueOn: '2026-06-30',
  knownAt: '2026-06-30T04:00:00.000Z',
  catalogueRule: { name: 'riskCatalogueRules', version: '2022.1' },
  catalogue: [
    { organisationId: 'org-a', grade: 'A' as const },
    { organisationId: 'org-d', grade: 'D' as const },
    { organisationId: 'org-e', grade: 'E' as const },
  ],
  roster: ['i1', 'i2', 'i3'],
  excluded: [{ inspectorId: 'i1', organisationId: 'org-e', reason: 'conflict_of_interest' as const }],
  seedHash: seedHashOf(seed),
}
const run = (commands: InspectionPlanCommand[]) => {
  let state = inspectionPlanDecider.initialState()
  const events: EnforcementEvent[] = []
  for (const command of commands) {
    const decided = inspectionPlanDecider.decide(command, state)
    events.push(...decided)
    state = decided.reduce(inspectionPlanDecider.evolve, state)
  }
  return events
}
const refusal = (commands: InspectionPlanCommand[]) => {
  try {
    run(commands)
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, fields: error.fields }
    throw error
  }
  return undefined
}
const committing: InspectionPlanCommand = { type: 'CommitInspectionPlan', data: commit }

t.test('commit cites the sampling rule; the draw only with the committed seed, once', async (t) => {
  const events = run([committing, { type: 'DrawInspectionPlan', data: { seed } }])
  t.same(
    events.map((e) => e.type),
    ['InspectionPlanCommitted', 'InspectionPlanDrawn'],
  )
  t.match(events[0]!.data, { rule: { name: 'inspectionSamplingRules', version: '2022.1' } })
  const drawn = events[1]!.data as { visits: { organisationId: string; inspectorIds: string[] }[] }
  const e = drawn.visits.find((v) => v.organisationId === 'org-e')!
  t.same(e.inspectorIds, ['i2', 'i3'], 'E always, never with the conflicted inspector')
  t.same(refusal([committing, { type: 'DrawInspectionPlan', data: { seed: `${seed}!` } }]), {
    code: 'seed-mismatch',
    fields: ['seed'],
  })
  t.match(
    refusal([
      committing,
      { type: 'DrawInspectionPlan', data: { seed } },
      { type: 'DrawInspectionPlan', data: { seed } },
    ]),
    {
      code: 'plan-already-drawn',
    },
  )
  t.match(refusal([{ type: 'DrawInspectionPlan', data: { seed } }]), { code: 'plan-not-found' })
  t.match(refusal([committing, committing]), { code: 'plan-already-committed' })
  t.match(refusal([{ type: 'CommitInspectionPlan', data: { ...commit, roster: ['i1'] } }]), {
    code: 'roster-too-small',
  })
  t.match(refusal([{ type: 'CommitInspectionPlan', data: { ...commit, roster: ['i1', 'i2', 'i2'] } }]), {
    code: 'duplicate-inspector',
  })
  t.same(refusal([{ type: 'CommitInspectionPlan', data: { ...commit, roster: ['i2', 'i3'] } }]), {
    code: 'inspector-not-on-roster',
    fields: ['conflicts.0.inspectorId'],
  })
  t.match(refusal([{ type: 'CommitInspectionPlan', data: { ...commit, periodTo: '2026-06-01' } }]), {
    code: 'period-reversed',
  })
  t.match(refusal([{ type: 'CommitInspectionPlan', data: { ...commit, periodFrom: '2001-01-01' } }]), {
    code: 'no-rule-in-force',
  })
})

t.test('replay: the recorded draw recomputed; a changed visit or seed is a mismatch', async (t) => {
  const events = run([committing, { type: 'DrawInspectionPlan', data: { seed } }])
  t.match(replayInspectionPlan(events), { state: 'drawn', matches: true, seedMatches: true })
  t.same(replayInspectionPlan([]), { state: 'missing' })
  t.same(replayInspectionPlan(events.slice(0, 1)), { planId: 'RIP-1', state: 'committed' })
  const drawn = events[1] as Extract<EnforcementEvent, { type: 'InspectionPlanDrawn' }>
  const tampered = {
    ...drawn,
    data: { ...drawn.data, visits: drawn.data.visits.filter((v) => v.organisationId !== 'org-e') },
  }
  const report = replayInspectionPlan([events[0]!, tampered])
  t.equal(report.matches, false)
  t.match(report.differences, [/recomputed only: org-e E/])
  const otherSeed = { ...drawn, data: { ...drawn.data, seed: 'another seed entirely, 16+' } }
  t.match(replayInspectionPlan([events[0]!, otherSeed]), { matches: false, seedMatches: false })
})
