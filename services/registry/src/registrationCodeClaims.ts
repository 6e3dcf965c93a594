import { handleCommand } from '@gsr/event-store'
import { registrationApplicationStreamName, registrationCodeClaimStreamName } from '@gsr/events/equipment'
import {
  claimStatus,
  registrationApplicationDecider,
  registrationCodeClaimDecider,
  releasableClaim,
  type CodeHolder,
} from '@gsr/domain/equipment'
import {
  eventMetadata,
  loadState,
  recordCommand,
  type Recorded,
  type ServiceContext,
  requestToday,
} from '@gsr/http-kit'
import type { FastifyRequest } from 'fastify'
import { occurredOn } from './routeHelpers.ts'

/**
 * A registration code is held by one registration (`registrationCodeClaimDecider`): every write
 * that records `EquipmentRegistered` claims the code on `code-claim-<code>` first, then writes
 * the rest. The store appends atomically to one stream only (KurrentDB has no multi-stream
 * transaction), so this is claim-first on every store; two writers of one code race on the claim
 * stream's revision and one wins, the other is refused (409 `registration-code-taken`) before it
 * wrote anything else.
 */
const claimStream = registrationCodeClaimStreamName

/**
 * Releases the claim on `code` if it is held for an application answered otherwise (refused, or
 * accepted under another code): the acceptance that claimed it failed after the claim. Returns
 * whether it released one. Its events get new ids: a request's Idempotency-Key names its claim.
 */
export async function releaseStaleClaim(ctx: ServiceContext, request: FastifyRequest, code: string): Promise<boolean> {
  const state = await loadState(ctx.eventStore, claimStream(code), registrationCodeClaimDecider)
  const applicationId = state.claim?.applicationId
  if (!applicationId) return false
  const holder = await loadState(
    ctx.eventStore,
    registrationApplicationStreamName(applicationId),
    registrationApplicationDecider,
  )
  const reason = releasableClaim(state, holder)
  if (!reason) return false
  const releasedOn = requestToday(request)
  await handleCommand(
    ctx.eventStore,
    claimStream(code),
    registrationCodeClaimDecider,
    { type: 'ReleaseRegistrationCode', data: { applicationId, reason, releasedOn } },
    { metadata: eventMetadata(request, occurredOn(releasedOn)) },
  )
  return true
}

/**
 * Claims `code` for `holder` (an application being accepted, or an organisation transcribing a
 * registration already issued): recorded once; the same holder again reuses its claim and
 * records nothing (a retry, or one that completes an acceptance a crash cut short); another
 * holder's claim refuses it (DomainError `registration-code-taken`), unless that claim is stale
 * (`releaseStaleClaim`), which is released first.
 */
export async function claimRegistrationCode(
  ctx: ServiceContext,
  request: FastifyRequest,
  claim: { registrationCode: string; holder: CodeHolder; region: string; claimedOn: string },
): Promise<Recorded> {
  const state = await loadState(ctx.eventStore, claimStream(claim.registrationCode), registrationCodeClaimDecider)
  if (claimStatus(state, claim.holder) === 'taken') await releaseStaleClaim(ctx, request, claim.registrationCode)
  return recordCommand(
    ctx,
    request,
    claimStream(claim.registrationCode),
    registrationCodeClaimDecider,
    { type: 'ClaimRegistrationCode', data: claim },
    occurredOn(claim.claimedOn),
  )
}
