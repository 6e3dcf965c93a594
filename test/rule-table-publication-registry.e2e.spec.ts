import t, { type Test } from 'tap'
import { adminService } from '@gsr/admin-service'
import { cylindersService } from '@gsr/cylinders-service'
import { forEachDatabase } from '@gsr/db/testing'
import { fixedClock } from '@gsr/domain'
import { cylinderTypeRules } from '@gsr/domain/cylinders'
import { inspectionIntervals } from '@gsr/domain/equipment'
import { registryService } from '@gsr/registry-service'
import { createTestApp, credentialFor, type TestCredential } from '@gsr/http-kit/testing'

/**
 * Registry and cylinder rule tables an administrator publishes (issue 16), over HTTP on both
 * databases: a version of `registrationDeadline`, `inspectionIntervals` and `cylinderTypeRules`, effective from
 * a later day. A decision looked up by a day before it uses the code version, from it the
 * published one, whichever way it is recorded (POST /equipment, an authority's acceptance, a
 * register import; POST /cylinders, an agency's inspection); the facts cite the version they
 * were judged by and keep it. The refusals record nothing.
 */
forEachDatabase(t, async (t, db) => {
  // 2026-06-01, 10:00 China time.
  const clock = fixedClock('2026-06-01T02:00:00Z')
  const app = await createTestApp([adminService, registryService, cylindersService], { db, clock })
  t.teardown(() => app.close())
  const admin = await credentialFor(app, { kind: 'administrator' })
  const user = await credentialFor(app, { kind: 'equipment_user', region: '330106' })
  const team = await credentialFor(app, { kind: 'enforcement', region: '330106' })
  const station = await credentialFor(app, { kind: 'filling_station', region: '330106' })
  const agency = await credentialFor(app, {
    kind: 'inspection_agency',
    region: '330106',
    accreditedRegions: ['330106'],
  })
  const post = (as: TestCredential, url: string, payload: object | string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, headers: { ...as.headers, ...headers }, payload })
  const stream = (name: string) => app.kit.eventStore.readStream(name)
  const created = async (as: TestCredential, url: string, payload: object) => {
    const res = await post(as, url, payload)
    if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
    return res.json() as { events: { type: string; data: Record<string, unknown> }[] }
  }
  /** 400 naming `field`, and the table's stream unchanged. */
  const refusedNaming = async (t: Test, url: string, payload: object, field: string) => {
    const tableStream = `rule-table-${url.split('/')[3]!}`
    const before = (await stream(tableStream)).length
    const res = await post(admin, url, payload)
    t.equal(res.statusCode, 400, res.body)
    t.match(res.headers['content-type'], /application\/problem\+json/)
    t.ok(
      (res.json().errors as { field: string }[]).some((e) => e.field === field),
      `names ${field}`,
    )
    t.equal((await stream(tableStream)).length, before, 'nothing recorded')
  }

  t.test('registrationDeadline: 60 days for equipment put into service from 2026-07-01', async (t) => {
    const url = '/admin/rule-tables/registrationDeadline/versions'
    const v2026 = {
      version: '2026.2',
      effectiveFrom: '2026-07-01',
      rules: { daysAfterPutIntoService: 60 },
      citation: 'TSG 08 (a revision, for the test)',
    }
    await refusedNaming(t, url, { ...v2026, rules: { daysAfterPutIntoService: -1 } }, 'rules.daysAfterPutIntoService')
    await refusedNaming(t, url, { ...v2026, rules: { days: 60 } }, 'rules.daysAfterPutIntoService')
    const published = await post(admin, url, v2026)
    t.equal(published.statusCode, 201, published.body)
    t.equal((await stream('rule-table-registrationDeadline')).length, 1)

    // The same day, before the effective day: the code version.
    const today = await created(user, '/equipment', {
      registrationCode: 'EL-RULE-0',
      category: 'elevator',
      region: '330106',
      location: 'site',
      putIntoServiceDate: '2026-05-01',
    })
    t.match(today.events[0]!.data, {
      registrationDeadline: '2026-05-31',
      registrationDeadlineRule: { name: 'registrationDeadline', version: '2022.1' },
    })

    clock.set('2026-08-20T02:00:00Z')
    const equipment = (registrationCode: string, putIntoServiceDate: string) => ({
      registrationCode,
      category: 'elevator',
      region: '330106',
      location: 'site',
      putIntoServiceDate,
      registeredOn: '2026-08-20',
    })
    const before = await created(user, '/equipment', equipment('EL-RULE-1', '2026-06-20'))
    t.match(
      before.events[0]!.data,
      { registrationDeadline: '2026-07-20', late: true, registrationDeadlineRule: { version: '2022.1' } },
      'put into service before the day: 30 days (2022.1), late',
    )
    const after = await created(user, '/equipment', equipment('EL-RULE-2', '2026-07-05'))
    t.match(
      after.events[0]!.data,
      { registrationDeadline: '2026-09-03', late: false, registrationDeadlineRule: { version: '2026.2' } },
      'from the day: 60 days (2026.2), in time',
    )

    // An authority's acceptance of an application, and a register import, decide the same way.
    await created(user, '/equipment-registrations', {
      applicationId: 'rule-app-1',
      category: 'elevator',
      region: '330106',
      location: 'site',
      putIntoServiceDate: '2026-07-10',
      appliedOn: '2026-08-20',
    })
    const accepted = await created(team, '/equipment-registrations/rule-app-1/accept', {
      registrationCode: 'EL-RULE-3',
      certificateNumber: 'C-RULE-3',
    })
    t.match(accepted.events[1]!.data, {
      registrationDeadline: '2026-09-08',
      late: false,
      registrationDeadlineRule: { version: '2026.2' },
    })
    const imported = await post(
      user,
      '/imports/equipment',
      'registrationCode,category,region,location,putIntoServiceDate,registeredOn\nEL-RULE-4,elevator,330106,site,2026-07-10,2026-08-20\nEL-RULE-5,elevator,330106,site,2026-06-10,2026-08-20\n',
      { 'content-type': 'text/csv' },
    )
    t.match(imported.json(), { recorded: 2, rejected: 0 })
    t.match((await stream('equipment-EL-RULE-4'))[0]!.data, { registrationDeadlineRule: { version: '2026.2' } })
    t.match((await stream('equipment-EL-RULE-5'))[0]!.data, { registrationDeadlineRule: { version: '2022.1' } })

    t.match(
      (await stream('equipment-EL-RULE-0'))[0]!.data,
      { registrationDeadline: '2026-05-31', registrationDeadlineRule: { version: '2022.1' } },
      'the fact judged before keeps its version',
    )
  })

  t.test('inspectionIntervals: elevators every 2 years from 2026-09-01', async (t) => {
    clock.set('2026-08-20T02:00:00Z')
    const url = '/admin/rule-tables/inspectionIntervals/versions'
    const inCode = inspectionIntervals.at('2026-08-20')
    const rules = inCode.rules.map((r) =>
      r.category === 'elevator' ? { ...r, intervalMonths: 24, source: 'TSG T7001 (a revision, for the test)' } : r,
    )
    const v2026 = { version: '2026.9', effectiveFrom: '2026-09-01', rules, citation: 'TSG T7001 (for the test)' }
    // A specific rule last for its category would leave some equipment without a rule.
    await refusedNaming(
      t,
      url,
      { ...v2026, rules: [...rules, { category: 'elevator', subtype: 'escalator', intervalMonths: 12 }] },
      `rules.${rules.length}`,
    )
    const published = await post(admin, url, v2026)
    t.equal(published.statusCode, 201, published.body)

    clock.set('2026-09-10T02:00:00Z')
    const equipment = (registrationCode: string, putIntoServiceDate: string) => ({
      registrationCode,
      category: 'elevator',
      region: '330106',
      location: 'site',
      putIntoServiceDate,
      registeredOn: '2026-09-10',
    })
    const before = await created(user, '/equipment', equipment('EL-INT-1', '2026-08-25'))
    t.match(before.events[0]!.data, {
      nextInspectionDue: '2027-08-25',
      nextInspectionDueRule: { name: 'inspectionIntervals', version: inCode.version },
    })
    const after = await created(user, '/equipment', equipment('EL-INT-2', '2026-09-02'))
    t.match(after.events[0]!.data, { nextInspectionDue: '2028-09-02', nextInspectionDueRule: { version: '2026.9' } })
    const result = (inspectionDate: string) => ({
      kind: 'periodic',
      conclusion: 'pass',
      reportNumber: `R-${inspectionDate}`,
      inspectors: ['Li Si'],
      inspectionDate,
    })
    const early = await created(agency, '/equipment/EL-INT-1/inspection-results', result('2026-08-30'))
    t.match(early.events[0]!.data, { nextDueDate: '2027-08-30', intervalRule: { version: inCode.version } })
    const late = await created(agency, '/equipment/EL-INT-2/inspection-results', result('2026-09-05'))
    t.match(late.events[0]!.data, { nextDueDate: '2028-09-05', intervalRule: { version: '2026.9' } })
    t.match(
      (await stream('equipment-EL-INT-1'))[0]!.data,
      { nextInspectionDue: '2027-08-25', nextInspectionDueRule: { version: inCode.version } },
      'the fact judged before keeps its version',
    )
  })

  t.test('cylinderTypeRules: LPG cylinders inspected every 5 years from 2026-09-01', async (t) => {
    clock.set('2026-08-20T02:00:00Z')
    const inCode = cylinderTypeRules.at('2026-08-20')
    t.equal(inCode.version, 'cylinderTypeRules/2026-2')
    const url = '/admin/rule-tables/cylinderTypeRules/versions'
    const rules = {
      ...inCode.rules,
      lpg_welded_steel: { ...inCode.rules.lpg_welded_steel, inspectionIntervalYears: 5 },
    }
    const v2026 = {
      version: '2026.3',
      effectiveFrom: '2026-09-01',
      rules,
      citation: 'GB 8334 (a revision, for the test)',
    }
    await refusedNaming(
      t,
      url,
      { ...v2026, rules: { ...rules, lpg_welded_steel: { ...rules.lpg_welded_steel, preFillItems: ['no_damage'] } } },
      'rules.lpg_welded_steel.preFillItems',
    )
    await refusedNaming(
      t,
      url,
      { ...v2026, rules: { ...rules, lpg_welded_steel: { ...rules.lpg_welded_steel, inspectionIntervalYears: 0 } } },
      'rules.lpg_welded_steel.inspectionIntervalYears',
    )
    const { lpg_welded_steel: _lpg, ...missingType } = rules
    await refusedNaming(t, url, { ...v2026, rules: missingType }, 'rules.lpg_welded_steel')
    const published = await post(admin, url, v2026)
    t.equal(published.statusCode, 201, published.body)

    clock.set('2026-09-10T02:00:00Z')
    const cylinder = (cylinderCode: string, registeredOn: string) => ({
      cylinderCode,
      cylinderType: 'lpg_welded_steel',
      gas: 'LPG',
      manufacturer: 'Works',
      manufactureDate: '2024-03-01',
      registeredOn,
    })
    const before = await created(station, '/cylinders', cylinder('LPG-RULE-1', '2026-08-25'))
    t.match(
      before.events[0]!.data,
      { nextInspectionDate: '2028-03-01', ruleVersion: 'cylinderTypeRules/2026-2' },
      'registered before the day: every 4 years',
    )
    const after = await created(station, '/cylinders', cylinder('LPG-RULE-2', '2026-09-05'))
    t.match(
      after.events[0]!.data,
      { nextInspectionDate: '2029-03-01', ruleVersion: '2026.3' },
      'from the day: every 5 years',
    )
    const inspect = (code: string, inspectionDate: string) =>
      created(agency, `/cylinders/${code}/inspections`, { inspectionDate, result: 'pass', reportNo: `R-${code}` })
    t.match(
      (await inspect('LPG-RULE-1', '2026-08-30')).events[0]!.data,
      { nextInspectionDate: '2030-08-30', ruleVersion: 'cylinderTypeRules/2026-2' },
      'an inspection before the day: 4 years',
    )
    t.match(
      (await inspect('LPG-RULE-2', '2026-09-08')).events[0]!.data,
      { nextInspectionDate: '2031-09-08', ruleVersion: '2026.3' },
      'from the day: 5 years, citing the published version',
    )
    const imported = await post(
      station,
      '/imports/cylinders',
      'cylinderCode,cylinderType,gas,manufacturer,manufactureDate,registeredOn\nLPG-RULE-3,lpg_welded_steel,LPG,Works,2024-03-01,2026-09-06\n',
      { 'content-type': 'text/csv' },
    )
    t.match(imported.json(), { recorded: 1, rejected: 0 }, imported.body)
    t.match((await stream('cylinder-LPG-RULE-3'))[0]!.data, { nextInspectionDate: '2029-03-01', ruleVersion: '2026.3' })
    t.match(
      (await stream('cylinder-LPG-RULE-1'))[0]!.data,
      { nextInspectionDate: '2028-03-01', ruleVersion: 'cylinderTypeRules/2026-2' },
      'the registration judged before keeps its version',
    )
  })

  t.test('pipelineInUseRequiredFields: a record of name and location is complete from 2026-09-20', async (t) => {
    clock.set('2026-09-10T02:00:00Z')
    const url = '/admin/rule-tables/pipelineInUseRequiredFields/versions'
    const v2026 = {
      version: '2026.2',
      effectiveFrom: '2026-09-20',
      rules: ['name', 'location'],
      citation: 'the bureau’s entry form (for the test)',
    }
    await refusedNaming(t, url, { ...v2026, rules: ['name', 'name'] }, 'rules')
    await refusedNaming(t, url, { ...v2026, rules: ['name', '../x'] }, 'rules.1')
    const published = await post(admin, url, v2026)
    t.equal(published.statusCode, 201, published.body)

    clock.set('2026-09-25T02:00:00Z')
    const record = (pipelineId: string, recordedOn: string) =>
      created(user, `/pipelines/${pipelineId}/in-use-records`, {
        region: '330106',
        record: { name: 'main', location: 'Wenyi Rd' },
        recordedOn,
      })
    t.match(
      (await record('GP-RULE-1', '2026-09-15')).events[0]!.data,
      { complete: false, requiredFieldsRule: { name: 'pipelineInUseRequiredFields', version: '2022.1' } },
      'entered before the day: the 12 fields of 2022.1',
    )
    t.match(
      (await record('GP-RULE-2', '2026-09-22')).events[0]!.data,
      { complete: true, missingFields: [], requiredFieldsRule: { version: '2026.2' } },
      'from the day: complete by 2026.2',
    )
  })
})
