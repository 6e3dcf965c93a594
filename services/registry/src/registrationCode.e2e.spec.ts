import t, { type Test } from 'tap'
import { forEachDatabase } from '@gsr/db/testing'
import { credentialFor, type TestCredential } from '@gsr/http-kit/testing'
import { registryTestApp } from './testing/registryTestApp.ts'

/**
 * A registration code is held by one registration (issue 16): acceptances of several
 * applications under one code, transcriptions of one code (`POST /equipment`) and imports race
 * on the code's claim stream (`code-claim-<code>`), and exactly one wins, with real concurrency
 * (requests in flight together) on both databases. The others get 409 naming `registrationCode`;
 * the log and the register hold one registration; a retried request (same Idempotency-Key)
 * records nothing twice; a claim left by a failed acceptance is completed by its retry, or
 * released once its application was answered otherwise.
 */
forEachDatabase(t, async (t, db) => {
  const { app, inner, catchUp, get, post, ok } = await registryTestApp(t, db, '2026-06-01T02:00:00Z')
  const team = await credentialFor(app, { kind: 'enforcement', region: '330106' })
  const users = await Promise.all(
    Array.from({ length: 20 }, () => credentialFor(app, { kind: 'equipment_user', region: '330100' })),
  )
  const user = users[0]!

  const application = (applicationId: string) => ({
    applicationId,
    category: 'elevator',
    region: '330106',
    location: '1 Wenyi Rd',
    manufacturer: 'Hangzhou Lift Works',
    serialNumber: `HLW-${applicationId}`,
    putIntoServiceDate: '2026-04-01',
    appliedOn: '2026-05-15',
  })
  const transcribed = (registrationCode: string) => ({
    registrationCode,
    category: 'elevator',
    region: '330106',
    location: '2 Wenyi Rd',
    putIntoServiceDate: '2020-04-01',
    registeredOn: '2020-04-20',
    certificateNumber: 'C-OLD',
  })
  const acceptance = (registrationCode: string) => ({
    registrationCode,
    certificateNumber: `C-${registrationCode}`,
    acceptedOn: '2026-05-20',
  })
  /** Events of `type` in the whole log whose data names `code`. */
  const logged = async (type: string, code: string) =>
    Number(
      (
        await db.client.query<{ n: string }>(
          `SELECT count(*)::text AS n FROM es_events WHERE type = $1 AND data->>'registrationCode' = $2`,
          [type, code],
        )
      ).rows[0]?.n,
    )
  const registerRows = async (code: string) => {
    await catchUp()
    return (await get(team, `/equipment?registrationCode=${code}`)).json().items as unknown[]
  }
  /** Exactly one 201; every other reply a 409 problem naming registrationCode. */
  const oneWins = (t: Test, replies: { statusCode: number; json: () => Record<string, unknown> }[]) => {
    const won = replies.filter((r) => r.statusCode === 201)
    t.equal(won.length, 1, 'exactly one wins')
    const lost = replies.filter((r) => r.statusCode !== 201)
    t.same(
      [...new Set(lost.map((r) => `${r.statusCode} ${String(r.json().type)}`))],
      ['409 urn:gsr:problem:registration-code-taken'],
      'the others: 409 registration-code-taken',
    )
    t.ok(
      lost.every((r) => (r.json().errors as { field: string }[]).some((e) => e.field === 'registrationCode')),
      'naming the field',
    )
    return won[0]!
  }

  t.test('20 acceptances of 20 applications under one code, in flight together: one wins', async (t) => {
    const ids = users.map((_, i) => `race-app-${i}`)
    await Promise.all(users.map((u, i) => ok(u, '/equipment-registrations', application(ids[i]!))))
    const replies = await Promise.all(
      ids.map((id) => post(team, `/equipment-registrations/${id}/accept`, acceptance('EL-RACE-1'))),
    )
    const winner = oneWins(t, replies)
    t.equal(await logged('EquipmentRegistrationAccepted', 'EL-RACE-1'), 1, 'one acceptance in the log')
    t.equal(await logged('EquipmentRegistered', 'EL-RACE-1'), 1, 'one registration in the log')
    t.equal(await logged('RegistrationCodeClaimed', 'EL-RACE-1'), 1, 'one claim')
    t.equal((await registerRows('EL-RACE-1')).length, 1, 'one row in the register')
    const statuses = await Promise.all(
      ids.map(async (id, i) => (await get(users[i]!, `/equipment-registrations/${id}`)).json().status as string),
    )
    t.same(
      statuses.filter((s) => s === 'accepted'),
      ['accepted'],
      'the others stay applied',
    )
    const winningApplication = (winner.json().events as { data: { applicationId?: string } }[])[0]?.data.applicationId
    t.equal(statuses[ids.indexOf(winningApplication!)], 'accepted', 'the winner is the one accepted')
  })

  t.test('20 transcriptions of one code by 20 organisations, in flight together: one wins', async (t) => {
    const replies = await Promise.all(users.map((u) => post(u, '/equipment', transcribed('EL-RACE-2'))))
    oneWins(t, replies)
    t.equal(await logged('EquipmentRegistered', 'EL-RACE-2'), 1)
    t.equal(await logged('RegistrationCodeClaimed', 'EL-RACE-2'), 1)
    t.equal((await registerRows('EL-RACE-2')).length, 1)
  })

  t.test('acceptances and transcriptions of one code together: one wins', async (t) => {
    const ids = users.slice(0, 10).map((_, i) => `mixed-app-${i}`)
    await Promise.all(ids.map((id, i) => ok(users[i]!, '/equipment-registrations', application(id))))
    const replies = await Promise.all([
      ...ids.map((id) => post(team, `/equipment-registrations/${id}/accept`, acceptance('EL-RACE-3'))),
      ...users.slice(10).map((u) => post(u, '/equipment', transcribed('EL-RACE-3'))),
    ])
    const winner = oneWins(t, replies)
    const byAcceptance = (winner.json().events as { type: string }[])[0]?.type === 'EquipmentRegistrationAccepted'
    t.equal(await logged('EquipmentRegistrationAccepted', 'EL-RACE-3'), byAcceptance ? 1 : 0, 'its acceptance, if one')
    t.equal(await logged('EquipmentRegistered', 'EL-RACE-3'), 1)
    t.equal((await registerRows('EL-RACE-3')).length, 1)
  })

  t.test('a retried request (same Idempotency-Key) records nothing twice, in flight or after', async (t) => {
    await ok(user, '/equipment-registrations', application('retry-app'))
    const headers = { 'idempotency-key': 'accept-retry-1' }
    const url = '/equipment-registrations/retry-app/accept'
    const together = await Promise.all(
      Array.from({ length: 5 }, () => post(team, url, acceptance('EL-RETRY'), headers)),
    )
    const later = await post(team, url, acceptance('EL-RETRY'), headers)
    for (const res of [...together, later]) t.equal(res.statusCode, 201, res.body)
    t.equal(await logged('RegistrationCodeClaimed', 'EL-RETRY'), 1)
    t.equal(await logged('EquipmentRegistrationAccepted', 'EL-RETRY'), 1)
    t.equal(await logged('EquipmentRegistered', 'EL-RETRY'), 1)

    const body = transcribed('EL-RETRY-2')
    const sent = await Promise.all(
      Array.from({ length: 5 }, () => post(user, '/equipment', body, { 'idempotency-key': 'transcribe-1' })),
    )
    for (const res of sent) t.equal(res.statusCode, 201, res.body)
    t.equal(await logged('RegistrationCodeClaimed', 'EL-RETRY-2'), 1)
    t.equal(await logged('EquipmentRegistered', 'EL-RETRY-2'), 1)
  })

  /** A claim as an acceptance cut off after it left it (raw append: no acceptance follows). */
  const orphanClaim = (code: string, applicationId: string, holder: TestCredential) =>
    inner.appendToStream(
      `code-claim-${code}`,
      [
        {
          id: crypto.randomUUID(),
          type: 'RegistrationCodeClaimed',
          data: {
            registrationCode: code,
            organisationId: holder.organisationId,
            region: '330106',
            applicationId,
            claimedOn: '2026-05-20',
          },
          metadata: {
            actor: { organisationId: team.organisationId, role: 'operator' },
            occurredAt: '2026-05-20T00:00:00+08:00',
            schemaVersion: 1,
          },
        },
      ],
      { expectedRevision: 'no_stream' },
    )

  t.test('a claim whose acceptance was cut off: held for its retry, which completes it', async (t) => {
    await ok(users[1]!, '/equipment-registrations', application('cut-app'))
    await ok(users[2]!, '/equipment-registrations', application('other-app'))
    await orphanClaim('EL-CUT', 'cut-app', users[1]!)
    const taken = await post(team, '/equipment-registrations/other-app/accept', acceptance('EL-CUT'))
    t.equal(taken.statusCode, 409, 'another application: the code is held (its acceptance may be in flight)')
    t.equal(taken.json().type, 'urn:gsr:problem:registration-code-taken')
    const byImport = await app.inject({
      method: 'POST',
      url: '/imports/equipment?dryRun=true',
      headers: { ...users[3]!.headers, 'content-type': 'text/csv' },
      payload:
        'registrationCode,category,region,location,putIntoServiceDate,registeredOn\nEL-CUT,elevator,330106,site,2020-01-10,2020-01-20\n',
    })
    t.match(byImport.json(), {
      rejected: 1,
      errors: [{ line: 2, field: 'registrationCode', message: /already registered/ }],
    })
    const retried = await post(team, '/equipment-registrations/cut-app/accept', acceptance('EL-CUT'))
    t.equal(retried.statusCode, 201, retried.body)
    t.same(
      (retried.json().events as { type: string }[]).map((e) => e.type),
      ['EquipmentRegistrationAccepted', 'EquipmentRegistered'],
    )
    t.equal(await logged('RegistrationCodeClaimed', 'EL-CUT'), 1, 'its own claim, reused')
  })

  t.test('a claim whose application was answered otherwise is released, and the code is free', async (t) => {
    await ok(users[4]!, '/equipment-registrations', application('refused-app'))
    await ok(users[5]!, '/equipment-registrations', application('next-app'))
    await orphanClaim('EL-FREED', 'refused-app', users[4]!)
    await ok(team, '/equipment-registrations/refused-app/refuse', { reason: 'no report', refusedOn: '2026-05-21' })
    const accepted = await post(team, '/equipment-registrations/next-app/accept', acceptance('EL-FREED'))
    t.equal(accepted.statusCode, 201, accepted.body)
    t.same(
      (await inner.readStream('code-claim-EL-FREED')).map((e) => [
        e.type,
        (e.data as { applicationId?: string }).applicationId,
      ]),
      [
        ['RegistrationCodeClaimed', 'refused-app'],
        ['RegistrationCodeReleased', 'refused-app'],
        ['RegistrationCodeClaimed', 'next-app'],
      ],
    )
    t.equal(await logged('EquipmentRegistered', 'EL-FREED'), 1)
  })

  t.test('an import reports a code claimed or registered as taken, dry run and real, line for line', async (t) => {
    await ok(users[6]!, '/equipment', transcribed('EL-IMP-TAKEN'))
    const csv = [
      'registrationCode,category,region,location,putIntoServiceDate,registeredOn',
      'EL-IMP-TAKEN,elevator,330106,site,2020-01-10,2020-01-20',
      'EL-RACE-1,elevator,330106,site,2020-01-10,2020-01-20',
      'EL-IMP-NEW,elevator,330106,site,2020-01-10,2020-01-20',
    ].join('\n')
    const send = (query: string) =>
      app.inject({
        method: 'POST',
        url: `/imports/equipment${query}`,
        headers: { ...users[7]!.headers, 'content-type': 'text/csv' },
        payload: csv,
      })
    const expected = {
      rows: 3,
      rejected: 2,
      errors: [
        { line: 2, field: 'registrationCode', message: /already registered/ },
        { line: 3, field: 'registrationCode', message: /already registered/ },
      ],
    }
    t.match((await send('?dryRun=true')).json(), { ...expected, dryRun: true, recorded: 0 })
    t.match((await send('')).json(), { ...expected, recorded: 1 })
    t.equal(await logged('RegistrationCodeClaimed', 'EL-IMP-NEW'), 1, 'the new row claimed its code')
    t.match((await send('')).json(), { ...expected, recorded: 0, alreadyRecorded: 1 }, 'again: nothing twice')
    t.equal(await logged('RegistrationCodeClaimed', 'EL-IMP-NEW'), 1)
    // A claim by an import holds against a later transcription by another organisation.
    const other = await post(users[8]!, '/equipment', transcribed('EL-IMP-NEW'))
    t.equal(other.statusCode, 409)
  })

  t.test('20 imports of one code by 20 organisations, in flight together: one records it', async (t) => {
    const replies = await Promise.all(
      users.map((u) =>
        app.inject({
          method: 'POST',
          url: '/imports/equipment',
          headers: { ...u.headers, 'content-type': 'text/csv' },
          payload:
            'registrationCode,category,region,location,putIntoServiceDate,registeredOn\nEL-RACE-IMP,elevator,330106,site,2020-01-10,2020-01-20\n',
        }),
      ),
    )
    const reports = replies.map((r) => r.json() as { recorded: number; rejected: number })
    t.equal(reports.filter((r) => r.recorded === 1).length, 1, 'one recorded')
    t.equal(reports.filter((r) => r.rejected === 1).length, 19, 'the others report it taken')
    t.equal(await logged('EquipmentRegistered', 'EL-RACE-IMP'), 1)
    t.equal(await logged('RegistrationCodeClaimed', 'EL-RACE-IMP'), 1)
  })
})
