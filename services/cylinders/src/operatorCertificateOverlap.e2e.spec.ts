import { randomUUID } from 'node:crypto'
import t, { type Test } from 'tap'
import { waitUntilReadable } from '@gsr/event-store/testing'
import { fixedClock } from '@gsr/domain'
import { cylinderTypeRuleOn } from '@gsr/domain/cylinders'
import { forEachDatabase } from '@gsr/db/testing'
import { catchUpProjections, createTestApp, credentialFor, type TestCredential } from '@gsr/http-kit/testing'
import { cylindersService } from './cylindersService.ts'

// 2026-06-01 10:00 China time.
const clock = fixedClock('2026-06-01T02:00:00Z')

const lpg = cylinderTypeRuleOn('lpg_welded_steel', '2026-06-01').rule
const allOk = (items: readonly string[]) => items.map((item) => ({ item, answer: 'ok' }))

/**
 * A person may hold certificates of one work category from several regions. A suspension or
 * revocation of any of them binds the person under all of them, in either order: a certificate
 * held before another region suspends its own does not carry the person on (the pre-fill check
 * denies, the fill's findings say so), and a revocation binds until a certificate issued for the
 * category is valid from a later day (re-certification). A new term is not dated into another
 * certificate's sanction: an issue is refused (409 naming the blocking certificate and its
 * region, nothing written) while another certificate of the person covering the category is
 * suspended and not reinstated, whoever issues it (another region, or the suspending region under
 * a second number), and when its validFrom is back-dated to or over a suspension or the
 * revocation day of another one; a renewal of another certificate likewise.
 */
