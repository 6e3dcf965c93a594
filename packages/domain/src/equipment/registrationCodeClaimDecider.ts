import type { EquipmentEvent } from '@gsr/events/equipment'
import { DomainError, type Decider } from '../Decider.ts'
import type { RegistrationApplicationState } from './registrationApplicationDecider.ts'

/**
 * Stream `code-claim-<registrationCode>`: one holder per registration code. Every write that
 * records `EquipmentRegistered` claims the code here first (the store appends atomically to one
 * stream only, so the claim is its own append, made before the others):
 *
 * - an authority's (or the automatic policy's) acceptance claims it for the application;
 * - a transcribed registration (`POST /equipment`, a register import) claims it for the
 *   organisation that records it.
 *
 * The same holder claiming again (a retry, a crash between the claim and the acceptance) reuses
 * its claim and records nothing; another holder is refused (`registration-code-taken`). A claim
 * for an application answered otherwise (refused, or accepted under another code: its
 * acceptance failed after the claim) is released (`releasableClaim`), and the code is free again.
 */
export interface CodeHolder {
  readonly organisationId: string
  /** Absent: a registration already issued, transcribed by `organisationId`. */
  readonly applicationId?: string | undefined
}

export type RegistrationCodeClaimCommand =
  | {
      type: 'ClaimRegistrationCode'
      data: { registrationCode: string; holder: CodeHolder; region: string; claimedOn: string }
    }
  | {
      type: 'ReleaseRegistrationCode'
      data: {
        applicationId: string
        reason: 'application-accepted-under-another-code' | 'application-refused'
        releasedOn: string
      }
    }

export interface RegistrationCodeClaimState {
  /** The holder, while the code is claimed. */
  readonly claim?: { readonly registrationCode: string; readonly region: string } & CodeHolder
}

export const sameHolder = (a: CodeHolder, b: CodeHolder): boolean =>
  a.organisationId === b.organisationId && a.applicationId === b.applicationId

export function registrationCodeTaken(): DomainError {
  return new DomainError(
    'registration-code-taken',
    { en: 'this registration code is already registered', 'zh-CN': '登记编号已被使用' },
    ['registrationCode'],
  )
}

/** Who holds the code for a row or request: `mine` (a retry), `free`, or `taken` by another. */
export function claimStatus(state: RegistrationCodeClaimState, holder: CodeHolder): 'mine' | 'free' | 'taken' {
  if (!state.claim) return 'free'
  return sameHolder(state.claim, holder) ? 'mine' : 'taken'
}

/**
 * The release a claim held for an application calls for, given that application's state: its
 * acceptance failed after the claim if the application was refused or accepted under another
 * code (both final, so the claim can never be used). Undefined while the application is open (an
 * acceptance may be in flight, or its retry will complete it) or accepted under this code.
 */
export function releasableClaim(
  state: RegistrationCodeClaimState,
  holderApplication: RegistrationApplicationState,
): Extract<RegistrationCodeClaimCommand, { type: 'ReleaseRegistrationCode' }>['data']['reason'] | undefined {
  if (!state.claim?.applicationId) return undefined
  if (holderApplication.status === 'refused') return 'application-refused'
  if (
    holderApplication.status === 'accepted' &&
    holderApplication.issued?.registrationCode !== state.claim.registrationCode
  ) {
    return 'application-accepted-under-another-code'
  }
  return undefined
}

function decide(command: RegistrationCodeClaimCommand, state: RegistrationCodeClaimState): EquipmentEvent[] {
  switch (command.type) {
    case 'ClaimRegistrationCode': {
      const c = command.data
      const status = claimStatus(state, c.holder)
      if (status === 'mine') return []
      if (status === 'taken') throw registrationCodeTaken()
      return [
        {
          type: 'RegistrationCodeClaimed',
          data: {
            registrationCode: c.registrationCode,
            organisationId: c.holder.organisationId,
            region: c.region,
            ...(c.holder.applicationId !== undefined ? { applicationId: c.holder.applicationId } : {}),
            claimedOn: c.claimedOn,
          },
        },
      ]
    }
    case 'ReleaseRegistrationCode': {
      const c = command.data
      // Released already, or held by someone else by now: nothing to release.
      if (state.claim?.applicationId !== c.applicationId) return []
      return [
        {
          type: 'RegistrationCodeReleased',
          data: {
            registrationCode: state.claim.registrationCode,
            organisationId: state.claim.organisationId,
            region: state.claim.region,
            applicationId: c.applicationId,
            reason: c.reason,
            releasedOn: c.releasedOn,
          },
        },
      ]
    }
  }
}

function evolve(state: RegistrationCodeClaimState, event: EquipmentEvent): RegistrationCodeClaimState {
  switch (event.type) {
    case 'RegistrationCodeClaimed': {
      const { registrationCode, region, organisationId, applicationId } = event.data
      return { claim: { registrationCode, region, organisationId, ...(applicationId ? { applicationId } : {}) } }
    }
    case 'RegistrationCodeReleased':
      return {}
    default:
      return state
  }
}

export const registrationCodeClaimDecider: Decider<
  RegistrationCodeClaimCommand,
  EquipmentEvent,
  RegistrationCodeClaimState
> = { initialState: () => ({}), evolve, decide }
