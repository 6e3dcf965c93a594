import t from 'tap'
import { forEachDatabase } from '@gsr/db/testing'
import { fixedClock } from '@gsr/domain'
import { createTestApp, credentialFor, protectedRoutes } from '@gsr/http-kit/testing'
import { adminService } from './adminService.ts'
import { ensureAdministrator } from './ensureAdministrator.ts'

forEachDatabase(t, async (t, db) => {
  const clock = fixedClock('2026-03-01T08:00:00Z')
  const app = await createTestApp([adminService], { db, clock, config: { tokenTtlSeconds: 600 } })
  t.teardown(() => app.close())
  const boot = await ensureAdministrator(db.client)
  if (!boot) throw new Error('no administrator created')
  const admin = { authorization: `Bearer ${boot.apiKey}` }
  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, headers: Record<string, string>, payload?: unknown) =>
    app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) })

  t.test('bootstrap creates one administrator, once', async (t) => {
    t.equal(await ensureAdministrator(db.client), undefined)
    const me = await call('GET', '/auth/me', admin)
    t.equal(me.statusCode, 200)
    t.equal(me.json().organisationKind, 'administrator')
  })

  t.test('an administrator onboards an organisation, a person and a terminal', async (t) => {
    const org = await call('POST', '/admin/organisations', admin, {
      id: 'station-hz-1',
      kind: 'filling_station',
      name: '杭州某燃气充装站',
      region: '330106',
    })
    t.equal(org.statusCode, 201)
    t.match(org.json(), { id: 'station-hz-1', kind: 'filling_station', region: '330106', accreditedRegions: [] })
    const dup = await call('POST', '/admin/organisations', admin, {
      id: 'station-hz-1',
      kind: 'filling_station',
      name: 'again',
      region: '330106',
    })
    t.equal(dup.statusCode, 409)

    const manager = await call('POST', '/admin/organisations/station-hz-1/members', admin, {
      type: 'person',
      name: '王经理',
      role: 'admin',
    })
    t.equal(manager.statusCode, 201)
    const key = await call('POST', `/admin/members/${manager.json().id}/api-keys`, admin)
    t.equal(key.statusCode, 201)
    t.match(key.json().apiKey, /^gsr_k[0-9a-f]{16}\./)
    const managerHeaders = { authorization: `Bearer ${key.json().apiKey}` }

    // The station's own admin adds a machine client and gives it a key.
    const terminal = await call('POST', '/admin/organisations/station-hz-1/members', managerHeaders, {
      type: 'client',
      name: 'filling terminal 3',
      role: 'operator',
    })
    t.equal(terminal.statusCode, 201)
    const terminalKey = await call('POST', `/admin/members/${terminal.json().id}/api-keys`, managerHeaders)
    t.equal(terminalKey.statusCode, 201)
    const me = await call('GET', '/auth/me', { 'x-api-key': terminalKey.json().apiKey })
    t.match(me.json(), { organisationId: 'station-hz-1', memberType: 'client', role: 'operator' })

    const listed = await call('GET', `/admin/members/${terminal.json().id}/api-keys`, managerHeaders)
    t.equal(listed.json().items.length, 1)
    t.notMatch(listed.body, terminalKey.json().apiKey.split('.')[1], 'secrets are never listed')
    const stored = await db.client.query<{ secret_hash: string }>('SELECT secret_hash FROM kit_credentials')
    for (const row of stored.rows) t.notMatch(key.json().apiKey, row.secret_hash ?? '-', 'only hashes stored')
  })

  t.test('scope: organisations see and manage only themselves', async (t) => {
    const a = await credentialFor(app, { kind: 'equipment_user', region: '330106', role: 'admin' })
    const b = await credentialFor(app, { kind: 'equipment_user', region: '330106', role: 'admin' })
    const operator = await credentialFor(app, {
      kind: 'equipment_user',
      organisationId: a.organisationId,
      role: 'operator',
    })

    const own = await call('GET', `/admin/organisations/${a.organisationId}`, a.headers)
    t.equal(own.statusCode, 200)
    const other = await call('GET', `/admin/organisations/${b.organisationId}`, a.headers)
    t.equal(other.statusCode, 404, "another organisation's existence does not leak")
    const list = await call('GET', '/admin/organisations', a.headers)
    t.same(
      list.json().items.map((o: { id: string }) => o.id),
      [a.organisationId],
    )
    const addToOther = await call('POST', `/admin/organisations/${b.organisationId}/members`, a.headers, {
      type: 'person',
      name: 'intruder',
      role: 'admin',
    })
    t.equal(addToOther.statusCode, 404)
    const keyForOther = await call('POST', `/admin/members/${b.memberId}/api-keys`, a.headers)
    t.equal(keyForOther.statusCode, 404)
    const revokeOther = await call('POST', `/admin/credentials/${b.credentialId}/revoke`, a.headers)
    t.equal(revokeOther.statusCode, 404)
    t.equal((await call('GET', '/auth/me', b.headers)).statusCode, 200, "b's key still works")

    const byOperator = await call('POST', `/admin/organisations/${a.organisationId}/members`, operator.headers, {
      type: 'person',
      name: 'x',
      role: 'admin',
    })
    t.equal(byOperator.statusCode, 403, 'only admins manage people')
    const createOrg = await call('POST', '/admin/organisations', a.headers, {
      kind: 'enforcement',
      name: 'x',
      region: '330000',
    })
    t.equal(createOrg.statusCode, 403, 'only administrators register organisations')
    const listAll = await call('GET', '/admin/organisations?limit=2', admin)
    t.equal(listAll.json().items.length, 2)
    t.type(listAll.json().next, 'string', 'administrators page through all')
    const page2 = await call('GET', `/admin/organisations?limit=2&after=${listAll.json().next}`, admin)
    t.ok(page2.json().items[0].id > listAll.json().next)
  })

  t.test("every admin route with an id answers an outsider 404, whatever the organisation's kind", async (t) => {
    const owner = await credentialFor(app, { kind: 'filling_station', role: 'admin' })
    for (const kind of ['filling_station', 'enforcement', 'inspection_agency'] as const) {
      const outsider = await credentialFor(app, { kind, region: '330000', role: 'admin' })
      const table: [method: 'GET' | 'POST', url: string, payload?: object][] = [
        ['GET', `/admin/organisations/${owner.organisationId}`],
        ['GET', `/admin/organisations/${owner.organisationId}/members`],
        ['POST', `/admin/organisations/${owner.organisationId}/members`, { type: 'person', name: 'x', role: 'admin' }],
        ['GET', `/admin/members/${owner.memberId}/api-keys`],
        ['POST', `/admin/members/${owner.memberId}/api-keys`],
        ['POST', `/admin/credentials/${owner.credentialId}/rotate`],
        ['POST', `/admin/credentials/${owner.credentialId}/revoke`],
      ]
      for (const [method, url, payload] of table) {
        const res = await call(method, url, outsider.headers, payload)
        t.equal(res.statusCode, 404, `${kind}: ${method} ${url}`)
      }
    }
    t.equal((await call('GET', '/auth/me', owner.headers)).statusCode, 200, "the owner's key survived all that")
    const members = await call('GET', `/admin/organisations/${owner.organisationId}/members`, owner.headers)
    t.equal(members.json().items.length, 1, 'nobody was added')
  })

  t.test('rotation: the new key works, the old one is 401 at once', async (t) => {
    const c = await credentialFor(app, { kind: 'installer', role: 'admin' })
    const rotated = await call('POST', `/admin/credentials/${c.credentialId}/rotate`, c.headers)
    t.equal(rotated.statusCode, 201)
    t.equal((await call('GET', '/auth/me', c.headers)).statusCode, 401)
    const fresh = { authorization: `Bearer ${rotated.json().apiKey}` }
    t.equal((await call('GET', '/auth/me', fresh)).statusCode, 200)
    const listed = await call('GET', `/admin/members/${c.memberId}/api-keys`, fresh)
    const old = listed.json().items.find((k: { id: string }) => k.id === c.credentialId)
    t.equal(old.replacedBy, rotated.json().credential.id)
    t.ok(old.revokedAt)
    t.equal((await call('POST', `/admin/credentials/${c.credentialId}/rotate`, fresh)).statusCode, 409)
  })

  t.test('people exchange their key for a short-lived token; expiry and revocation end it', async (t) => {
    const person = await credentialFor(app, { kind: 'enforcement', region: '330000', role: 'viewer' })
    const issued = await call('POST', '/auth/token', person.headers)
    t.equal(issued.statusCode, 201)
    t.equal(issued.json().expiresAt, '2026-03-01T08:10:00.000Z')
    const bearer = { authorization: `Bearer ${issued.json().token}` }
    t.equal((await call('GET', '/auth/me', bearer)).statusCode, 200)
    t.equal((await call('POST', '/auth/token', bearer)).statusCode, 403, 'a token does not mint tokens')

    clock.advanceDays(1)
    t.equal((await call('GET', '/auth/me', bearer)).statusCode, 401, 'expired')
    t.equal((await call('GET', '/auth/me', person.headers)).statusCode, 200, 'the key still works')

    const second = await call('POST', '/auth/token', person.headers)
    const bearer2 = { authorization: `Bearer ${second.json().token}` }
    const me = (await call('GET', '/auth/me', bearer2)).json()
    const logout = await call('POST', `/admin/credentials/${me.credentialId}/revoke`, bearer2)
    t.equal(logout.statusCode, 200, 'a person revokes their own token')
    t.equal((await call('GET', '/auth/me', bearer2)).statusCode, 401)

    const third = await call('POST', '/auth/token', person.headers)
    const bearer3 = { authorization: `Bearer ${third.json().token}` }
    await call('POST', `/admin/credentials/${person.credentialId}/revoke`, admin)
    t.equal((await call('GET', '/auth/me', bearer3)).statusCode, 401, 'revoking the key ends its tokens')

    const terminal = await credentialFor(app, { kind: 'filling_station', type: 'client', role: 'operator' })
    t.equal((await call('POST', '/auth/token', terminal.headers)).statusCode, 403, 'machines keep API keys')
  })

  t.test('replies carrying a secret: never stored for Idempotency-Key, never cached', async (t) => {
    await call('POST', '/admin/organisations', admin, {
      id: 'secret-org',
      kind: 'equipment_user',
      name: 'Secrets',
      region: '330106',
    })
    const person = await call('POST', '/admin/organisations/secret-org/members', admin, {
      type: 'person',
      name: '李四',
      role: 'operator',
    })
    const memberId = person.json().id as string
    const once = { ...admin, 'idempotency-key': 'issue-key-1' }
    const issued = await call('POST', `/admin/members/${memberId}/api-keys`, once)
    t.equal(issued.statusCode, 201)
    t.equal(issued.headers['cache-control'], 'no-store', 'an issued key is not cached')
    const apiKey = issued.json().apiKey as string
    const personal = { authorization: `Bearer ${apiKey}`, 'idempotency-key': 'token-1' }
    const token = await call('POST', '/auth/token', personal)
    t.equal(token.statusCode, 201)
    t.equal(token.headers['cache-control'], 'no-store', 'a token is not cached')
    const rotated = await call('POST', `/admin/credentials/${issued.json().credential.id}/rotate`, {
      ...admin,
      'idempotency-key': 'rotate-1',
    })
    t.equal(rotated.statusCode, 201)
    t.equal(rotated.headers['cache-control'], 'no-store')

    const { rows } = await db.client.query<{ key: string; status: number | null; body: string | null }>(
      `SELECT key, status, body FROM kit_idempotency WHERE key IN ('issue-key-1', 'token-1', 'rotate-1') ORDER BY key`,
    )
    t.same(
      rows.map((row) => [row.key, row.status]),
      [
        ['issue-key-1', 201],
        ['rotate-1', 201],
        ['token-1', 201],
      ],
      'each request is recorded as done',
    )
    const secrets = [apiKey, token.json().token as string, rotated.json().apiKey as string]
    const stored = JSON.stringify(rows)
    t.same(
      secrets.filter((secret) => stored.includes(secret)),
      [],
      'no secret in the idempotency table',
    )
    t.same(
      rows.map((row) => row.body),
      [null, null, null],
    )

    const retry = await call('POST', `/admin/members/${memberId}/api-keys`, once)
    t.equal(retry.statusCode, 409, 'a retry does not issue a second key')
    t.equal(retry.json().type, 'urn:gsr:problem:idempotency-reply-not-kept')
    const keys = await call('GET', `/admin/members/${memberId}/api-keys`, admin)
    const apiKeys = (keys.json().items as { kind: string }[]).filter((c) => c.kind === 'api_key')
    t.equal(apiKeys.length, 2, 'the key and its rotation: the retry issued none')
  })

  t.test('every admin route is 401 without a credential or with a revoked one', async (t) => {
    const revoked = await credentialFor(app, { kind: 'administrator', role: 'admin' })
    await call('POST', `/admin/credentials/${revoked.credentialId}/revoke`, admin)
    const routes = protectedRoutes(app).filter((r) => /^\/(admin|auth)\//.test(r.pattern))
    t.ok(routes.length >= 10)
    for (const route of routes) {
      for (const headers of [{}, revoked.headers]) {
        const res = await app.inject({ method: route.method as 'GET', url: route.url, headers })
        t.equal(res.statusCode, 401, `${route.method} ${route.pattern}`)
      }
    }
  })

  t.test('bad input to admin routes names the field', async (t) => {
    const res = await call('POST', '/admin/organisations', admin, { kind: 'bank', name: '', region: '33', extra: 1 })
    t.equal(res.statusCode, 400)
    const fields = res
      .json()
      .errors.map((e: { field: string }) => e.field)
      .sort()
    t.same(fields, ['extra', 'kind', 'name', 'region'])
    const agency = await call('POST', '/admin/organisations', admin, {
      kind: 'equipment_user',
      name: 'x',
      region: '330106',
      accreditedRegions: ['330100'],
    })
    t.equal(agency.statusCode, 400)
    t.equal(agency.json().errors[0].field, 'accreditedRegions')
  })

  t.test(
    'the directory: a unified social credit code with its check character, unique; admins update it',
    async (t) => {
      const created = await call('POST', '/admin/organisations', admin, {
        id: 'gas-utility-1',
        kind: 'equipment_user',
        name: '某燃气有限公司',
        region: '330106',
        uscc: '91330100716105852F',
        address: '杭州市西湖区某路1号',
        legalRepresentative: '张三',
      })
      t.equal(created.statusCode, 201)
      t.match(created.json(), {
        uscc: '91330100716105852F',
        address: '杭州市西湖区某路1号',
        legalRepresentative: '张三',
        contact: null,
        createdAt: /\+08:00$/,
        updatedAt: null,
      })
      const wrongCheck = await call('POST', '/admin/organisations', admin, {
        kind: 'equipment_user',
        name: 'x',
        region: '330106',
        uscc: '91330100716105852G',
      })
      t.equal(wrongCheck.statusCode, 400, 'a wrong check character is refused')
      t.match(wrongCheck.json().errors, [{ field: 'uscc', in: 'body' }])
      const chinese = await app.inject({
        method: 'POST',
        url: '/admin/organisations',
        headers: { ...admin, 'accept-language': 'zh-CN' },
        payload: { kind: 'equipment_user', name: 'x', region: '330106', uscc: '9133010071610585' },
      })
      t.equal(chinese.statusCode, 400)
      t.match(chinese.json().detail, /18位/)
      const taken = await call('POST', '/admin/organisations', admin, {
        kind: 'equipment_user',
        name: 'another',
        region: '330106',
        uscc: '91330100716105852F',
      })
      t.equal(taken.statusCode, 409, 'a code belongs to one organisation')
      t.match(taken.json().errors, [{ field: 'uscc' }])

      const updated = await call('PATCH', '/admin/organisations/gas-utility-1', admin, {
        contact: '李四 0571-88880000',
        address: null,
      })
      t.equal(updated.statusCode, 200)
      t.match(updated.json(), {
        name: '某燃气有限公司',
        uscc: '91330100716105852F',
        address: null,
        contact: '李四 0571-88880000',
        updatedAt: /^2026-03-\d\dT16:00:00.000\+08:00$/,
      })
      const other = await call('POST', '/admin/organisations', admin, {
        id: 'other-1',
        kind: 'installer',
        name: 'y',
        region: '330106',
      })
      t.equal(other.statusCode, 201)
      const steal = await call('PATCH', '/admin/organisations/other-1', admin, { uscc: '91330100716105852F' })
      t.equal(steal.statusCode, 409, 'nor by an update')
      const badUpdate = await call('PATCH', '/admin/organisations/other-1', admin, { uscc: '91350100M000100Y44' })
      t.equal(badUpdate.statusCode, 400)
      const missing = await call('PATCH', '/admin/organisations/nobody', admin, { name: 'z' })
      t.equal(missing.statusCode, 404)
      const member = await call('POST', '/admin/organisations/gas-utility-1/members', admin, {
        type: 'person',
        name: '王五',
        role: 'admin',
      })
      const key = await call('POST', `/admin/members/${member.json().id}/api-keys`, admin)
      const own = await call(
        'PATCH',
        '/admin/organisations/gas-utility-1',
        { authorization: `Bearer ${key.json().apiKey}` },
        {
          name: 'renamed by itself',
        },
      )
      t.equal(own.statusCode, 403, 'only administrators change the directory, not the organisation itself')
    },
  )
})
