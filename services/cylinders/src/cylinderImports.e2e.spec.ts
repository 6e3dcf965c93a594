import t from 'tap'
import { fixedClock } from '@gsr/domain'
import { forEachDatabase } from '@gsr/db/testing'
import { waitUntilReadable } from '@gsr/event-store/testing'
import { createTestApp, credentialFor, type TestCredential } from '@gsr/http-kit/testing'
import { cylindersService } from './cylindersService.ts'

// 2026-06-01 10:00 China time.
const clock = fixedClock('2026-06-01T02:00:00Z')

const cylinderHeader =
  'cylinderCode,cylinderType,gas,manufacturer,manufactureDate,ownerOrganisationId,refurbished,designLifeYears,registeredOn'
const certificateHeader =
  'personId,name,certificateNo,employerOrganisationId,categories,validFrom,validUntil,regionCode'

forEachDatabase(t, async (t, db) => {
  const app = await createTestApp([cylindersService], { db, clock })
  t.teardown(() => app.close())
  const station = await credentialFor(app, { kind: 'filling_station', region: '330106' })
  const station2 = await credentialFor(app, { kind: 'filling_station', region: '330106' })
  const customer = await credentialFor(app, { kind: 'equipment_user', region: '330106' })
  const bureau = await credentialFor(app, { kind: 'enforcement', region: '330100' })

  const send = (who: TestCredential, url: string, csv: string) =>
    app.inject({ method: 'POST', url, payload: csv, headers: { ...who.headers, 'content-type': 'text/csv' } })
  const events = async (stream: string) => (await app.kit.eventStore.readStream(stream)).map((e) => e.type)
  type Report = { errors: { line: number; field: string; message: string }[] }
  const lineFields = (report: Report) => report.errors.map((e) => [e.line, e.field])

  // CY-FOREIGN belongs to another station, registered through the single route.
  const foreign = await app.inject({
    method: 'POST',
    url: '/cylinders',
    headers: station2.headers,
    payload: {
      cylinderCode: 'CY-FOREIGN',
      cylinderType: 'lpg_welded_steel',
      gas: 'LPG',
      manufacturer: 'Works',
      manufactureDate: '2024-03-01',
    },
  })
  t.equal(foreign.statusCode, 201, foreign.body)

  t.test('cylinders: good rows recorded, bad rows named by column, dry run = the import, retry once', async (t) => {
    const csv = [
      cylinderHeader,
      'CY-0001,lpg_welded_steel,LPG,Works,2024-03-01,,,,2026-05-01',
      `CY-0002,lpg_welded_steel,LPG,Works,2024-03-01,${customer.organisationId},false,10,2026-05-02`,
      'CY-0003,rocket,LPG,Works,2024-03-01,,,,2026-05-01',
      'CY-0004,lpg_welded_steel,LPG,Works,2024-03-01,nobody-such,,,2026-05-01',
      'CY-0005,lpg_welded_steel,LPG,Works,2024-03-01,,maybe,ten,2026-05-01',
      'CY-0006,lpg_welded_steel,LPG,Works,2026-05-20,,,,2026-05-01',
      'CY-0007,lpg_welded_steel,LPG,Works,2024-03-01,,,,2027-01-01',
      'CY-FOREIGN,lpg_welded_steel,LPG,Works,2024-03-01,,,,2026-05-01',
      'CY-0001,lpg_welded_steel,LPG,Works,2024-03-01,,,,2026-05-01',
    ].join('\n')
    const dry = await send(station, '/imports/cylinders?dryRun=true', csv)
    t.equal(dry.statusCode, 200, dry.body)
    t.same(await events('cylinder-CY-0001'), [], 'the dry run recorded nothing')
    const real = await send(station, '/imports/cylinders', csv)
    t.equal(real.statusCode, 200, real.body)
    t.match(real.json(), { kind: 'cylinders', dryRun: false, rows: 9, recorded: 2, alreadyRecorded: 0, rejected: 7 })
    t.same(lineFields(real.json()), [
      [4, 'cylinderType'],
      [5, 'ownerOrganisationId'],
      [6, 'refurbished'],
      [6, 'designLifeYears'],
      [7, 'manufactureDate'],
      [8, 'registeredOn'],
      [9, 'cylinderCode'],
      [10, 'cylinderCode'],
    ])
    t.match(real.json().errors[6], { message: /already registered/ }, "another station's cylinder is refused")
    t.match(dry.json(), { dryRun: true, rows: 9, recorded: 0, rejected: 7 })
    t.same(dry.json().errors, real.json().errors, 'the dry run reported the same errors, line for line')

    t.same(await events('cylinder-CY-0001'), ['CylinderRegistered'])
    const [registered] = await app.kit.eventStore.readStream('cylinder-CY-0002')
    t.match(registered?.data, {
      stationId: station.organisationId,
      ownerOrganisationId: customer.organisationId,
      regionCode: '330106',
      registeredOn: '2026-05-02',
      designLifeYears: 10,
      refurbished: false,
    })
    t.match(registered?.metadata, { occurredAt: /^2026-05-02/, actor: { organisationId: station.organisationId } })
    t.same(await events('cylinder-CY-FOREIGN'), ['CylinderRegistered'], 'the foreign cylinder untouched')

    await waitUntilReadable(db.client)
    const again = await send(station, '/imports/cylinders', csv)
    t.match(again.json(), { recorded: 0, alreadyRecorded: 2, rejected: 7 })
    t.same(again.json().errors, real.json().errors)
    t.same(await events('cylinder-CY-0002'), ['CylinderRegistered'], 'a retried import records once')
  })

  t.test('cylinders: who may import, and a bad header', async (t) => {
    const row = `${cylinderHeader}\nCY-0100,lpg_welded_steel,LPG,Works,2024-03-01,,,,2026-05-01\n`
    t.equal((await send(customer, '/imports/cylinders', row)).statusCode, 403, 'a user is not a filling station')
    t.equal((await send(bureau, '/imports/cylinders', row)).statusCode, 403)
    t.same(await events('cylinder-CY-0100'), [])
    const header = await send(station, '/imports/cylinders', 'code,gas\nx,LPG\n')
    t.match(header.json(), { recorded: 0, errors: [{ line: 1, field: 'code', message: /unknown column/ }] })
  })

  t.test('operator certificates: the authority of the region, same errors dry, recorded once', async (t) => {
    const csv = [
      certificateHeader,
      `op-imp-1,Zhang San,P-IMP-1,${station.organisationId},P;R2,2026-01-01,2029-12-31,`,
      'op-imp-1,Zhang San,P-IMP-2,,P,2026-02-01,2029-12-31,330106',
      'op-imp-2,Li Si,P-IMP-3,,Z9,2026-01-01,2029-12-31,',
      'op-imp-3,Wang Wu,P-IMP-4,,P,2026-01-01,2099-12-31,',
      'op-imp-4,Zhao Liu,P-IMP-5,,P,2026-01-01,2029-12-31,440100',
      'op-imp-5,,P-IMP-6,,P,2026-01-01,2029-12-31,',
      'op-imp-1,Zhang San,P-IMP-1,,P,2026-01-01,2029-12-31,',
    ].join('\n')
    const dry = await send(bureau, '/imports/operator-certificates?dryRun=true', csv)
    t.equal(dry.statusCode, 200, dry.body)
    const real = await send(bureau, '/imports/operator-certificates', csv)
    t.equal(real.statusCode, 200, real.body)
    t.match(real.json(), { kind: 'operator-certificates', rows: 7, recorded: 2, rejected: 5 })
    t.same(lineFields(real.json()), [
      [4, 'categories.0'],
      [5, 'validUntil'],
      [6, 'regionCode'],
      [7, 'name'],
      [8, 'certificateNo'],
    ])
    t.match(real.json().errors, [
      {},
      { message: /4 years|rule|TSG/i },
      { message: /region/ },
      {},
      { message: /duplicate/ },
    ])
    t.same(dry.json().errors, real.json().errors, 'the dry run reported the same errors')
    t.match(dry.json(), { dryRun: true, recorded: 0, rejected: 5 })

    const stream = await app.kit.eventStore.readStream('operator-op-imp-1')
    t.same(
      stream.map((e) => (e.data as { certificateNo: string }).certificateNo).sort(),
      ['P-IMP-1', 'P-IMP-2'],
      "both of one person's certificates",
    )
    t.match(stream[0]?.data, { issuedBy: bureau.organisationId })
    t.equal(stream[0]?.metadata.occurredAt, clock.now().toISOString(), 'issued as recorded')

    await waitUntilReadable(db.client)
    const again = await send(bureau, '/imports/operator-certificates', csv)
    t.match(again.json(), { recorded: 0, alreadyRecorded: 2, rejected: 5 })
    t.equal((await app.kit.eventStore.readStream('operator-op-imp-1')).length, 2, 'a retried import records once')

    const other = await credentialFor(app, { kind: 'enforcement', region: '440100' })
    const taken = await send(
      other,
      '/imports/operator-certificates',
      `${certificateHeader}\nop-imp-1,Zhang San,P-IMP-1,,P,2026-01-01,2029-12-31,440100\n`,
    )
    t.match(
      taken.json(),
      { recorded: 0, rejected: 1, errors: [{ line: 2, field: 'certificateNo' }] },
      "another authority's certificate is refused",
    )
    t.equal((await send(station, '/imports/operator-certificates', csv)).statusCode, 403, 'a station issues none')
  })
})
