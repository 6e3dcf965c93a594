import type { EquipmentAttributes, EquipmentCategory, EquipmentEvent } from '@gsr/events/equipment'
import { assertActsInRegion, assertKind, equipmentUsingKinds, type Actor } from '../Actor.ts'
import { DomainError, type Decider } from '../Decider.ts'
import type { StatedInspection } from './inspectionDecisions.ts'
import { gsrEventNamespace, uuidv5 } from './uuidv5.ts'

/**
 * Stream `registration-<applicationId>`: use registration as the field does it. The using
 * organisation applies (使用登记申请); the registration authority (登记机关) of the equipment's
 * region, an enforcement organisation whose region contains it, accepts it and issues the
 * registration code and the certificate number (使用登记证编号), or refuses it with a reason.
 * Codes are never the applicant's: a deployment may let the automatic acceptance policy issue
 * them instead (`AcceptRegistrationAutomatically`, numbers from `automaticRegistrationNumbers`).
 */
export type RegistrationApplicationCommand =
  | {
      type: 'ApplyForRegistration'
      data: {
        actor: Actor
        applicationId: string
        category: EquipmentCategory
        region: string
        location: string
        attributes: EquipmentAttributes
        manufacturer?: string | undefined
        serialNumber?: string | undefined
        putIntoServiceDate: string
        appliedOn: string
        lastInspection?: StatedInspection | undefined
      }
    }
  | {
      type: 'AcceptRegistration'
      data: { actor: Actor; registrationCode: string; certificateNumber: string; acceptedOn: string }
    }
  | { type: 'AcceptRegistrationAutomatically'; data: { acceptedOn: string } }
  | { type: 'RefuseRegistration'; data: { actor: Actor; reason: string; refusedOn: string } }

export type ApplicationStatus = 'none' | 'applied' | 'accepted' | 'refused'

export interface Application {
  readonly applicationId: string
  readonly organisationId: string
  readonly category: EquipmentCategory
  readonly region: string
  readonly location: string
  readonly attributes: EquipmentAttributes
  readonly manufacturer?: string | undefined
  readonly serialNumber?: string | undefined
  readonly putIntoServiceDate: string
  readonly appliedOn: string
  readonly statedLastInspection?: StatedInspection | undefined
}

export interface RegistrationApplicationState {
  readonly status: ApplicationStatus
  readonly application?: Application
  /** Once accepted: what the authority (or the policy) issued. */
  readonly issued?: {
    readonly registrationCode: string
    readonly certificateNumber: string
    readonly acceptedOn: string
  }
}

/** The kinds of organisation that are registration authorities (登记机关). */
export const registrationAuthorityKinds: readonly string[] = ['enforcement']

function refusal(code: string, en: string, zh: string, fields: string[]): DomainError {
  return new DomainError(code, { en, 'zh-CN': zh }, fields)
}

function pending(state: RegistrationApplicationState): Application {
  if (state.status === 'none' || !state.application) {
    throw refusal('application-not-found', 'no registration application with this id', '无此登记申请', [
      'applicationId',
    ])
  }
  if (state.status !== 'applied') {
    throw refusal(
      'application-already-decided',
      `the application is already ${state.status}`,
      state.status === 'accepted' ? '该申请已受理登记' : '该申请已被拒绝',
      ['applicationId'],
    )
  }
  return state.application
}

/** Accepted or refused by the registration authority of the equipment's region, never the applicant. */
function authorityOf(actor: Actor, application: Application): void {
  assertKind(actor, registrationAuthorityKinds)
  assertActsInRegion(actor, application.region)
}

function notBeforeApplication(application: Application, on: string, field: string): void {
  if (on < application.appliedOn) {
    throw refusal(
      'dated-before-application',
      `the application was made on ${application.appliedOn}; ${field} cannot be before it`,
      `申请日期为 ${application.appliedOn}，${field} 不能早于该日期`,
      [field],
    )
  }
}

/**
 * The numbers the automatic acceptance policy issues: derived from the application id, so a
 * retry issues the same ones, and prefixed so they are never mistaken for an authority's.
 */
export function automaticRegistrationNumbers(
  application: Pick<Application, 'applicationId' | 'region'>,
  acceptedOn: string,
): { registrationCode: string; certificateNumber: string } {
  const digest = uuidv5(`registration|${application.applicationId}`, gsrEventNamespace).replace(/-/g, '').toUpperCase()
  return {
    registrationCode: `AUTO-${application.region}-${digest.slice(0, 12)}`,
    certificateNumber: `AUTO-${application.region}-${acceptedOn.slice(0, 4)}-${digest.slice(12, 20)}`,
  }
}

