import t from 'tap'
import { createKysely } from '@gsr/db'
import { forEachDatabase } from '@gsr/db/testing'
import { createPostgresEventStore, eventStoreMigrations } from '@gsr/event-store'
import { runMigrations } from '@gsr/db'
import { createProjectionRunner } from '@gsr/projections'
import { addDays } from '@gsr/domain'
import { pipelineRatesAt, statutoryInspectionRateAt } from '@gsr/domain/enforcement'
import type { EquipmentEvent } from '@gsr/events/equipment'
import { sql as kyselySql } from 'kysely'
import type { EnforcementTables } from './EnforcementTables.ts'
import { pipelineRates, pipelineRatesInTypeScript } from './pipelineRates.ts'
import { pipelineSourceColumns, regionFiguresStatement } from './pipelineRatesSql.ts'
import {
  emptyPipelineFacts,
  evolvePipelineFacts,
  pipelineFactColumns,
  pipelineStagesProjection,
  type PipelineStagesRow,
  type StageEvent,
  type StoredPipelineFacts,
} from './pipelineStagesProjection.ts'

/**
 * The rates in SQL (`pipelineRates`) against the TypeScript evaluation of the pure definitions
 * (`pipelineRatesInTypeScript`: pipelineRatesAt and statutoryInspectionRateAt over the same rows),
 * over generated pipelines: random stage events of every kind the rates read, on days close
 * together (same-day stages, records of the same day in log order, several due dates and
 * declarations, pipelines moved between counties and cities), recorded at a few instants in an
 * order unrelated to their field days (late reports). Compared whole (numerators, denominators,
 * values, shortfalls with reasons, breakdown) for a province, its cities and counties, on every
 * day of a window and on each stage day of sampled pipelines, the day before and after, and as
 * the log stood at instants before, at and between the record times (knownAt).
 */

// mulberry32: the same pipelines on every run.
function rng(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let x = Math.imul(a ^ (a >>> 15), 1 | a)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}
const random = rng(20250101)
const int = (n: number) => Math.floor(random() * n)
const pick = <T>(items: readonly T[]): T => items[int(items.length)]!

const counties = ['330102', '330106', '330203'] as const
const base = '2025-01-01'
const windowDays = 120
// The days of one pipeline's stages: often the day of an earlier stage of the same pipeline or
// the day before or after it (same-day edges: a notification on the day construction started,
// two records of one day, a declaration on its deadline, a due date on the asked day).
let used: string[] = []
const day = () => {
  const d =
    used.length > 0 && random() < 0.4 ? addDays(pick(used), pick([-1, 0, 0, 0, 1])) : addDays(base, int(windowDays))
  used.push(d)
  return d
}
const dueDay = () =>
  used.length > 0 && random() < 0.4
    ? addDays(pick(used), pick([0, 30, 30, 29, 31]))
    : addDays(base, int(windowDays + 90) - 30)
const recordTimes = [0, 1, 2, 3, 4, 5].map((h) => new Date(Date.UTC(2025, 5, 1, h)))

