import t from 'tap'
import { equipmentCatalogue, type EquipmentEvent } from '@gsr/events/equipment'
import { organisationActor } from '../Actor.ts'
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

const installer = organisationActor('org-installer', 'installer', '330106')
const gasCo = organisationActor('org-gas-co', 'equipment_user', '330106')
const enforcement = organisationActor('org-enforcement', 'enforcement', '330106')

const notify: PipelineCommand = {
  type: 'NotifyPipelineConstruction',
  data: {
    pipelineId: 'GP-0001',
    actor: installer,
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
    data: { pipelineId: 'GP-0001', source: 'reported', actor: installer, startedOn: '2026-03-02' },
  })
  t.match(h.at(-1), { data: { region: '330106', organisationId: 'org-gas-co', installerId: 'org-installer' } })
  h = run(h, {
    type: 'DeclareInstallationInspection',
    data: { byOrganisationId: 'org-installer', declaredOn: '2026-03-03' },
  })
  h = run(h, {
    type: 'RecordInspectionResult',
    data: {
      actor: organisationActor('org-agency', 'inspection_agency', '330100', ['330100']),
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
    data: { pipelineId: 'GP-0001', actor: gasCo, record: completeRecord, recordedOn: '2026-06-05' },
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
      actor: enforcement,
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
      actor: gasCo,
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
        data: {
          pipelineId: 'GP-0003',
          actor: organisationActor('org-other', 'equipment_user', '330106'),
          record: {},
          recordedOn: '2026-01-06',
        },
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
        data: { pipelineId: 'GP-9', source: 'found', actor: enforcement, startedOn: '2026-01-01' },
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

// Who may assert what (issue 14): the record's owner, installer and region are never taken over.
const inUse = (actor = gasCo, extra: object = {}): PipelineCommand => ({
  type: 'RecordPipelineInUse',
  data: {
    pipelineId: 'GP-0001',
    actor,
    region: '330106',
    record: { name: 'main' },
    recordedOn: '2026-06-05',
    ...extra,
  },
})
const found = (actor = enforcement, region = '330106'): PipelineCommand => ({
  type: 'RecordPipelineConstructionStarted',
  data: { pipelineId: 'GP-0001', source: 'found', actor, startedOn: '2026-03-01', region },
})
const notifyAs = (actor = installer, data: object = {}): PipelineCommand =>
  ({ ...notify, data: { ...notify.data, actor, ...data } }) as PipelineCommand

t.test('a construction notification never takes over a known pipeline', async (t) => {
  const owned = run([], inUse())
  const farInstaller = organisationActor('org-far-installer', 'installer', '330108')
  t.equal(
    code(() => run(owned, notifyAs(farInstaller, { organisationId: 'org-far-installer', region: '330108' }))),
    'region-differs',
    'naming its own region does not move the record',
  )
  t.equal(
    code(() => run(owned, notifyAs(farInstaller))),
    'outside-your-region',
    'the record’s region is checked',
  )
  t.equal(
    code(() => run(owned, notifyAs(installer, { organisationId: 'org-installer' }))),
    'owner-differs',
    'naming itself (or anyone else) as owner is refused',
  )
  t.equal(
    code(() => run(owned, notifyAs(gasCo))),
    'not-allowed-for-kind',
    'only installers notify',
  )
  const notified = run(owned, notifyAs(installer))
  t.match(notified.at(-1), { type: 'PipelineConstructionNotified', data: { organisationId: 'org-gas-co' } })

  const foundFirst = run(run([], found()), notifyAs(installer))
  t.match(foundFirst.at(-1), { data: { installerId: 'org-installer' } }, 'an installer may notify a found pipeline')
  const otherInstaller = organisationActor('org-other-installer', 'installer', '330106')
  const started = run([], {
    type: 'RecordPipelineConstructionStarted',
    data: { pipelineId: 'GP-0001', source: 'reported', actor: installer, startedOn: '2026-03-01', region: '330106' },
  })
  t.equal(
    code(() => run(started, notifyAs(otherInstaller))),
    'not-your-record',
    'another installer’s pipeline',
  )
})

t.test('a takeover notification already in the log changes neither owner nor region', async (t) => {
  const owned = run([], inUse())
  const takeover: EquipmentEvent = {
    type: 'PipelineConstructionNotified',
    data: { ...notify.data, installerId: 'org-far', organisationId: 'org-far', region: '330108' } as never,
  }
  const h = [...owned, takeover]
  t.equal(
    code(() => run(h, inUse(organisationActor('org-far', 'equipment_user', '330108')))),
    'not-your-record',
  )
  const again = run(h, inUse())
  t.match(again.at(-1), { data: { organisationId: 'org-gas-co', region: '330106' } }, 'the owner still acts')
})

t.test('a finding on a known pipeline is checked against the pipeline’s region', async (t) => {
  const owned = run([], inUse(gasCo, { region: '330106' }))
  const siblingTeam = organisationActor('org-enf-108', 'enforcement', '330108')
  t.equal(
    code(() => run(owned, found(siblingTeam, '330108'))),
    'region-differs',
    'naming its own region',
  )
  t.equal(
    code(() => run(owned, found(siblingTeam))),
    'outside-your-region',
    'naming the pipeline’s',
  )
  t.equal(
    code(() => run(owned, found(gasCo))),
    'not-allowed-for-kind',
    'findings are enforcement’s',
  )
  const cityTeam = organisationActor('org-enf-city', 'enforcement', '330100')
  t.match(run(owned, found(cityTeam)).at(-1), { data: { source: 'found', region: '330106' } })
})

t.test(
  'an in-use record keeps the record’s region; an ownerless pipeline is claimed in one’s own region',
  async (t) => {
    const h = run([], found())
    const farUser = organisationActor('org-far-user', 'equipment_user', '330108')
    t.equal(
      code(() => run(h, inUse(farUser))),
      'outside-your-region',
    )
    t.equal(
      code(() => run(h, inUse(gasCo, { region: '330108' }))),
      'region-differs',
    )
    t.equal(
      code(() => run(h, inUse(installer))),
      'not-allowed-for-kind',
    )
    const claimed = run(h, inUse())
    t.match(claimed.at(-1), { data: { organisationId: 'org-gas-co', region: '330106' } })
    t.equal(
      code(() => run(claimed, inUse(organisationActor('org-b', 'equipment_user', '330106')))),
      'not-your-record',
    )
  },
)

t.test('a date the in-use record states gives no due date beyond the record day or before 1900', async (t) => {
  const stating = (record: Record<string, string>) =>
    code(() =>
      run([], {
        type: 'RecordPipelineInUse',
        data: { pipelineId: 'GP-0009', actor: gasCo, region: '330106', record, recordedOn: '2026-01-05' },
      }),
    )
  // A "last inspection" in 2099 put the due date in 2102: the owner's own due date, never overdue.
  t.equal(stating({ lastInspectionDate: '2099-01-01' }), 'record-date-out-of-range')
  t.equal(stating({ lastInspectionDate: '9999-12-31' }), 'record-date-out-of-range', 'was a 500 (year 10002)')
  t.equal(stating({ putIntoServiceDate: '0001-01-01' }), 'record-date-out-of-range', 'was a due date in 1904')
  const [ok] = run([], {
    type: 'RecordPipelineInUse',
    data: {
      pipelineId: 'GP-0009',
      actor: gasCo,
      region: '330106',
      record: { lastInspectionDate: '2025-01-05' },
      recordedOn: '2026-01-05',
      safetyGrade: 2,
    },
  })
  t.match(ok, { data: { nextInspectionDue: '2031-01-05' } }, 'a past day still gives the interval table’s due date')
})
