import t from 'tap'
import { equipmentCatalogue, type EquipmentEvent } from '@gsr/events/equipment'
import { DomainError } from '../Decider.ts'
import { pipelineDecider, type PipelineCommand } from './pipelineDecider.ts'

function run(history: EquipmentEvent[], command: PipelineCommand): EquipmentEvent[] {
  const state = history.reduce(pipelineDecider.evolve, pipelineDecider.initialState())
  const decided = [...pipelineDecider.decide(command, state)]
  for (const e of decided) equipmentCatalogue[e.type].schema.parse(e.data)
  return [...history, ...decided]
}

function code(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    if (error instanceof DomainError) return error.code
    throw error
  }
  return 'no error'
}

const notify: PipelineCommand = {
  type: 'NotifyPipelineConstruction',
  data: {
    pipelineId: 'GP-0001',
    installerId: 'org-installer',
    organisationId: 'org-gas-co',
    region: '330106',
    name: 'Wenyi Rd medium-pressure main',
    location: 'Wenyi Rd',
    grade: 'GB1',
    plannedStartDate: '2026-03-01',
    notifiedOn: '2026-02-15',
  },
}

const completeRecord = {
  name: 'Wenyi Rd main',
  location: 'Wenyi Rd',
  medium: 'natural gas',
  grade: 'GB1',
  designPressureMPa: 0.4,
  diameterMm: 200,
  lengthMeters: 1200,
  material: 'PE100',
  installer: 'org-installer',
  putIntoServiceDate: '2026-06-01',
  lastInspectionDate: '2026-05-20',
  nextInspectionDate: '2029-05-20',
}

t.test('the full lifecycle in order', async (t) => {
  let h = run([], notify)
  h = run(h, {
    type: 'RecordPipelineConstructionStarted',
    data: { pipelineId: 'GP-0001', source: 'reported', reportedBy: 'org-installer', startedOn: '2026-03-02' },
  })
  t.match(h.at(-1), { data: { region: '330106', organisationId: 'org-gas-co', installerId: 'org-installer' } })
  h = run(h, {
    type: 'DeclareInstallationInspection',
    data: { byOrganisationId: 'org-installer', declaredOn: '2026-03-03' },
  })
  h = run(h, {
    type: 'RecordInspectionResult',
    data: {
      agencyId: 'org-agency',
      agencyRegions: ['330100'],
      kind: 'installation_supervision',
      conclusion: 'pass',
      reportNumber: 'AZ-1',
      inspectors: ['Li Si'],
      inspectionDate: '2026-05-20',
    },
  })
  t.match(h.at(-1), { data: { nextDueDate: '2029-05-20' } })
  h = run(h, {
    type: 'RecordPipelineInUse',
    data: { pipelineId: 'GP-0001', byOrganisationId: 'org-gas-co', record: completeRecord, recordedOn: '2026-06-05' },
  })
  t.match(h.at(-1), {
    type: 'PipelineInUseRecorded',
    data: { complete: true, missingFields: [], nextInspectionDue: '2029-05-20' },
  })
  h = run(h, { type: 'DeclarePeriodicInspection', data: { byOrganisationId: 'org-gas-co', declaredOn: '2029-04-01' } })
  t.match(h.at(-1), { data: { subjectKind: 'pipeline', dueDate: '2029-05-20', inTime: true } })
  t.equal(h.length, 6)
})

t.test('out of order: found in the field first, notified later, both accepted', async (t) => {
  let h = run([], {
    type: 'RecordPipelineConstructionStarted',
    data: {
      pipelineId: 'GP-0002',
      source: 'found',
      reportedBy: 'org-enforcement',
      startedOn: '2026-03-10',
      region: '330106',
    },
  })
  t.match(h[0], { type: 'PipelineConstructionStarted', data: { source: 'found' } })
  t.equal(
    code(() =>
      run(h, {
        type: 'DeclareInstallationInspection',
        data: { byOrganisationId: 'org-gas-co', declaredOn: '2026-03-11' },
      }),
    ),
    'pipeline-owner-unknown',
  )
  h = run(h, { ...notify, data: { ...notify.data, pipelineId: 'GP-0002' } } as PipelineCommand)
  t.equal(h.length, 2)
  t.equal(
    code(() => run(h, notify)),
    'stage-already-recorded',
  )
})

t.test('in-use record lists missing required fields', async (t) => {
  const h = run([], {
    type: 'RecordPipelineInUse',
    data: {
      pipelineId: 'GP-0003',
      byOrganisationId: 'org-gas-co',
      region: '330106',
      record: { name: 'old main', location: '', medium: 'natural gas' },
      recordedOn: '2026-01-05',
      putIntoServiceDate: '2010-01-01',
      safetyGrade: 2,
    },
  })
  t.match(h[0], {
    data: {
      complete: false,
      missingFields: [
        'location',
        'grade',
        'designPressureMPa',
        'diameterMm',
        'lengthMeters',
        'material',
        'installer',
        'putIntoServiceDate',
        'lastInspectionDate',
        'nextInspectionDate',
      ],
      nextInspectionDue: '2013-01-01',
      requiredFieldsRule: { name: 'pipelineInUseRequiredFields' },
    },
  })
  t.equal(
    code(() =>
      run(h, {
        type: 'RecordPipelineInUse',
        data: { pipelineId: 'GP-0003', byOrganisationId: 'org-other', record: {}, recordedOn: '2026-01-06' },
      }),
    ),
    'not-your-record',
  )
})

t.test('unknown pipeline: declarations and results refused, region needed to start one', async (t) => {
  t.equal(
    code(() =>
      run([], { type: 'DeclareInstallationInspection', data: { byOrganisationId: 'x', declaredOn: '2026-01-01' } }),
    ),
    'pipeline-not-found',
  )
  t.equal(
    code(() =>
      run([], {
        type: 'RecordPipelineConstructionStarted',
        data: { pipelineId: 'GP-9', source: 'found', reportedBy: 'e', startedOn: '2026-01-01' },
      }),
    ),
    'region-required',
  )
  t.equal(
    code(() =>
      run(run([], notify), {
        type: 'DeclareInstallationInspection',
        data: { byOrganisationId: 'org-stranger', declaredOn: '2026-01-01' },
      }),
    ),
    'not-your-record',
  )
})
