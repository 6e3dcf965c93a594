import type { KeyObject } from 'node:crypto'
import {
  AnchorRaceError,
  loadAnchorKey,
  NotAnchoredError,
  proveEvents,
  recordAnchor,
  type EvidenceProof,
} from '@gsr/event-store'
import { identity, ProblemError, type ServiceContext } from '@gsr/http-kit'
import type { ViolationRecord } from '@gsr/read-models/enforcement'
import type { z } from 'zod'
import { evidenceSummaryHtml } from './evidenceSummaryHtml.ts'
import type { Violation } from './violationSchemas.ts'

/**
 * The proof of these events up to the latest signed anchor; when none covers them yet, an
 * anchor is recorded now with the server's key (as `gsr anchor` does) and the proof retried.
 */
export async function proveUpToAnchor(
  ctx: ServiceContext,
  anchorKey: () => KeyObject | undefined,
  refs: readonly { streamName: string; revision: number }[],
): Promise<EvidenceProof> {
  try {
    return await proveEvents(ctx.eventStore, ctx.sql, refs)
  } catch (error) {
    if (!(error instanceof NotAnchoredError)) throw error
  }
  const key = anchorKey()
  if (!key)
    throw new ProblemError({
      code: 'not-ready',
      detail: {
        en: 'the events are not anchored yet and the server has no anchor-signing key (ANCHOR_SIGNING_KEY)',
        'zh-CN': '事件尚未锚定，且服务器未配置锚点签名密钥（ANCHOR_SIGNING_KEY）',
      },
    })
  try {
    await recordAnchor(ctx.eventStore, ctx.sql, key)
  } catch (error) {
    // Another anchor was recorded meanwhile (the periodic one, another request): it covers them.
    if (!(error instanceof AnchorRaceError)) throw error
  }
  return proveEvents(ctx.eventStore, ctx.sql, refs)
}

/** The server's anchor-signing key, as the launcher loads it (embedded: DATA_DIR's). */
export function serverAnchorKey(ctx: ServiceContext): () => KeyObject | undefined {
  let key: KeyObject | undefined
  return () =>
    (key ??= loadAnchorKey({
      configured: ctx.config.anchorSigningKey,
      ...(ctx.config.mode === 'embedded' ? { dataDir: ctx.config.dataDir, create: true } : {}),
    }))
}

/** Every `ruleVersion` named in the violation's details or its events' data (e.g. cylinderTypeRules/2026-1). */
function ruleVersionsOf(details: unknown, proof: EvidenceProof): string[] {
  const found = new Set<string>()
  for (const source of [details, ...proof.events.map((p) => p.event.data)])
    if (source && typeof source === 'object') {
      const value = (source as Record<string, unknown>)['ruleVersion']
      if (typeof value === 'string') found.add(value)
    }
  return [...found].sort()
}

/**
 * One file for a court or the police: the violation, its events with their hashes, the chain
 * proof up to a signed anchor under `proof` (what `gsr verify-bundle` checks offline), the rule
 * versions applied, the actors, and a printable zh-CN/English summary page.
 */
export async function evidenceBundle(
  ctx: ServiceContext,
  anchorKey: () => KeyObject | undefined,
  row: ViolationRecord,
  violation: z.infer<typeof Violation>,
) {
  const proof = await proveUpToAnchor(ctx, anchorKey, row.evidence)
  const organisationIds = [
    ...new Set([row.organisation_id, ...proof.events.map((p) => p.event.metadata.actor?.organisationId)]),
  ].filter((id): id is string => typeof id === 'string' && id.length > 0)
  const names = await identity.organisationNames(ctx.sql, organisationIds)
  const actors = organisationIds.map((id) => ({ organisationId: id, name: names.get(id) ?? null }))
  const events = proof.events.map((p) => ({
    id: p.event.id,
    type: p.event.type,
    streamName: p.event.streamName,
    revision: p.event.revision,
    recordedAt: p.event.recordedAt,
    hash: p.hash,
  }))
  const ruleVersions = ruleVersionsOf(row.details, proof)
  const generatedAt = ctx.clock.now().toISOString()
  const { statement } = proof.anchor
  return {
    generatedAt,
    violation,
    events,
    ruleVersions,
    actors,
    proof,
    summaryHtml: evidenceSummaryHtml({
      violation: {
        id: row.id,
        category: row.category,
        subReason: row.sub_reason,
        subjectKind: row.subject_kind,
        subjectId: row.subject_id,
        region: row.region,
        occurredAt: row.occurred_at.toISOString(),
        detectedAt: row.detected_at.toISOString(),
        status: row.status,
      },
      actors,
      events,
      ruleVersions,
      anchor: { sequence: statement.sequence, anchoredAt: statement.anchoredAt, root: statement.root },
      generatedAt,
    }),
  }
}
