import t from 'tap'
import { fixedClock } from '@gsr/domain'
import { forEachDatabase } from '@gsr/db/testing'
import { waitUntilReadable } from '@gsr/event-store/testing'
import { catchUpProjections, createTestApp, credentialFor, type TestCredential } from '@gsr/http-kit/testing'
import { cylindersService } from './cylindersService.ts'

/**
 * GET /cylinders?organisationId= on both databases: an enforcement team lists one organisation's
 * cylinders (owned, registered or entrusted) when the organisation is within its scope, and is
 * refused (403, in both languages) outside it; administrators any that exists; a station only
 * itself. The rule is @gsr/http-kit's organisationInScope, the enforcement lists' too.
 */
forEachDatabase(t, async (t, db) => {
  const app = await createTestApp([cylindersService], { db, clock: fixedClock('2026-06-01T02:00:00Z') })
  t.teardown(() => app.close())
  const station = await credentialFor(app, { kind: 'filling_station', region: '330106' })
  const other = await credentialFor(app, { kind: 'filling_station', region: '330106' })
  const far = await credentialFor(app, { kind: 'filling_station', region: '440100' })
  const county = await credentialFor(app, { kind: 'enforcement', region: '330106' })
  const sibling = await credentialFor(app, { kind: 'enforcement', region: '330108' })
  const admin = await credentialFor(app, { kind: 'administrator', role: 'admin' })
  const get = (who: TestCredential, url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers: { ...who.headers, ...headers } })
  const register = async (who: TestCredential, code: string) => {
    const res = await app.inject({
      method: 'POST',
      url: '/cylinders',
      headers: who.headers,
      payload: {
        cylinderCode: code,
        cylinderType: 'lpg_welded_steel',
        gas: 'LPG',
        manufacturer: 'Works',
        manufactureDate: '2024-03-01',
      },
    })
    t.equal(res.statusCode, 201, res.body)
  }
  for (const code of ['ORGF-A1', 'ORGF-A2', 'ORGF-A3']) await register(station, code)
  await register(other, 'ORGF-B1')
  await register(far, 'ORGF-F1')
  await waitUntilReadable(db.client)
  await catchUpProjections(app)
  const codes = (res: { json(): { items: { code: string }[] } }) => res.json().items.map((c) => c.code)
  const of = (id: string, extra = '') => `/cylinders?organisationId=${encodeURIComponent(id)}${extra}`

  t.test('within scope: the organisation’s cylinders only, paged', async (t) => {
    const res = await get(county, of(station.organisationId))
    t.equal(res.statusCode, 200, res.body)
    t.same(codes(res), ['ORGF-A1', 'ORGF-A2', 'ORGF-A3'])
    const one = await get(county, of(station.organisationId, '&limit=2'))
    t.same(codes(one), ['ORGF-A1', 'ORGF-A2'])
    const two = await get(county, of(station.organisationId, `&limit=2&after=${one.json().next}`))
    t.same(codes(two), ['ORGF-A3'])
    t.notOk(two.json().next)
    t.same(codes(await get(admin, of(far.organisationId))), ['ORGF-F1'], 'administrators: any organisation')
    t.same(
      codes(await get(station, of(station.organisationId))),
      ['ORGF-A1', 'ORGF-A2', 'ORGF-A3'],
      'a station: itself',
    )
  })

  t.test('outside scope: 403 naming the organisation, in both languages', async (t) => {
    for (const [who, id, why] of [
      [sibling, station.organisationId, 'enforcement of a sibling county'],
      [county, far.organisationId, 'an organisation of another province'],
      [county, 'no-such-organisation', 'an unknown organisation'],
      [admin, 'no-such-organisation', 'an unknown organisation, to administrators too (as on the enforcement lists)'],
      [station, other.organisationId, 'a station asking for another'],
    ] as const) {
      const res = await get(who, of(id))
      t.equal(res.statusCode, 403, `${why}: ${res.body}`)
    }
    const zh = await get(sibling, of(station.organisationId), { 'accept-language': 'zh-CN' })
    t.match(zh.json().detail, /不在本辖区/)
    const en = await get(sibling, of(station.organisationId), { 'accept-language': 'en' })
    t.match(en.json().detail, /not within your region/)
  })
})
