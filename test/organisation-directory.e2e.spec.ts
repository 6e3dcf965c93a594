import t from 'tap'
import { forEachDatabase } from '@gsr/db/testing'
import { fixedClock, organisationActor } from '@gsr/domain'
import { equipmentDecider } from '@gsr/domain/equipment'
import { createPostgresEventStore, handleCommand } from '@gsr/event-store'
import { waitUntilReadable } from '@gsr/event-store/testing'
import { equipmentStreamName } from '@gsr/events/equipment'
import { identity } from '@gsr/http-kit'
import { catchUpProjections, createTestApp, credentialFor, type TestCredential } from '@gsr/http-kit/testing'
import { cylindersService } from '@gsr/cylinders-service'
import { enforcementService } from '@gsr/enforcement-service'
import { registryService } from '@gsr/registry-service'

/**
 * The organisation directory enforcement reads: organisations seated in the team's region or
 * operating there (owning records installed there), with their directory entries; summaries and
 * the organisation filter follow the same scope, and answer out-of-scope reads by the one rule
 * (a record in the path: 404 as if it did not exist; a filter in the query: 403).
 */
forEachDatabase(t, async (t, db) => {
  const eventStore = createPostgresEventStore(db.client)
  const app = await createTestApp([registryService, cylindersService, enforcementService], {
    db,
    eventStore,
    clock: fixedClock('2026-06-01T02:00:00Z'),
  })
  t.teardown(() => app.close())
  const sql = app.kit.sql
  // A gas utility seated in Xihu (330106) operates a boiler installed in Binjiang (330108).
  await identity.createOrganisation(sql, {
    id: 'utility-1',
    kind: 'equipment_user',
    name: '某燃气有限公司',
    region: '330106',
    uscc: '91330100716105852F',
    address: '杭州市西湖区某路1号',
    legalRepresentative: '张三',
    contact: '李四 0571-88880000',
  })
  await identity.createOrganisation(sql, { id: 'local-1', kind: 'equipment_user', name: '滨江某厂', region: '330108' })
  await identity.createOrganisation(sql, { id: 'far-1', kind: 'equipment_user', name: '南京某厂', region: '320100' })
  await handleCommand(
    eventStore,
    equipmentStreamName('BO-CROSS'),
    equipmentDecider,
    {
      type: 'RegisterEquipment',
      data: {
        registrationCode: 'BO-CROSS',
        category: 'boiler',
        organisationId: 'utility-1',
        region: '330108',
        location: 'plant 2',
        attributes: {},
        putIntoServiceDate: '2025-06-30',
        registeredOn: '2025-07-01',
        nextInspectionDue: { date: '2026-06-30', assertedBy: organisationActor('bureau', 'administrator', '000000') },
      },
    },
    {
      metadata: {
        actor: { organisationId: 'utility-1', role: 'equipment_user' },
        occurredAt: '2025-07-01T00:00:00+08:00',
        schemaVersion: 1,
      },
    },
  )
  await waitUntilReadable(db.client)
  await catchUpProjections(app)
  const binjiang = await credentialFor(app, { kind: 'enforcement', region: '330108' })
  const xihu = await credentialFor(app, { kind: 'enforcement', region: '330106' })
  const get = (who: TestCredential, url: string) => app.inject({ method: 'GET', url, headers: who.headers })

  t.test('a team lists the organisations seated or operating in its region, with their entries', async (t) => {
    const res = await get(binjiang, '/enforcement/organisations?kind=equipment_user')
    t.equal(res.statusCode, 200)
    t.same(
      res.json().items.map((o: { id: string }) => o.id),
      ['local-1', 'utility-1'],
      'seated there, or operating there from elsewhere; not the one seated in Nanjing',
    )
    t.match(res.json().items[1], {
      id: 'utility-1',
      name: '某燃气有限公司',
      region: '330106',
      uscc: '91330100716105852F',
      address: '杭州市西湖区某路1号',
      legalRepresentative: '张三',
      contact: '李四 0571-88880000',
      seatedInRegion: false,
      operatesInRegion: { equipment: 1, pipelines: 0, cylinders: 0 },
    })
    t.match(res.json().items[0], { id: 'local-1', seatedInRegion: true, operatesInRegion: { equipment: 0 } })
    const own = (await get(xihu, '/enforcement/organisations?kind=equipment_user')).json()
    t.same(
      own.items.map((o: { id: string; operatesInRegion: { equipment: number } }) => [
        o.id,
        o.operatesInRegion.equipment,
      ]),
      [['utility-1', 0]],
      'its seat lists it too, with nothing installed there',
    )
  })

  t.test('the directory pages by cursor, and refuses a region outside the team', async (t) => {
    const seen: string[] = []
    let next: string | undefined
    do {
      const page = (
        await get(binjiang, `/enforcement/organisations?kind=equipment_user&limit=1${next ? `&after=${next}` : ''}`)
      ).json()
      seen.push(...page.items.map((o: { id: string }) => o.id))
      next = page.next
    } while (next)
    t.same(seen, ['local-1', 'utility-1'])
    t.equal((await get(binjiang, '/enforcement/organisations?region=320100')).statusCode, 403)
  })

  t.test('summaries: in scope 200 with the name; outside scope and nonexistent 404 alike', async (t) => {
    const operating = await get(binjiang, '/enforcement/organisations/utility-1/summary?on=2026-05-31')
    t.equal(operating.statusCode, 200, 'an organisation operating in the region')
    // No violation, but what it runs counts (inherent risk, riskCatalogueRules): B, not A.
    t.match(operating.json(), { organisationId: 'utility-1', name: '某燃气有限公司', risk: { grade: 'B' } })
    const outside = await get(binjiang, '/enforcement/organisations/far-1/summary')
    const nobody = await get(binjiang, '/enforcement/organisations/nobody/summary')
    t.equal(outside.statusCode, 404, 'seated elsewhere, nothing here')
    t.equal(nobody.statusCode, 404, 'not registered at all (was 200 with grade A)')
    t.same(
      { ...outside.json(), instance: undefined },
      { ...nobody.json(), instance: undefined },
      'the same answer: existence does not leak',
    )
  })

  t.test('?organisationId= outside the scope is refused (403), not ignored', async (t) => {
    // Every list that filters by organisation: one rule (workflowListScope, requireOrganisationFilter).
    for (const url of [
      '/enforcement/violations',
      '/enforcement/violations.csv',
      '/enforcement/rectification-orders',
      '/enforcement/rectification-orders.csv',
      '/enforcement/cases',
      '/enforcement/cases.csv',
      '/enforcement/inspections',
    ]) {
      t.equal((await get(binjiang, `${url}?organisationId=utility-1`)).statusCode, 200, `${url}: operating here`)
      t.equal((await get(binjiang, `${url}?organisationId=far-1`)).statusCode, 403, `${url}: seated elsewhere`)
      t.equal((await get(binjiang, `${url}?organisationId=nobody`)).statusCode, 403, `${url}: nonexistent alike`)
    }
  })
})
