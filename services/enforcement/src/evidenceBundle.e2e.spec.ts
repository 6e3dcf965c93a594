import { generateKeyPairSync, randomBytes } from 'node:crypto'
import t from 'tap'
import { forEachDatabase } from '@gsr/db/testing'
import { fixedClock } from '@gsr/domain'
import { createPostgresEventStore, listAnchors, verifyEvidenceProof, type EvidenceProof } from '@gsr/event-store'
import { identity } from '@gsr/http-kit'
import { catchUpProjections, createTestApp, credentialFor } from '@gsr/http-kit/testing'
import { appendVisibly, enforcementScenario } from '@gsr/read-models/testing'
import { enforcementService } from './enforcementService.ts'

/** What `gsr verify-bundle` reads from a file: the proof under `proof` (scripts/gsr/verifyBundleCommand.ts). */
function proofOfFile(text: string): EvidenceProof {
  const parsed = JSON.parse(text) as { proof?: unknown; format?: unknown }
  return (parsed.format === undefined && parsed.proof ? parsed.proof : parsed) as EvidenceProof
}

forEachDatabase(t, async (t, db) => {
  const eventStore = createPostgresEventStore(db.client)
  const { privateKey } = generateKeyPairSync('ed25519')
  const app = await createTestApp([enforcementService], {
    db,
    eventStore,
    clock: fixedClock('2025-06-30T12:00:00+08:00'),
    config: {
      authSecret: randomBytes(32).toString('base64url'),
      anchorSigningKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    },
  })
  t.teardown(() => app.close())
  await appendVisibly(eventStore, [...enforcementScenario('330106', 'a-'), ...enforcementScenario('330108', 'b-')])
  await catchUpProjections(app)
  const hostile = '<script>alert("x")</script> & 充装站'
  await identity.createOrganisation(db.client, {
    id: 'a-station-1',
    kind: 'filling_station',
    name: hostile,
    region: '330106',
  })
  const county = await credentialFor(app, { kind: 'enforcement', region: '330106' })
  const otherCounty = await credentialFor(app, { kind: 'enforcement', region: '330108' })
  const get = (url: string, headers: Record<string, string>) => app.inject({ method: 'GET', url, headers })
  const revoked = (await get('/enforcement/violations?subReason=certificate_revoked', county.headers)).json().items[0]
  const url = `/enforcement/violations/${encodeURIComponent(revoked.id)}/evidence-bundle`

  t.equal((await listAnchors(db.client)).length, 0, 'no anchor before the first bundle')
  // A server without a signing key cannot anchor: a clear 503, nothing recorded.
  const keyless = await createTestApp([enforcementService], { db, eventStore, config: { mode: 'postgres' } })
  const keylessTeam = await credentialFor(keyless, { kind: 'enforcement', region: '330106' })
  const refused = await keyless.inject({ method: 'GET', url, headers: keylessTeam.headers })
  await keyless.close()
  t.equal(refused.statusCode, 503)
  t.match(refused.json(), { detail: /ANCHOR_SIGNING_KEY/ })
  t.equal((await listAnchors(db.client)).length, 0)
  const res = await get(url, county.headers)
  t.equal(res.statusCode, 200, res.body.slice(0, 500))
  t.match(res.headers['content-disposition'], /^attachment; filename="evidence-[A-Za-z0-9._-]+\.json"$/)
  const bundle = res.json()

  t.test('one file: the violation, its events with hashes, rule versions, actors', async (t) => {
    t.equal((await listAnchors(db.client)).length, 1, 'an anchor recorded on demand')
    t.equal(bundle.violation.id, revoked.id)
    t.same(
      bundle.events.map((e: { type: string }) => e.type),
      ['CylinderFilled', 'OperatorCertificateRevoked'],
    )
    t.ok(bundle.events.every((e: { hash: string }) => /^[0-9a-f]{64}$/.test(e.hash)))
    t.same(
      bundle.events.map((e: { hash: string }) => e.hash),
      bundle.proof.events.map((p: { hash: string }) => p.hash),
    )
    t.same(bundle.actors[0], { organisationId: 'a-station-1', name: hostile })
    t.same(bundle.ruleVersions, [], 'a revoked certificate: no rule table applied')
    // A second bundle reuses the anchor that now covers the events.
    t.equal((await get(url, county.headers)).statusCode, 200)
    t.equal((await listAnchors(db.client)).length, 1)
  })

  t.test('verifies offline with what verify-bundle runs', async (t) => {
    t.same(verifyEvidenceProof(proofOfFile(res.body)), [])
    const publicKey = bundle.proof.anchor.publicKey as string
    t.same(verifyEvidenceProof(proofOfFile(res.body), [publicKey]), [], 'signed with the server key')
  })

  t.test('rule versions: the cylinder-type rules its registration applied', async (t) => {
    const refurbished = (await get('/enforcement/violations?subReason=refurbished', county.headers)).json().items[0]
    const res = await get(
      `/enforcement/violations/${encodeURIComponent(refurbished.id)}/evidence-bundle`,
      county.headers,
    )
    t.same(res.json().ruleVersions, ['cylinderTypeRules/2026-1'])
    t.same(verifyEvidenceProof(proofOfFile(res.body)), [])
  })

  t.test('one byte of one event’s data changed: fails naming that event', async (t) => {
    const tampered = JSON.parse(res.body)
    const target = tampered.proof.events[1].event
    t.equal(target.data.revokedOn, '2025-03-01')
    target.data.revokedOn = '2025-03-02'
    const problems = verifyEvidenceProof(proofOfFile(JSON.stringify(tampered)))
    t.equal(problems.length, 1)
    t.match(problems[0], `event ${target.id as string}`)
    t.match(problems[0], 'does not match its hash')
  })

  t.test('another region’s team gets 404', async (t) => {
    const res = await get(url, otherCounty.headers)
    t.equal(res.statusCode, 404)
    t.notMatch(res.body, 'summaryHtml')
  })

  t.test('the summary page is bilingual and escapes what the directory holds', async (t) => {
    const html = bundle.summaryHtml as string
    t.match(html, '<html lang="zh-CN">')
    t.match(html, '违法行为证据包')
    t.match(html, 'Evidence bundle')
    t.notMatch(html, '<script')
    t.match(html, '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 充装站')
    t.match(html, bundle.events[0].hash)
  })
})