type Data = Record<string, unknown>
function randomEvent(home: string): { type: EquipmentEvent['type']; data: Data; fieldDay: string } {
  const region = random() < 0.1 ? pick(counties) : home
  const organisationId = `org-${int(4)}`
  const kind = int(11)
  switch (kind) {
    case 0: {
      const notifiedOn = day()
      return {
        type: 'PipelineConstructionNotified',
        data: { region, organisationId, notifiedOn },
        fieldDay: notifiedOn,
      }
    }
    case 1: {
      const startedOn = day()
      const data: Data = { region, startedOn, ...(random() < 0.7 ? { organisationId } : {}) }
      return { type: 'PipelineConstructionStarted', data, fieldDay: startedOn }
    }
    case 2: {
      const declaredOn = day()
      return {
        type: 'InstallationInspectionDeclared',
        data: { region, organisationId, declaredOn },
        fieldDay: declaredOn,
      }
    }
    case 3:
    case 4: {
      const recordedOn = day()
      const data: Data = {
        region,
        organisationId,
        recordedOn,
        complete: random() < 0.6,
        ...(random() < 0.3 ? { nextInspectionDue: dueDay() } : {}),
      }
      return { type: 'PipelineInUseRecorded', data, fieldDay: recordedOn }
    }
    case 5: {
      const foundOn = day()
      const data: Data = { region, foundOn, ...(random() < 0.7 ? { organisationId } : {}) }
      return { type: 'PipelineFoundInUse', data, fieldDay: foundOn }
    }
    case 6: {
      const inspectionDate = day()
      const data: Data = {
        region,
        organisationId,
        kind: pick(['installation_supervision', 'periodic', 'periodic', 'annual']),
        inspectionDate,
        conclusion: pick(['pass', 'pass', 'fail', 'conditional']),
        ...(random() < 0.7 ? { nextDueDate: dueDay() } : {}),
      }
      return { type: 'InspectionResultRecorded', data, fieldDay: inspectionDate }
    }
    case 7:
    case 8: {
      const declaredOn = day()
      return {
        type: 'PeriodicInspectionDeclared',
        data: { region, organisationId, dueDate: dueDay(), declaredOn },
        fieldDay: declaredOn,
      }
    }
    case 9: {
      const dueOn = day()
      return { type: 'InspectionDue', data: { region, organisationId, dueDate: dueDay(), dueOn }, fieldDay: dueOn }
    }
    default: {
      if (random() < 0.3) return { type: 'PipelinePartiesNamed', data: { organisationId }, fieldDay: day() }
      const overdueSince = day()
      return {
        type: 'InspectionOverdue',
        data: { region, organisationId, dueDate: dueDay(), overdueSince },
        fieldDay: overdueSince,
      }
    }
  }
}

/** One pipeline's row as the projection writes it: the fold of its events in log order (by record time). */
function pipelineRow(n: number): PipelineStagesRow {
  const home = pick(counties)
  used = []
  const count = 1 + int(9)
  const events = Array.from({ length: count }, (_, i) => ({ ...randomEvent(home), at: pick(recordTimes), i }))
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.i - b.i)
    .map((e, i): StageEvent => ({
      id: `e-${n}-${i}`,
      type: e.type,
      data: e.data,
      recordedAt: e.at.toISOString(),
      fieldDay: e.fieldDay,
    }))
  let facts: StoredPipelineFacts = emptyPipelineFacts
  let regionsSeen: string[] = []
  for (const e of events) {
    facts = evolvePipelineFacts(facts, e as unknown as EquipmentEvent)
    if (facts.region && !regionsSeen.includes(facts.region)) regionsSeen = [...regionsSeen, facts.region]
  }
  return {
    // Ids of varied shape: the shortfalls are listed in the same (code unit) order.
    pipeline_id: pick(['P-', 'p-', 'GD', 'P_']) + String(n).padStart(4, '0'),
    facts,
    stage_events: events,
    last_recorded_at: events.at(-1)!.recordedAt,
    regions: regionsSeen,
  }
}

const rows = Array.from({ length: 360 }, (_, n) => pipelineRow(n))

// The days: every fourth day of the window and around it, and each stage day of sampled
// pipelines with the day before and after (the day of a stage counts it: `<=`), with the
// declaration deadlines (due - 30) and due dates of some.
const days = new Set<string>()
for (let i = -35; i < windowDays + 40; i += 4) days.add(addDays(base, i))
for (const row of rows.filter((_, i) => i % 12 === 0)) {
  const f = row.facts
  const stageDays = [
    f.notifiedOn,
    f.constructionStartedOn,
    f.installationDeclaredOn,
    f.installationInspectedOn,
    f.inUseKnownOn,
    ...f.inUseRecords.map((r) => r.recordedOn),
    ...f.dueDates.flatMap((d) => [d.dueDate, d.knownOn, addDays(d.dueDate, -30)]),
    ...f.declarations.map((d) => d.declaredOn),
  ].filter((d): d is string => d !== undefined)
  for (const d of stageDays.slice(0, 4)) for (const delta of [-1, 0, 1]) days.add(addDays(d, delta))
}

