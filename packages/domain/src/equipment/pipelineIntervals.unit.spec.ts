import t from 'tap'
import { equipmentCatalogue, type EquipmentEvent } from '@gsr/events/equipment'
import { organisationActor } from '../Actor.ts'
import { pipelineDecider, type PipelineCommand } from './pipelineDecider.ts'

/**
 * The pipeline aggregate picks its interval rule by the grade (管道级别) its construction
 * notification gave: industrial GC3 pipelines every 9 years at safety grade 1-2 (TSG D7005),
 * city gas GB1 every 6 (inspectionIntervals 2026.1).
 */
function run(history: EquipmentEvent[], command: PipelineCommand): EquipmentEvent[] {
  const state = history.reduce(pipelineDecider.evolve, pipelineDecider.initialState())
  const decided = [...pipelineDecider.decide(command, state)]
  for (const e of decided) equipmentCatalogue[e.type].schema.parse(e.data)
  return [...history, ...decided]
}

const installer = organisationActor('org-installer', 'installer', '330106')
const agency = organisationActor('org-agency', 'inspection_agency', '330100', ['330100'])

const inspected = (grade: string) => {
  let h = run([], {
    type: 'NotifyPipelineConstruction',
    data: {
      pipelineId: `GP-${grade}`,
      actor: installer,
      organisationId: 'org-user',
      // The owner as the identity tables know it (what the route looks up for the decider).
      owner: { organisationId: 'org-user', organisationKind: 'equipment_user' },
      region: '330106',
      name: 'main',
      location: 'Rd',
      grade,
      plannedStartDate: '2026-03-01',
      notifiedOn: '2026-02-15',
    },
  })
  h = run(h, {
    type: 'RecordPipelineConstructionStarted',
    data: { pipelineId: `GP-${grade}`, source: 'reported', actor: installer, startedOn: '2026-03-02' },
  })
  h = run(h, {
    type: 'DeclareInstallationInspection',
    data: { byOrganisationId: 'org-installer', declaredOn: '2026-03-03' },
  })
  const result = (kind: 'installation_supervision' | 'periodic', inspectionDate: string, safetyGrade?: number) => ({
    type: 'RecordInspectionResult' as const,
    data: {
      actor: agency,
      kind,
      conclusion: 'pass' as const,
      reportNumber: `R-${kind}`,
      inspectors: ['Li Si'],
      inspectionDate,
      ...(safetyGrade === undefined ? {} : { safetyGrade }),
    },
  })
  h = run(h, result('installation_supervision', '2026-05-20'))
  return { installed: h.at(-1), periodic: run(h, result('periodic', '2029-05-10', 1)).at(-1) }
}

t.test('GC3: first within 3 years, then 9 years at safety grade 1', async (t) => {
  const { installed, periodic } = inspected('GC3')
  t.match(installed, { data: { nextDueDate: '2029-05-20' } })
  t.match(periodic, { data: { nextDueDate: '2038-05-10', intervalRule: { version: '2026.1' } } })
})

t.test('GB1 (city gas) and GC1: 6 years at safety grade 1', async (t) => {
  t.match(inspected('GB1').periodic, { data: { nextDueDate: '2035-05-10' } })
  t.match(inspected('GC1').periodic, { data: { nextDueDate: '2035-05-10' } })
})
