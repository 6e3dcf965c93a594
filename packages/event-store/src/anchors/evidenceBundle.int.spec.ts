import { generateKeyPairSync } from 'node:crypto'
import t from 'tap'
import { runMigrations } from '@gsr/db'
import { forEachDatabase } from '@gsr/db/testing'
import { createPostgresEventStore } from '../postgres/createPostgresEventStore.ts'
import { eventStoreMigrations } from '../postgres/eventStoreMigrations.ts'
import { newEvent, readAllUntil } from '../testing/index.ts'
import { anchorMigrations } from './anchorMigrations.ts'
import { recordAnchor } from './anchorLog.ts'
import { publicKeyText } from './anchorSigning.ts'
import { NotAnchoredError, proveEvents, verifyEvidenceProof, type EvidenceProof } from './evidenceBundle.ts'

const { privateKey } = generateKeyPairSync('ed25519')
const trusted = [publicKeyText(privateKey)]
const copy = (proof: EvidenceProof) => JSON.parse(JSON.stringify(proof)) as EvidenceProof

forEachDatabase(t, async (t, db) => {
  await runMigrations(db.client, [...eventStoreMigrations, ...anchorMigrations])
  const store = createPostgresEventStore(db.client)
  t.teardown(() => store.close())
  for (let i = 0; i < 4; i++) {
    await store.appendToStream('pipeline-P9', [newEvent('Stage', { i, note: '施工告知' })])
    await store.appendToStream(`equipment-E${i}`, [newEvent('Registered', { i })])
  }
  await readAllUntil(store, {}, (events) => events.length >= 8)
  await recordAnchor(store, db.client, privateKey)

  t.test('a proof of events up to the signed anchor verifies offline, from JSON', async (t) => {
    const proof = copy(
      await proveEvents(store, db.client, [
        { streamName: 'pipeline-P9', revision: 1 },
        { streamName: 'equipment-E2', revision: 0 },
      ]),
    )
    t.equal(proof.events[0]!.laterDigests.length, 2, 'stepped over revisions 2 and 3 by their digests')
    t.same(verifyEvidenceProof(proof, trusted), [])
    t.same(verifyEvidenceProof(proof), [], 'with the bundle’s own key')
  })

  t.test('one byte changed in one event: the failure names that event', async (t) => {
    const proof = copy(
      await proveEvents(store, db.client, [
        { streamName: 'pipeline-P9', revision: 1 },
        { streamName: 'equipment-E2', revision: 0 },
      ]),
    )
    const target = proof.events[1]!.event
    ;(target.data as { i: number }).i = 3
    const problems = verifyEvidenceProof(proof, trusted)
    t.equal(problems.length, 1)
    t.match(
      problems[0],
      `event ${target.id} (stream equipment-E2, revision 0, Registered): its content does not match its hash`,
    )

    const later = copy(await proveEvents(store, db.client, [{ streamName: 'pipeline-P9', revision: 1 }]))
    const [second, third] = later.events[0]!.laterDigests
    ;(later.events[0] as unknown as { laterDigests: string[] }).laterDigests = [third!, second!]
    t.match(verifyEvidenceProof(later, trusted), [
      /pipeline-P9, revision 1.*does not lead to the stream's anchored head/,
    ])

    const moved = copy(await proveEvents(store, db.client, [{ streamName: 'pipeline-P9', revision: 1 }]))
    ;(moved.events[0] as unknown as { steps: unknown[] }).steps = moved.events[0]!.steps.slice(1)
    t.match(verifyEvidenceProof(moved, trusted), [/not under anchor 1's root/])
  })

  t.test('the anchor: another key, a changed statement', async (t) => {
    const proof = copy(await proveEvents(store, db.client, [{ streamName: 'equipment-E1', revision: 0 }]))
    const other = publicKeyText(generateKeyPairSync('ed25519').privateKey)
    t.match(verifyEvidenceProof(proof, [other]), [/not trusted/])
    const changed = copy(proof)
    ;(changed.anchor.statement as { anchoredAt: string }).anchoredAt = '2020-01-01T00:00:00.000Z'
    t.match(verifyEvidenceProof(changed, trusted), [/signature does not match/])
  })

  t.test('an event recorded after the latest anchor cannot be proven yet', async (t) => {
    await store.appendToStream('equipment-E1', [newEvent('Inspected')])
    await t.rejects(proveEvents(store, db.client, [{ streamName: 'equipment-E1', revision: 1 }]), NotAnchoredError)
  })
})
