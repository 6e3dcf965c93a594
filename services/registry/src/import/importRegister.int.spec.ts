import t from 'tap'
import { runMigrations } from '@gsr/db'
import { forEachDatabase } from '@gsr/db/testing'
import { organisationActor } from '@gsr/domain'
import { equipmentDecider, pipelineDecider } from '@gsr/domain/equipment'
import { createPostgresEventStore, eventStoreMigrations, handleCommand } from '@gsr/event-store'
import { importRegister, type ImportProgress } from './importRegister.ts'

const header =
  'pipelineId,organisationId,region,recordedOn,name,location,medium,grade,designPressureMPa,diameterMm,lengthMeters,material,installer,putIntoServiceDate,lastInspectionDate,nextInspectionDate,safetyGrade'
const complete = (id: string, org = 'org-gas') =>
  `${id},${org},330106,2026-01-05,Main ${id},Road,natural gas,GB1,0.4,200,1200,PE100,inst-1,2020-01-01,2023-01-01,2026-12-31,2`

forEachDatabase(t, async (t, db) => {
  await runMigrations(db.client, eventStoreMigrations)
  const store = createPostgresEventStore(db.client)
  t.teardown(() => store.close())
  const actor = { organisationId: 'admin-org', role: 'admin' }
  // An administrator imports the bureau's register (due dates included); user A its own.
  const admin = organisationActor('admin-org', 'administrator', '000000')
  const userA = organisationActor('org-a', 'equipment_user', '330000')

  // GP-N was notified by an installer for org-gas before the import.
  await handleCommand(
    store,
    'pipeline-GP-N',
    pipelineDecider,
    {
      type: 'NotifyPipelineConstruction',
      data: {
        pipelineId: 'GP-N',
        actor: organisationActor('inst-1', 'installer', '330000'),
        organisationId: 'org-gas',
        owner: { organisationId: 'org-gas', organisationKind: 'equipment_user' },
        region: '330106',
        name: 'n',
        location: 'l',
        grade: 'GB1',
        plannedStartDate: '2019-10-01',
        notifiedOn: '2019-09-01',
      },
    },
    { metadata: { actor, occurredAt: '2019-09-01T00:00:00+08:00', schemaVersion: 1 } },
  )

  t.test('pipelines: recorded after what the stream holds; owner checked; re-import adds nothing', async (t) => {
    const csv = [
      header,
      complete('GP-N'),
      complete('GP-1'),
      'GP-2,org-gas,330106,2026-01-05,Partial,,,,,,,,,,,,',
      complete('GP-N2').replace('GP-N2', 'GP-N').replace(',org-gas,', ',org-other,'),
      'GP-3,org-gas,330106,2026-01-05,x,,,,-4,,,,,,,,9',
    ].join('\n')
    const progress: ImportProgress[] = []
    const report = await importRegister(csv, {
      kind: 'pipelines',
      store,
      actor,
      importer: admin,
      progressEvery: 2,
      onProgress: (p) => progress.push(p),
    })
    t.match(report, { rows: 5, recorded: 3, rejected: 2 })
    t.same(
      report.errors.map((e) => [e.line, e.field]),
      [
        [5, 'pipelineId'],
        [6, 'designPressureMPa'],
        [6, 'safetyGrade'],
      ],
      'duplicate pipeline in the file; bad numbers named by column',
    )
    t.ok(progress.length >= 3, 'progress reported along the way and at the end')
    const gpn = await store.readStream('pipeline-GP-N')
    t.same(
      gpn.map((e) => e.type),
      ['PipelineConstructionNotified', 'PipelineInUseRecorded'],
    )
    t.match(gpn[1]?.data, { complete: true, nextInspectionDue: '2026-12-31', organisationId: 'org-gas' })
    t.match((await store.readStream('pipeline-GP-2'))[0]?.data, { complete: false, record: { name: 'Partial' } })

    const again = await importRegister(csv, { kind: 'pipelines', store, actor, importer: admin })
    t.match(again, { recorded: 0, alreadyRecorded: 3, rejected: 2 })
    t.equal((await store.readStream('pipeline-GP-N')).length, 2)

    const changed = await importRegister([header, complete('GP-1').replace('PE100', 'steel')].join('\n'), {
      kind: 'pipelines',
      store,
      actor,
      importer: admin,
    })
    t.match(changed, { recorded: 1 }, 'a changed row is a new fact (a correction)')
    t.equal((await store.readStream('pipeline-GP-1')).length, 2)

    const foreign = await importRegister([header, complete('GP-N', 'org-intruder')].join('\n'), {
      kind: 'pipelines',
      store,
      actor,
      importer: admin,
    })
    t.match(foreign.errors, [{ line: 2, field: 'organisationId' }], 'the decider refuses another owner’s pipeline')
  })

  t.test('streamed input and a malformed file', async (t) => {
    async function* chunks() {
      yield `${header}\n${complete('GP-S1')}\n`
      yield `${complete('GP-S2')}\n`
    }
    t.match(await importRegister(chunks(), { kind: 'pipelines', store, actor, importer: admin }), { recorded: 2 })
    const broken = await importRegister(`${header}\n${complete('GP-B1')}\n"GP-B2,unclosed`, {
      kind: 'pipelines',
      store,
      actor,
      importer: admin,
    })
    t.match(broken, { recorded: 1, rejected: 1 })
    t.match(broken.errors, [{ line: 3 }])
    const ragged = await importRegister(`${header}\nGP-R1,org-gas,330106\n${complete('GP-R2')}\n`, {
      kind: 'pipelines',
      store,
      actor,
      importer: admin,
    })
    t.match(ragged, { recorded: 1, rejected: 1, errors: [{ line: 2, field: '(row)' }] })
  })

  t.test('equipment re-import: exact once it reads before appending; changed rows are conflicts', async (t) => {
    const head = 'registrationCode,category,region,location,putIntoServiceDate,registeredOn'
    const rows = (location: string) =>
      Array.from(
        { length: 30 },
        (_, i) => `RE-${String(i).padStart(4, '0')},elevator,330106,${location},2025-01-01,2025-01-10`,
      )
    const csv = [head, ...rows('site')].join('\n')
    t.match(await importRegister(csv, { kind: 'equipment', store, actor, importer: userA, ownOrganisation: 'org-a' }), {
      recorded: 30,
    })
    t.match(
      await importRegister(csv, {
        kind: 'equipment',
        store,
        actor,
        importer: userA,
        ownOrganisation: 'org-a',
        concurrency: 1,
      }),
      {
        recorded: 0,
        alreadyRecorded: 30,
      },
    )
    const report = await importRegister([head, ...rows('site').slice(0, 20), ...rows('moved').slice(20)].join('\n'), {
      kind: 'equipment',
      store,
      actor,
      importer: userA,
      ownOrganisation: 'org-a',
      concurrency: 1,
    })
    t.match(report, { alreadyRecorded: 20, rejected: 10 })
    t.match(report.errors[0], { line: 22, field: 'registrationCode', message: /different content/ })
  })

  t.test('dry run records nothing', async (t) => {
    const report = await importRegister([header, complete('GP-D1')].join('\n'), {
      kind: 'pipelines',
      store,
      actor,
      importer: admin,
      dryRun: true,
    })
    t.match(report, { dryRun: true, rows: 1, rejected: 0, recorded: 0 })
    t.same(await store.readStream('pipeline-GP-D1'), [])
  })

  t.test('a dry run reports every error the import would, "code taken" included', async (t) => {
    const head = 'registrationCode,category,organisationId,region,location,putIntoServiceDate,registeredOn'
    // TK-1 was registered to org-b through the API (another event id) before user A imports its own.
    await handleCommand(
      store,
      'equipment-TK-1',
      equipmentDecider,
      {
        type: 'RegisterEquipment',
        data: {
          registrationCode: 'TK-1',
          category: 'elevator',
          organisationId: 'org-b',
          region: '330106',
          location: 'site',
          attributes: {},
          putIntoServiceDate: '2025-01-01',
          registeredOn: '2025-01-10',
          nextInspectionDue: undefined,
        },
      },
      { metadata: { actor, occurredAt: '2025-01-10T00:00:00+08:00', schemaVersion: 1 } },
    )
    const csv = [
      head,
      'TK-1,elevator,org-a,330106,site,2025-01-01,2025-01-10',
      'TK-2,elevator,org-a,330106,site,2025-01-01,2025-01-10',
      'TK-3,elevator,org-b,330106,site,2025-01-01,2025-01-10',
    ].join('\n')
    const run = (dryRun: boolean) =>
      importRegister(csv, { kind: 'equipment', store, actor, importer: userA, ownOrganisation: 'org-a', dryRun })
    const dry = await run(true)
    t.same(await store.readStream('equipment-TK-2'), [], 'the dry run recorded nothing')
    const real = await run(false)
    t.match(dry, { dryRun: true, rows: 3, rejected: 2, recorded: 0 })
    t.match(real, { dryRun: false, rows: 3, rejected: 2, recorded: 1 })
    t.match(dry.errors, [
      { line: 2, field: 'registrationCode', message: /already registered/ },
      { line: 4, field: 'organisationId' },
    ])
    t.same(dry.errors, real.errors, 'the same errors, line for line')
  })
})