function accepted(
  application: Application,
  issued: { registrationCode: string; certificateNumber: string },
  acceptedOn: string,
  by: { by: 'authority'; authorityOrganisationId: string } | { by: 'automatic_policy' },
): EquipmentEvent {
  return {
    type: 'EquipmentRegistrationAccepted',
    data: {
      applicationId: application.applicationId,
      organisationId: application.organisationId,
      region: application.region,
      registrationCode: issued.registrationCode,
      certificateNumber: issued.certificateNumber,
      acceptedOn,
      ...by,
    },
  }
}

/** The same acceptance again (a retry after a crash between its two appends) records nothing. */
function sameAcceptance(
  state: RegistrationApplicationState,
  issued: { registrationCode: string; certificateNumber: string },
): boolean {
  return (
    state.status === 'accepted' &&
    state.issued?.registrationCode === issued.registrationCode &&
    state.issued.certificateNumber === issued.certificateNumber
  )
}

function decide(command: RegistrationApplicationCommand, state: RegistrationApplicationState): EquipmentEvent[] {
  switch (command.type) {
    case 'ApplyForRegistration': {
      const c = command.data
      assertKind(c.actor, equipmentUsingKinds)
      if (state.status !== 'none') {
        throw refusal('application-already-recorded', 'this application id is already used', '该申请编号已存在', [
          'applicationId',
        ])
      }
      const stated = c.lastInspection
      if (stated && (stated.date < c.putIntoServiceDate || stated.date > c.appliedOn)) {
        throw refusal(
          'last-inspection-out-of-range',
          'the last inspection is between the put-into-service date and the application',
          '上次检验日期须在投入使用日期与申请日期之间',
          ['lastInspection.date'],
        )
      }
      return [
        {
          type: 'EquipmentRegistrationApplied',
          data: {
            applicationId: c.applicationId,
            organisationId: c.actor.organisationId,
            category: c.category,
            region: c.region,
            location: c.location,
            attributes: c.attributes,
            ...(c.manufacturer !== undefined ? { manufacturer: c.manufacturer } : {}),
            ...(c.serialNumber !== undefined ? { serialNumber: c.serialNumber } : {}),
            putIntoServiceDate: c.putIntoServiceDate,
            appliedOn: c.appliedOn,
            ...(stated ? { statedLastInspection: { date: stated.date, reportNumber: stated.reportNumber } } : {}),
          },
        },
      ]
    }
    case 'AcceptRegistration': {
      const c = command.data
      if (sameAcceptance(state, c)) return []
      const application = pending(state)
      authorityOf(c.actor, application)
      notBeforeApplication(application, c.acceptedOn, 'acceptedOn')
      return [
        accepted(application, c, c.acceptedOn, { by: 'authority', authorityOrganisationId: c.actor.organisationId }),
      ]
    }
    case 'AcceptRegistrationAutomatically': {
      const { acceptedOn } = command.data
      // A retry (perhaps on another day) of an acceptance already recorded records nothing.
      if (state.status === 'accepted') return []
      const open = pending(state)
      notBeforeApplication(open, acceptedOn, 'acceptedOn')
      return [accepted(open, automaticRegistrationNumbers(open, acceptedOn), acceptedOn, { by: 'automatic_policy' })]
    }
    case 'RefuseRegistration': {
      const c = command.data
      const application = pending(state)
      authorityOf(c.actor, application)
      notBeforeApplication(application, c.refusedOn, 'refusedOn')
      return [
        {
          type: 'EquipmentRegistrationRefused',
          data: {
            applicationId: application.applicationId,
            organisationId: application.organisationId,
            region: application.region,
            refusedOn: c.refusedOn,
            reason: c.reason,
            authorityOrganisationId: c.actor.organisationId,
          },
        },
      ]
    }
  }
}

function evolve(state: RegistrationApplicationState, event: EquipmentEvent): RegistrationApplicationState {
  switch (event.type) {
    case 'EquipmentRegistrationApplied':
      return { status: 'applied', application: event.data }
    case 'EquipmentRegistrationAccepted':
      return {
        ...state,
        status: 'accepted',
        issued: {
          registrationCode: event.data.registrationCode,
          certificateNumber: event.data.certificateNumber,
          acceptedOn: event.data.acceptedOn,
        },
      }
    case 'EquipmentRegistrationRefused':
      return { ...state, status: 'refused' }
    default:
      return state
  }
}

export const registrationApplicationDecider: Decider<
  RegistrationApplicationCommand,
  EquipmentEvent,
  RegistrationApplicationState
> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
}