forEachDatabase(t, async (t, db) => {
  const sql = db.client
  await runMigrations(sql, eventStoreMigrations)
  const store = createPostgresEventStore(sql)
  t.teardown(() => store.close())
  await createProjectionRunner({ store, sql, projections: [pipelineStagesProjection()] }).migrate()
  await sql.query(
    `INSERT INTO enf_pipeline_stages (pipeline_id, facts, stage_events, last_recorded_at, regions)
     SELECT * FROM jsonb_to_recordset($1::jsonb)
       AS x(pipeline_id text, facts jsonb, stage_events jsonb, last_recorded_at timestamptz, regions text[])`,
    [JSON.stringify(rows)],
  )
  await sql.query(
    'INSERT INTO enf_pipeline_facts SELECT * FROM jsonb_populate_recordset(NULL::enf_pipeline_facts, $1::jsonb)',
    [
      JSON.stringify(
        rows.map((r) => ({
          pipeline_id: r.pipeline_id,
          last_recorded_at: r.last_recorded_at,
          ...pipelineFactColumns(r.facts),
        })),
      ),
    ],
  )
  const kysely = createKysely<EnforcementTables>(sql)

  t.test('the generated pipelines reach every figure, counted and short', async (t) => {
    const all = rows.map((r) => ({ ...r.facts, pipelineId: r.pipeline_id }))
    const reasons = new Set<string>()
    for (const d of days) {
      for (const r of pipelineRatesAt(all, d)) for (const s of r.shortfalls) reasons.add(s.reason)
      for (const s of statutoryInspectionRateAt(all, d).shortfalls) reasons.add(s.reason)
    }
    t.same([...reasons].sort(), [
      'declared_late',
      'installation_not_inspected',
      'no_record',
      'not_declared',
      'not_notified',
      'notified_late',
      'periodic_overdue',
      'record_incomplete',
    ])
    t.ok(
      rows.some((r) => r.regions.length > 1),
      'some pipelines moved between regions',
    )
  })

  t.test('SQL = TypeScript on every day for the province, and on every third for a city and each county', async (t) => {
    let compared = 0
    let mismatches = 0
    const sortedDays = [...days].sort()
    for (const [i, d] of sortedDays.entries()) {
      // The province (cities breakdown) every day; a city (counties breakdown) and a county of
      // each city in turn, so each of them meets a third of the days (a boundary day's
      // neighbours go to the others).
      for (const region of ['330000', (['330100', '330106', '330203'] as const)[i % 3]!]) {
        const [inSql, inTs] = [
          await pipelineRates(kysely, region, d),
          await pipelineRatesInTypeScript(kysely, region, d),
        ]
        compared++
        if (JSON.stringify(inSql) !== JSON.stringify(inTs)) {
          mismatches++
          if (mismatches <= 3) t.same(inSql, inTs, `${region} on ${d}`)
        }
      }
    }
    t.equal(mismatches, 0, `${compared} region-days compared, all equal`)
    t.ok(compared > 250, `${compared}`)
  })

  t.test('SQL = TypeScript as the log stood at instants before, at and between record times', async (t) => {
    const instants = [
      new Date(recordTimes[0]!.getTime() - 1),
      recordTimes[0]!,
      new Date(recordTimes[2]!.getTime() + 30 * 60_000),
      recordTimes[3]!,
      new Date(recordTimes[3]!.getTime() + 1),
      new Date(recordTimes[5]!.getTime() + 3_600_000),
    ]
    const sample = [...days].sort().filter((_, i) => i % 12 === 0)
    let compared = 0
    let changes = 0
    for (const knownAt of instants)
      for (const d of sample)
        for (const region of ['330000', '330203']) {
          const [inSql, inTs] = [
            await pipelineRates(kysely, region, d, knownAt),
            await pipelineRatesInTypeScript(kysely, region, d, knownAt),
          ]
          t.same(inSql, inTs, `${region} on ${d} known at ${knownAt.toISOString()}`)
          compared++
          changes += inSql.asKnownNow!.changes.length
        }
    t.ok(compared >= 80, `${compared} compared`)
    t.ok(changes > 0, `late facts changed ${changes} standings`)
  })

  t.test('a county reads its own rows through the region index, not the province', async (t) => {
    const source = kyselySql`SELECT ${pipelineSourceColumns} FROM enf_pipeline_facts WHERE region LIKE ${'330102%'}`
    const compiled = regionFiguresStatement('330102', '2025-03-01', source).compile(kysely)
    const plan = await sql.transaction(async (tx) => {
      // Few rows here: without this the planner reads the small table whole, as it should.
      await tx.query('SET LOCAL enable_seqscan = off')
      const { rows } = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${compiled.sql}`, compiled.parameters)
      return rows.map((r) => r['QUERY PLAN']).join('\n')
    })
    t.match(plan, /enf_pipeline_facts_region/, plan)
    t.notMatch(plan, /Seq Scan on enf_pipeline_facts/)
  })
})
