import t from 'tap'
import { createKysely, runMigrations } from '@gsr/db'
import { forEachDatabase } from '@gsr/db/testing'
import {
  comparePositions,
  createPostgresEventStore,
  eventStoreMigrations,
  waitForPosition,
  type GlobalPosition,
} from '@gsr/event-store'
import { createProjectionRunner } from '@gsr/projections'
import {
  enforcementProjections,
  penaltyCasesProjection,
  penaltyCaseStatistics,
  pipelineRates,
  rectificationOrdersProjection,
  type EnforcementTables,
} from '@gsr/read-models/enforcement'
import { appendCity, asOfDays, citySizes, generateCity } from '@gsr/demo-city'
import { addDays } from '@gsr/domain'
import {
  assessRisk,
  inspectionPlanDecider,
  riskCatalogueRules,
  seedHashOf,
  type InspectionPlanCommand,
} from '@gsr/domain/enforcement'
import { newEvent } from '@gsr/event-store/testing'
import { inspectionPlanStreamName } from '@gsr/events/enforcement'
import { riskSignals } from '@gsr/read-models/enforcement'
import { replayPlan } from '../scripts/gsr/replayPlanCommand.ts'

/**
 * The worked city (small size): the enforcement projections find exactly the planted
 * violations (nothing else is flagged) and compute exactly the planted four-100% rates, today
 * and as of three past quarter ends; the penalty case statistics by region and month are exactly
 * those of the planted orders and cases.
 */
const city = generateCity(citySizes.small, 20250101, 'small')