forEachDatabase(t, async (t, db) => {
  const app = await createTestApp([cylindersService], { db, clock })
  t.teardown(() => app.close())
  const hangzhou = await credentialFor(app, { kind: 'enforcement', region: '330100' })
  const ningbo = await credentialFor(app, { kind: 'enforcement', region: '330200' })
  const station = await credentialFor(app, { kind: 'filling_station', region: '330106' })
  const post = (who: TestCredential, url: string, payload: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, headers: { ...who.headers, ...headers }, payload: payload as object })
  const events = async () =>
    Number((await db.client.query<{ n: string }>('SELECT count(*)::text AS n FROM es_events')).rows[0]?.n)
  const validityOn = async (personId: string, day: string) => {
    await waitUntilReadable(db.client)
    await catchUpProjections(app)
    const res = await app.inject({
      method: 'GET',
      url: `/operators/${personId}/validity?category=P&at=${day}T02:00:00Z`,
      headers: station.headers,
    })
    return res.json().status as string
  }
  const issue = (
    who: TestCredential,
    personId: string,
    certificateNo: string,
    validFrom: string,
    categories = ['P'],
    headers: Record<string, string> = {},
  ) =>
    post(
      who,
      '/operators/certificates',
      {
        personId,
        name: 'Li Si',
        certificateNo,
        categories,
        validFrom,
        validUntil: '2029-12-31',
        employerOrganisationId: station.organisationId,
      },
      headers,
    )
  const created = async (t: Test, res: Awaited<ReturnType<typeof post>>) => t.equal(res.statusCode, 201, res.body)
  /** Refused 409 with `code`, naming the blocking certificate and its region, nothing written. */
  const refused = async (
    t: Test,
    send: () => ReturnType<typeof post>,
    code: string,
    blocking: { certificateNo: string; region: string },
    field: string,
    detail = /suspended|revoked/,
  ) => {
    const before = await events()
    const res = await send()
    t.equal(res.statusCode, 409, res.body)
    t.match(res.headers['content-type'], /application\/problem\+json/)
    t.match(res.json(), {
      type: `urn:gsr:problem:${code}`,
      errors: [{ field }],
      detail: new RegExp(`${blocking.certificateNo}.*${blocking.region}`),
    })
    t.match(res.json().detail, detail)
    t.equal(await events(), before, 'nothing written')
  }

  t.test('an open suspension is lifted by no new certificate, from any region', async (t) => {
    await created(t, await issue(hangzhou, 'op-s', 'P-A9', '2026-01-01'))
    await created(
      t,
      await post(hangzhou, '/operators/op-s/certificates/P-A9/suspend', {
        suspendedFrom: '2026-05-01',
        reason: 'unsafe filling',
      }),
    )
    t.equal(await validityOn('op-s', '2026-05-20'), 'suspended')

    const blocking = { certificateNo: 'P-A9', region: '330100' }
    await refused(
      t,
      () => issue(ningbo, 'op-s', 'P-B9', '2026-05-20'),
      'certificate-suspended-elsewhere',
      blocking,
      'categories',
    )
    // The suspending region under a second number, bypassing its own reinstatement.
    await refused(
      t,
      () => issue(hangzhou, 'op-s', 'P-A10', '2026-06-01'),
      'certificate-suspended-elsewhere',
      blocking,
      'categories',
    )
    // A certificate covering the suspended category among others; the message in Chinese.
    await refused(
      t,
      () => issue(ningbo, 'op-s', 'P-B9', '2026-05-20', ['R2', 'P'], { 'accept-language': 'zh-CN' }),
      'certificate-suspended-elsewhere',
      blocking,
      'categories',
      /暂停/,
    )
    t.equal(await validityOn('op-s', '2026-05-20'), 'suspended', 'still suspended')

    // Another work category is not covered by the suspended certificate.
    await created(t, await issue(ningbo, 'op-s', 'R2-B9', '2026-05-20', ['R2']))
    t.equal(await validityOn('op-s', '2026-05-20'), 'suspended')
  })

  t.test('after the reinstatement, validFrom may not reach back over the suspension', async (t) => {
    await created(
      t,
      await post(hangzhou, '/operators/op-s/certificates/P-A9/reinstate', { reinstatedOn: '2026-05-25' }),
    )
    const blocking = { certificateNo: 'P-A9', region: '330100' }
    for (const validFrom of ['2026-05-10', '2026-05-24', '2026-04-01'])
      await refused(
        t,
        () => issue(ningbo, 'op-s', 'P-B9', validFrom),
        'certificate-suspended-elsewhere',
        blocking,
        'validFrom',
      )
    await created(t, await issue(ningbo, 'op-s', 'P-B9', '2026-05-25'))
    t.equal(await validityOn('op-s', '2026-05-20'), 'suspended', 'the suspended days stay suspended')
    t.equal(await validityOn('op-s', '2026-05-25'), 'valid')
  })

  t.test('a revocation is not erased by a back-dated certificate; re-certification after it is allowed', async (t) => {
    await created(t, await issue(hangzhou, 'op-r', 'P-R1', '2026-01-01'))
    await created(
      t,
      await post(hangzhou, '/operators/op-r/certificates/P-R1/revoke', { revokedOn: '2026-05-01', reason: 'fraud' }),
    )
    const blocking = { certificateNo: 'P-R1', region: '330100' }
    for (const [who, validFrom] of [
      [ningbo, '2026-05-01'],
      [ningbo, '2026-03-01'],
      [hangzhou, '2026-04-15'],
    ] as const)
      await refused(t, () => issue(who, 'op-r', 'P-R2', validFrom), 'certificate-revoked', blocking, 'validFrom')
    t.equal(await validityOn('op-r', '2026-05-01'), 'revoked')

    await created(t, await issue(ningbo, 'op-r', 'P-R2', '2026-05-02'))
    t.equal(await validityOn('op-r', '2026-05-01'), 'revoked', 'the revocation day stays revoked')
    t.equal(await validityOn('op-r', '2026-05-02'), 'valid', 're-certified')
  })

  t.test('a certificate revoked while suspended blocks nothing after its revocation day', async (t) => {
    await created(t, await issue(hangzhou, 'op-x', 'P-X1', '2026-01-01'))
    await created(
      t,
      await post(hangzhou, '/operators/op-x/certificates/P-X1/suspend', { suspendedFrom: '2026-03-01', reason: 'x' }),
    )
    await created(
      t,
      await post(hangzhou, '/operators/op-x/certificates/P-X1/revoke', { revokedOn: '2026-04-01', reason: 'fraud' }),
    )
    await refused(
      t,
      () => issue(ningbo, 'op-x', 'P-X2', '2026-03-15'),
      'certificate-revoked',
      { certificateNo: 'P-X1', region: '330100' },
      'validFrom',
    )
    await created(t, await issue(ningbo, 'op-x', 'P-X2', '2026-04-02'))
    t.equal(await validityOn('op-x', '2026-03-15'), 'suspended')
    t.equal(await validityOn('op-x', '2026-04-02'), 'valid')
  })
  t.test('the reverse order: a certificate held before another region suspends its own carries no one', async (t) => {
    const res = await post(station, '/cylinders', {
      cylinderCode: 'REV-0001',
      cylinderType: 'lpg_welded_steel',
      gas: 'LPG',
      manufacturer: 'Works',
      manufactureDate: '2024-03-01',
    })
    t.equal(res.statusCode, 201, res.body)
    const check = async (operatorId: string) => {
      await waitUntilReadable(db.client)
      await catchUpProjections(app)
      const res = await post(station, '/fill-checks', { cylinderCode: 'REV-0001', operatorId })
      t.equal(res.statusCode, 200, res.body)
      const answer = res.json() as { checkId: string; decision: string; reasons: { code: string }[] }
      const [recorded] = await app.kit.eventStore.readStream(`fillcheck-${answer.checkId}`)
      const basis = (recorded?.data as { basis: { operatorCertificateStatus?: string } }).basis
      return { decision: answer.decision, reasons: answer.reasons.map((r) => r.code), basis }
    }
    const fill = async (operatorId: string) => {
      const res = await post(station, '/fills', {
        fillId: randomUUID(),
        cylinderCode: 'REV-0001',
        operatorId,
        filledAt: '2026-06-01T01:30:00Z',
        gas: 'LPG',
        quantityKg: 14.5,
        preFillChecks: allOk(lpg.preFillItems),
        postFillChecks: allOk(lpg.postFillItems),
      })
      t.equal(res.statusCode, 201, res.body)
      return res.json().findings.reasons as string[]
    }
    const denied = { decision: 'deny', reasons: ['operator_not_certified'] }

    // Ningbo's certificate first, then Hangzhou's; Hangzhou suspends its own.
    await created(t, await issue(ningbo, 'op-rev', 'P-N1', '2026-01-01'))
    await created(t, await issue(hangzhou, 'op-rev', 'P-H1', '2026-02-01'))
    t.match(await check('op-rev'), { decision: 'allow', basis: { operatorCertificateStatus: 'valid' } })
    await created(
      t,
      await post(hangzhou, '/operators/op-rev/certificates/P-H1/suspend', {
        suspendedFrom: '2026-05-20',
        reason: 'unsafe filling',
      }),
    )
    t.match(await check('op-rev'), { ...denied, basis: { operatorCertificateStatus: 'suspended' } })
    t.same(await fill('op-rev'), ['operator_not_certified'], 'the fill is found uncertified')
    t.equal(await validityOn('op-rev', '2026-05-20'), 'suspended')
    t.equal(await validityOn('op-rev', '2026-05-19'), 'valid', 'the days before stay valid')
    await created(
      t,
      await post(hangzhou, '/operators/op-rev/certificates/P-H1/reinstate', { reinstatedOn: '2026-06-01' }),
    )
    t.match(await check('op-rev'), { decision: 'allow' }, 'lifted by its own region')
    t.equal(await validityOn('op-rev', '2026-05-31'), 'suspended', 'the suspended days stay suspended')

    // Revoked in Hangzhou: binds until a certificate is issued valid from a later day.
    await created(t, await issue(ningbo, 'op-rev2', 'P-N2', '2026-01-01'))
    await created(t, await issue(hangzhou, 'op-rev2', 'P-H2', '2026-02-01'))
    await created(
      t,
      await post(hangzhou, '/operators/op-rev2/certificates/P-H2/revoke', { revokedOn: '2026-05-20', reason: 'fraud' }),
    )
    t.match(await check('op-rev2'), { ...denied, basis: { operatorCertificateStatus: 'revoked' } })
    t.same(await fill('op-rev2'), ['operator_not_certified'])
    await created(t, await issue(ningbo, 'op-rev2', 'P-N3', '2026-06-01'))
    t.match(await check('op-rev2'), { decision: 'allow' }, 're-certified')
    t.equal(await validityOn('op-rev2', '2026-05-31'), 'revoked')
  })

  t.test('a renewal may not be dated back over another certificate’s suspension', async (t) => {
    // Ningbo's certificate ran out on 2026-04-30; Hangzhou suspended its own in May.
    await created(
      t,
      await post(ningbo, '/operators/certificates', {
        personId: 'op-ren',
        name: 'Li Si',
        certificateNo: 'P-N4',
        categories: ['P'],
        validFrom: '2022-06-01',
        validUntil: '2026-04-30',
      }),
    )
    await created(t, await issue(hangzhou, 'op-ren', 'P-H4', '2026-02-01'))
    await created(
      t,
      await post(hangzhou, '/operators/op-ren/certificates/P-H4/suspend', {
        suspendedFrom: '2026-05-10',
        suspendedUntil: '2026-05-20',
        reason: 'unsafe filling',
      }),
    )
    const renew = (body: object) => post(ningbo, '/operators/op-ren/certificates/P-N4/renew', body)
    // Reviewed in June, its new term back-dated over the suspended days.
    await refused(
      t,
      () => renew({ renewedOn: '2026-06-01', validFrom: '2026-05-01', validUntil: '2030-04-30' }),
      'certificate-suspended-elsewhere',
      { certificateNo: 'P-H4', region: '330100' },
      'validFrom',
    )
    await created(t, await renew({ renewedOn: '2026-06-01', validFrom: '2026-05-21', validUntil: '2030-05-20' }))
    t.equal(await validityOn('op-ren', '2026-05-15'), 'suspended')
    t.equal(await validityOn('op-ren', '2026-05-21'), 'valid')
  })
})
