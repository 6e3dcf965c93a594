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
/** An organisation as the identity tables know it (what the route looks up for the decider). */
const named = (actor: { organisationId: string; organisationKind: string }) => ({
  organisationId: actor.organisationId,
  organisationKind: actor.organisationKind,
})

const notify: PipelineCommand = {
  type: 'NotifyPipelineConstruction',
  data: {
    pipelineId: 'GP-0001',
    actor: installer,
    organisationId: 'org-gas-co',
    owner: named(gasCo),
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
  t.notOk(
    h.at(-1)?.type === 'PipelineInUseRecorded' && 'nextInspectionDueRule' in h.at(-1)!.data,
    'a due date an agency set cites no interval',
  )
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
      nextInspectionDueRule: { name: 'inspectionIntervals' },
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
  t.match(
    run(owned, notifyAs(farInstaller)).at(-1),
    { data: { installerId: 'org-far-installer', organisationId: 'org-gas-co' } },
    'an installer seated elsewhere notifies for the recorded owner: the seat does not matter',
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

t.test('an in-use record keeps the record’s region; an ownerless known pipeline is not claimed', async (t) => {
  const h = run([], found())
  const farUser = organisationActor('org-far-user', 'equipment_user', '330108')
  t.equal(
    code(() => run(h, inUse(farUser))),
    'pipeline-owner-unknown',
    'whoever records first does not become the owner',
  )
  t.equal(
    code(() => run(h, inUse())),
    'pipeline-owner-unknown',
    'not even one seated in the region',
  )
  t.equal(
    code(() => run(h, inUse(gasCo, { region: '330108' }))),
    'region-differs',
  )
  t.equal(
    code(() => run(h, inUse(installer))),
    'not-allowed-for-kind',
  )
  const named_ = run(h, nameParties(enforcement, { organisationId: 'org-gas-co', owner: named(gasCo) }))
  const claimed = run(named_, inUse())
  t.match(claimed.at(-1), { data: { organisationId: 'org-gas-co', region: '330106' } })
  t.equal(
    code(() => run(claimed, inUse(organisationActor('org-b', 'equipment_user', '330106')))),
    'not-your-record',
  )
})

// Issue 16: equipment stands where it stands. Who writes is decided by ownership and role; an
// authority's scope by the record's region; the writers' seats do not matter.
const utilityOfA = organisationActor('org-utility-a', 'equipment_user', '330106')
const installerOfA = organisationActor('org-installer-a', 'installer', '330106')
const teamOfA = organisationActor('org-enf-a', 'enforcement', '330106')
const teamOfB = organisationActor('org-enf-b', 'enforcement', '330108')

t.test('a utility seated in county A registers and operates a pipeline in county B', async (t) => {
  let h = run([], {
    ...notify,
    data: {
      ...notify.data,
      pipelineId: 'GP-B',
      actor: installerOfA,
      organisationId: utilityOfA.organisationId,
      owner: named(utilityOfA),
      region: '330108',
    },
  } as PipelineCommand)
  t.match(h.at(-1), { data: { region: '330108', organisationId: 'org-utility-a', installerId: 'org-installer-a' } })
  h = run(h, {
    type: 'RecordPipelineConstructionStarted',
    data: { pipelineId: 'GP-B', source: 'reported', actor: installerOfA, startedOn: '2026-03-02' },
  })
  h = run(h, {
    type: 'RecordPipelineInUse',
    data: { pipelineId: 'GP-B', actor: utilityOfA, record: completeRecord, recordedOn: '2026-06-05' },
  })
  t.match(h.at(-1), { type: 'PipelineInUseRecorded', data: { organisationId: 'org-utility-a', region: '330108' } })
  const foundBy = (team: typeof teamOfA): PipelineCommand => ({
    type: 'RecordPipelineFoundInUse',
    data: {
      actor: team,
      findingId: 'F-B-1',
      pipelineId: 'GP-B',
      region: '330108',
      location: 'x',
      foundOn: '2026-07-01',
    },
  })
  t.match(run(h, foundBy(teamOfB)).at(-1), { type: 'PipelineFoundInUse', data: { organisationId: 'org-utility-a' } })
  t.equal(
    code(() => run(h, foundBy(teamOfA))),
    'outside-your-region',
    'the enforcement of the owner’s seat is not the pipeline’s',
  )
  const neighbour = organisationActor('org-utility-b', 'equipment_user', '330108')
  t.equal(
    code(() =>
      run(h, {
        type: 'DeclarePeriodicInspection',
        data: { byOrganisationId: neighbour.organisationId, declaredOn: '2026-07-01' },
      }),
    ),
    'not-your-record',
    'an organisation seated in county B does not write about it',
  )
  t.equal(
    code(() =>
      run(h, {
        type: 'RecordPipelineInUse',
        data: { pipelineId: 'GP-B', actor: neighbour, record: completeRecord, recordedOn: '2026-06-06' },
      }),
    ),
    'not-your-record',
  )
})

t.test('a named owner or installer must exist and be of its kind (no lock-out by a made-up owner)', async (t) => {
  const notifyNaming = (organisationId: string, owner: ReturnType<typeof named> | undefined) =>
    ({ ...notify, data: { ...notify.data, organisationId, owner } }) as PipelineCommand
  t.equal(
    code(() => run([], notifyNaming('org-nobody', undefined))),
    'owner-not-found',
  )
  t.equal(
    code(() => run([], notifyNaming('org-installer', named(installer)))),
    'owner-cannot-use-equipment',
  )
  t.equal(
    code(() => run([], notifyNaming('org-gas-co', { organisationId: 'org-else', organisationKind: 'equipment_user' }))),
    'owner-not-found',
    'the lookup must be of the id named',
  )
  const reported = (organisationId: string, owner?: ReturnType<typeof named>): PipelineCommand => ({
    type: 'RecordPipelineConstructionStarted',
    data: {
      pipelineId: 'GP-0001',
      source: 'reported',
      actor: installer,
      startedOn: '2026-03-01',
      region: '330106',
      organisationId,
      owner,
    },
  })
  t.equal(
    code(() => run([], reported('org-nobody'))),
    'owner-not-found',
    'an installer’s start report too',
  )
  t.match(run([], reported('org-gas-co', named(gasCo))).at(-1), {
    data: { organisationId: 'org-gas-co', installerId: 'org-installer' },
  })
  const foundNaming = (data: object): PipelineCommand =>
    ({ ...found(), data: { ...found().data, ...data } }) as PipelineCommand
  t.equal(
    code(() => run([], foundNaming({ installerId: 'org-nobody' }))),
    'installer-not-found',
    'a finding too',
  )
  t.equal(
    code(() => run([], foundNaming({ installerId: 'org-gas-co', installer: named(gasCo) }))),
    'installer-not-an-installer',
  )
  // The real owner is never locked out: nothing was recorded by the refused commands.
  t.match(run([], inUse()).at(-1), { data: { organisationId: 'org-gas-co' } })
})

const foundInUse = (data: object = {}): PipelineCommand =>
  ({
    type: 'RecordPipelineFoundInUse',
    data: {
      actor: enforcement,
      findingId: 'F-1',
      pipelineId: 'GP-0001',
      region: '330106',
      location: 'Wenyi Rd',
      foundOn: '2026-06-01',
      ...data,
    },
  }) as PipelineCommand
const nameParties = (actor: typeof enforcement, data: object): PipelineCommand =>
  ({
    type: 'NamePipelineParties',
    data: { actor, pipelineId: 'GP-0001', namedOn: '2026-06-10', ...data },
  }) as PipelineCommand

t.test('a pipeline found in use, with or without an in-use record', async (t) => {
  const unknown = run([], foundInUse())
  t.match(unknown, [
    { type: 'PipelineFoundInUse', data: { region: '330106', foundOn: '2026-06-01', findingId: 'F-1' } },
  ])
  t.notOk('organisationId' in unknown[0]!.data, 'no owner known')
  t.equal(
    code(() => run(unknown, foundInUse())),
    'finding-already-recorded',
  )
  t.match(run(unknown, foundInUse({ findingId: 'F-2', foundOn: '2026-07-01' })).at(-1), {
    type: 'PipelineFoundInUse',
    data: { findingId: 'F-2' },
  })
  t.equal(
    code(() => run([], foundInUse({ actor: gasCo }))),
    'not-allowed-for-kind',
  )
  t.equal(
    code(() => run([], foundInUse({ actor: teamOfB }))),
    'outside-your-region',
  )

  const recorded = run([], inUse())
  t.match(run(recorded, foundInUse()).at(-1), { data: { organisationId: 'org-gas-co', region: '330106' } })
  t.equal(
    code(() => run(recorded, foundInUse({ region: '330108', actor: teamOfB }))),
    'region-differs',
  )
  t.equal(
    code(() => run(recorded, foundInUse({ organisationId: 'org-other', owner: named(utilityOfA) }))),
    'owner-differs',
  )
  t.match(
    run(
      [],
      foundInUse({
        organisationId: 'org-gas-co',
        owner: named(gasCo),
        installerId: 'org-installer',
        installer: named(installer),
      }),
    ).at(-1),
    { data: { organisationId: 'org-gas-co', installerId: 'org-installer' } },
    'the team names who it identified on site',
  )
})

t.test('a pipeline first known through a finding: its owner and installer named later', async (t) => {
  const h = run([], foundInUse())
  const declare: PipelineCommand = {
    type: 'DeclareInstallationInspection',
    data: { byOrganisationId: 'org-installer', declaredOn: '2026-06-11' },
  }
  t.equal(
    code(() => run(h, declare)),
    'pipeline-owner-unknown',
    'before: the installer is locked out',
  )
  t.equal(
    code(() => run(h, nameParties(gasCo as typeof enforcement, { organisationId: 'org-gas-co', owner: named(gasCo) }))),
    'not-allowed-for-kind',
    'an owner does not claim it by itself',
  )
  t.equal(
    code(() => run(h, nameParties(installer, { organisationId: 'org-gas-co', owner: named(gasCo) }))),
    'not-your-record',
    'an installer not recorded on it does not name anyone',
  )
  t.equal(
    code(() => run(h, nameParties(teamOfB, { organisationId: 'org-gas-co', owner: named(gasCo) }))),
    'outside-your-region',
  )
  t.equal(
    code(() => run(h, nameParties(enforcement, { organisationId: 'org-nobody' }))),
    'owner-not-found',
  )
  t.equal(
    code(() => run(h, nameParties(enforcement, {}))),
    'parties-already-named',
    'naming nobody',
  )
  const n = run(
    h,
    nameParties(enforcement, {
      organisationId: 'org-gas-co',
      owner: named(gasCo),
      installerId: 'org-installer',
      installer: named(installer),
    }),
  )
  t.match(n.at(-1), {
    type: 'PipelinePartiesNamed',
    data: { organisationId: 'org-gas-co', installerId: 'org-installer', region: '330106', namedBy: 'org-enforcement' },
  })
  t.match(run(n, declare).at(-1), { type: 'InstallationInspectionDeclared', data: { installerId: 'org-installer' } })
  t.equal(
    code(() => run(n, nameParties(enforcement, { organisationId: 'org-gas-co', owner: named(gasCo) }))),
    'parties-already-named',
  )
  t.equal(
    code(() => run(n, nameParties(enforcement, { organisationId: 'org-utility-a', owner: named(utilityOfA) }))),
    'owner-differs',
    'named once',
  )

  // The recorded installer names the owner it works for (and nobody else’s installer).
  const byInstaller = run([], foundInUse({ installerId: 'org-installer', installer: named(installer) }))
  t.equal(
    code(() => run(byInstaller, nameParties(installer, { installerId: 'org-else', installer: named(installerOfA) }))),
    'installer-differs',
  )
  t.match(run(byInstaller, nameParties(installer, { organisationId: 'org-gas-co', owner: named(gasCo) })).at(-1), {
    data: { organisationId: 'org-gas-co', namedBy: 'org-installer' },
  })
})

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
  t.same(
    ok?.type === 'PipelineInUseRecorded' ? ok.data.nextInspectionDueRule : undefined,
    { name: 'inspectionIntervals', version: '2026.1' },
    'a derived due date cites the interval version it came from',
  )
})