forEachDatabase(t, async (t, db) => {
  const sql = db.client
  await runMigrations(sql, eventStoreMigrations)
  const store = createPostgresEventStore(sql)
  t.teardown(() => store.close())
  const appended = await appendCity(store, city, { concurrency: db.name === 'postgres' ? 8 : 1 })
  t.ok(appended.events > 4000, `${appended.events} events appended`)
  const runner = createProjectionRunner({ store, sql, projections: enforcementProjections, batchSize: 500 })
  await runner.catchUp()
  const kysely = createKysely<EnforcementTables>(sql)

  t.test('every planted violation found, nothing else flagged, cures as planted', async (t) => {
    const { rows } = await sql.query<{
      id: string
      category: string
      sub_reason: string
      organisation_id: string
      region: string
      status: 'open' | 'resolved'
      resolved_by_event_id: string | null
    }>(
      'SELECT id, category, sub_reason, organisation_id, region, status, resolved_by_event_id FROM enf_violations ORDER BY id',
    )
    const found = rows.map((r) => ({
      id: r.id,
      category: r.category,
      subReason: r.sub_reason,
      organisationId: r.organisation_id,
      region: r.region,
      status: r.status,
      ...(r.resolved_by_event_id ? { resolvedByEventId: r.resolved_by_event_id } : {}),
    }))
    const expected = [...city.expected.violations]
    const missing = expected.filter((e) => !found.some((f) => f.id === e.id))
    const extra = found.filter((f) => !expected.some((e) => e.id === f.id))
    t.same(missing, [], 'no planted violation missed')
    t.same(extra, [], 'nothing flagged that was not planted')
    t.same(found, expected)
    t.equal(found.length, 96)
    const categories = new Set(found.map((f) => f.category))
    t.equal(categories.size, 5, 'all five practices are exercised')
    const directory = new Map(city.organisations.map((o) => [o.id, o]))
    t.same(
      found.filter((f) => !directory.has(f.organisationId)).map((f) => f.organisationId),
      [],
      'every organisation a violation names is in the city’s directory (demo names, orders can name it)',
    )
  })

  t.test('a finding cured by a later registration, dated by its field day; a late registration', async (t) => {
    const violation = async (id: string) =>
      (
        await sql.query<{
          occurred_on: string
          status: string
          resolved_on: string | null
          resolved_by_event_type: string | null
          details: Record<string, unknown>
        }>(
          'SELECT occurred_on, status, resolved_on, resolved_by_event_type, details FROM enf_violations WHERE id = $1',
          [id],
        )
      ).rows[0]
    const finding = (kind: string) =>
      `equipment_unregistered_or_uninspected:unregistered_in_use:finding:FE-330106-${kind}-0`
    t.match(
      await violation(finding('SERIAL')),
      {
        occurred_on: '2025-03-07',
        status: 'resolved',
        resolved_on: '2025-03-20',
        resolved_by_event_type: 'EquipmentRegistered',
        details: { manufacturer: 'Hangzhou Boiler Works', serialNumber: 'HBW 330106-0' },
      },
      'no code on site; the same nameplate registered on 03-20 (typed differently) cures it that day',
    )
    t.match(
      await violation(finding('LINK')),
      { occurred_on: '2025-03-08', status: 'resolved', resolved_by_event_type: 'FindingLinkedToRegistration' },
      'linked by the team to a registration',
    )
    t.equal((await violation(finding('LINK')))?.resolved_on, '2025-03-12', 'on the registration’s field day')
    t.notOk(
      await violation('equipment_unregistered_or_uninspected:unregistered_in_use:equipment:EQ-330106-LATE-0'),
      'registered 30 days after its deadline, but found in use before: one 1a, the finding’s (lateRegistration.ts)',
    )
    t.match(
      await violation(finding('LATE')),
      {
        occurred_on: '2025-03-05',
        status: 'resolved',
        resolved_on: '2025-03-25',
        resolved_by_event_type: 'EquipmentRegistered',
      },
      'the finding’s 1a, cured by the late registration on its field day',
    )
    t.equal((await violation(finding('NOCODE')))?.status, 'open', 'no code, no plate, no link: stays open')
  })

  t.test('the four rates are exact for every region, today and as of three past days', async (t) => {
    for (const day of asOfDays) {
      for (const [region, expected] of Object.entries(city.expected.rates[day]!)) {
        const actual = await pipelineRates(kysely, region, day)
        t.same(
          actual.rates.map((r) => ({
            rate: r.rate,
            numerator: r.numerator,
            denominator: r.denominator,
            shortfalls: r.shortfalls.map((s) => ({ pipelineId: s.pipelineId, reason: s.reason })),
          })),
          expected,
          `${region} on ${day}`,
        )
      }
    }
    const q1 = city.expected.rates['2025-03-31']!['330100']!
    const q4 = city.expected.rates['2025-12-31']!['330100']!
    t.not(JSON.stringify(q1), JSON.stringify(q4), 'the as-of days differ: the past is not today')
  })

  t.test('a pipeline found in use counts from that day, in its own county, whoever owns it', async (t) => {
    // The planted found_in_use pipeline of 330106 is owned by a utility seated in 330108.
    const { rows } = await sql.query<{ facts: { region: string; organisationId: string; inUseKnownOn: string } }>(
      'SELECT facts FROM enf_pipeline_stages WHERE pipeline_id = $1',
      ['PL-330106-0008'],
    )
    const facts = rows[0]!.facts
    t.match(facts, { region: '330106', organisationId: 'EU-330108-00' }, 'stands in 330106, owned from 330108')
    const foundOn = facts.inUseKnownOn
    const inUseShortfalls = async (region: string, day: string) =>
      (await pipelineRates(kysely, region, day)).rates
        .find((r) => r.rate === 'in_use_information_entry')!
        .shortfalls.filter((s) => s.pipelineId === 'PL-330106-0008')
    t.same(await inUseShortfalls('330106', addDays(foundOn, -1)), [], 'not in the denominator before it was found')
    t.match(await inUseShortfalls('330106', foundOn), [{ reason: 'no_record', organisationId: 'EU-330108-00' }])
    t.same(await inUseShortfalls('330108', foundOn), [], 'not in the rates of the owner’s seat')
    t.same(await inUseShortfalls('330106', addDays(foundOn, 30)), [], 'counted once its record is complete')
  })

  t.test('risk grades of the stations explained by exactly their planted violations; a plan replays', async (t) => {
    const on = '2025-12-31'
    const rules = riskCatalogueRules.at(on).rules
    const stations = [...new Set(city.expected.violations.map((v) => v.organisationId))]
      .filter((id) => id.startsWith('FS-'))
      .sort()
    t.ok(stations.length >= 2, `${stations.length} stations with planted violations`)
    const quiet = 'FS-QUIET' // a station with nothing planted against it
    const organisations = [...stations, quiet].map((id) => ({ id, kind: 'filling_station' }))
    const signals = await riskSignals(sql, { organisations, on, regionPrefix: '33', rules })
    const graded = organisations.map((o) => ({ id: o.id, assessment: assessRisk(signals.get(o.id)!, on) }))
    for (const { id, assessment } of graded.filter((g) => g.id !== quiet)) {
      const explained = assessment.indicators
        .filter((i) => i.indicator === 'violations' || i.indicator === 'inspections.overdue')
        .flatMap((i) => i.signals.map((s) => s.ref))
        .sort()
      const planted = city.expected.violations
        .filter((v) => v.organisationId === id && (v.subReason !== 'inspection_overdue' || v.status === 'open'))
        .map((v) => v.id)
        .sort()
      t.same(explained, planted, `${id}: the grade names exactly its planted violations`)
      t.equal(
        assessment.score,
        Math.round(assessment.indicators.reduce((sum, i) => sum + i.points, 0) * 100) / 100,
        `${id}: the score is the sum of its indicators`,
      )
      t.not(assessment.grade, 'A', `${id}: ${assessment.grade} (${assessment.score})`)
    }
    t.match(graded.find((g) => g.id === quiet)!.assessment, { grade: 'B', score: 8 }, 'a station: what it is')

    // A plan over these grades, committed and drawn through the decider, replayed as `gsr replay-plan` does.
    const seed = 'planted city plan seed 2025-12-31'
    const commands: InspectionPlanCommand[] = [
      {
        type: 'CommitInspectionPlan',
        data: {
          planId: 'RIP-PLANTED',
          enforcementOrganisationId: 'EN-330106',
          region: '330100',
          periodFrom: '2026-01-01',
          periodTo: '2026-03-31',
          catalogueOn: on,
          knownAt: new Date().toISOString(),
          catalogueRule: graded[0]!.assessment.rule,
          catalogue: graded.map((g) => ({ organisationId: g.id, grade: g.assessment.grade })),
          roster: ['inspector-1', 'inspector-2', 'inspector-3'],
          excluded: [],
          seedHash: seedHashOf(seed),
        },
      },
      { type: 'DrawInspectionPlan', data: { seed } },
    ]
    let state = inspectionPlanDecider.initialState()
    let last: GlobalPosition | undefined
    for (const command of commands) {
      const events = inspectionPlanDecider.decide(command, state)
      state = events.reduce(inspectionPlanDecider.evolve, state)
      const { position } = await store.appendToStream(
        inspectionPlanStreamName('RIP-PLANTED'),
        events.map((e) => newEvent(e.type, e.data)),
      )
      if (!last || comparePositions(position, last) > 0) last = position
    }
    // The rebuild below reads the log up to its readable head: on a shared PostgreSQL another
    // file's open write transaction keeps these events unreadable a while, and a rebuild
    // started then would stop short of them (lag [2, 0]). Wait until readers see them.
    await waitForPosition(store, last!, 120_000)
    const lines: string[] = []
    const output = { out: (line: string) => lines.push(line), err: () => {} }
    t.equal(await replayPlan(store, 'RIP-PLANTED', output), 0, lines.join('\n'))
    t.match(lines[0], /the draw replays/)
    lines.length = 0
    t.equal(await replayPlan(store, 'RIP-NONE', output).catch((e: { exitCode: number }) => e.exitCode), 4)
  })

  t.test('rebuilt from zero in bigger batches, both read models equal the incremental result', async (t) => {
    const snapshot = async () => ({
      violations: (await sql.query('SELECT * FROM enf_violations ORDER BY id')).rows,
      pipelines: (await sql.query('SELECT * FROM enf_pipeline_stages ORDER BY pipeline_id')).rows,
      pipelineFacts: (await sql.query('SELECT * FROM enf_pipeline_facts ORDER BY pipeline_id')).rows,
    })
    const incremental = await snapshot()
    const rebuilder = createProjectionRunner({ store, sql, projections: enforcementProjections, batchSize: 5000 })
    for (const projection of enforcementProjections) await rebuilder.rebuild(projection.name)
    t.same(await snapshot(), incremental)
    t.same(
      (await rebuilder.lag()).map((l) => l.eventsBehind),
      [0, 0],
    )
  })
  t.test('penalty case statistics by region and month: exact for the city and each county', async (t) => {
    const runner = createProjectionRunner({
      store,
      sql,
      projections: [rectificationOrdersProjection(), penaltyCasesProjection()],
      batchSize: 500,
    })
    await runner.catchUp()
    const orders = (
      await sql.query<{ outcome: string; escalated_on: string | null }>(
        'SELECT outcome, escalated_on FROM enf_rectification_orders ORDER BY order_id',
      )
    ).rows
    t.equal(orders.length, 6, 'two orders per county')
    t.equal(orders.filter((o) => o.outcome === 'not_rectified' && o.escalated_on !== null).length, 3, 'escalated')
    const cases = (
      await sql.query<{ case_id: string; dropped_on: string | null; referrals: { outcome: string | null }[] }>(
        'SELECT case_id, dropped_on, referrals FROM enf_penalty_cases ORDER BY case_id',
      )
    ).rows
    t.equal(cases.length, 9)
    t.equal(cases.filter((c) => c.dropped_on !== null).length, 1, 'one dropped')
    t.same(
      cases.filter((c) => c.referrals.length > 0).map((c) => c.referrals.map((r) => r.outcome)),
      [['accepted']],
      'one referred to the police, accepted',
    )
    const year = { from: '2025-01-01', to: '2025-12-31' }
    const expected = city.expected.caseStatistics
    t.ok(
      expected.some((m) => m.finesCollectedFen > 0) && new Set(expected.map((m) => m.month)).size >= 6,
      'fines collected, over several months',
    )
    t.same(await penaltyCaseStatistics(sql, { scope: { regions: ['330100'] }, ...year }), expected, 'the city')
    for (const county of citySizes.small.counties) {
      const own = expected.filter((m) => m.region === county)
      t.ok(own.length > 0, `${county} has cases`)
      t.same(await penaltyCaseStatistics(sql, { scope: { regions: [county] }, ...year }), own, county)
    }
    const sum = (key: 'finesImposedFen' | 'finesCollectedFen') => expected.reduce((total, m) => total + m[key], 0)
    t.equal(sum('finesImposedFen'), 13_145_826, 'fines imposed over the year, fen')
    t.equal(sum('finesCollectedFen'), 666_815, 'fines collected over the year, fen')

    // The risk catalogue from 2026.1 counts penalties decided and referrals the police accepted.
    const on = '2026-12-31'
    const decidedBy = new Map<string, string[]>()
    const accepted: string[] = []
    for (const c of (
      await sql.query<{
        case_id: string
        organisation_id: string
        decided_on: string | null
        referrals: { outcome: string | null }[]
      }>('SELECT case_id, organisation_id, decided_on, referrals FROM enf_penalty_cases ORDER BY case_id')
    ).rows) {
      if (c.decided_on !== null)
        decidedBy.set(c.organisation_id, [...(decidedBy.get(c.organisation_id) ?? []), c.case_id])
      if (c.referrals.some((r) => r.outcome === 'accepted')) accepted.push(c.case_id)
    }
    const organisations = [
      ...new Set(
        (await sql.query<{ o: string }>('SELECT DISTINCT organisation_id AS o FROM enf_penalty_cases')).rows.map(
          (r) => r.o,
        ),
      ),
    ]
      .sort()
      .map((id) => ({ id, kind: 'equipment_user' }))
    const rules = riskCatalogueRules.at(on)
    t.equal(rules.version, '2026.1')
    const signals = await riskSignals(sql, { organisations, on, regionPrefix: '33', rules: rules.rules })
    const refs = (id: string, indicator: string) =>
      assessRisk(signals.get(id)!, on, rules)
        .indicators.filter((i) => i.indicator === indicator)
        .flatMap((i) => i.signals.map((x) => x.ref))
        .sort()
    for (const { id } of organisations)
      t.same(refs(id, 'cases.decided'), (decidedBy.get(id) ?? []).sort(), `${id}: its penalties decided`)
    t.same(
      organisations.flatMap(({ id }) => refs(id, 'cases.referred')),
      accepted,
      'the referral the police accepted',
    )
  })
})
