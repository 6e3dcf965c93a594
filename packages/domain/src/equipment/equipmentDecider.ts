import type { EquipmentAttributes, EquipmentCategory, EquipmentEvent, EquipmentEventOf } from '@gsr/events/equipment'
import { assertKind, equipmentUsingKinds, type Actor } from '../Actor.ts'
import { DomainError, type Decider } from '../Decider.ts'
import {
  assertOwner,
  decideInspectionResult,
  decidePeriodicDeclaration,
  assertDueDateAuthority,
  evolveInspectionResult,
  withDeclaredAgency,
  type AssertedDueDate,
  type StatedInspection,
  type DeclaredAgencies,
  type DeclarePeriodicInspectionData,
  type RecordInspectionResultData,
} from './inspectionDecisions.ts'
import { inspectionIntervalFor, inspectionIntervals, type InspectionIntervalRule } from './inspectionIntervals.ts'
import { addMonths } from '../calendar.ts'
import {
  registrationDeadline,
  registrationDeadlineFor,
  type RegistrationDeadlineRules,
} from './registrationDeadline.ts'
import type { RuleTable } from '../RuleTable.ts'
import { assertNamedOrganisation, type NamedOrganisation } from './namedOrganisation.ts'

/** Stream `equipment-<registrationCode>`: registration, ownership, status, inspections. */
export type EquipmentCommand =
  | {
      type: 'RegisterEquipment'
      data: {
        registrationCode: string
        category: EquipmentCategory
        organisationId: string
        region: string
        location: string
        attributes: EquipmentAttributes
        putIntoServiceDate: string
        registeredOn: string
        /**
         * The last periodic inspection as the user states it (date, report number): the due date
         * follows from it by the interval table; it stays unconfirmed until an agency's result.
         */
        lastInspection?: StatedInspection | undefined
        /** From an authority's register being imported (an administrator asserts it); never a user's. */
        nextInspectionDue?: AssertedDueDate | undefined
        /** The manufacturer and its serial number (出厂编号), from the nameplate. */
        manufacturer?: string | undefined
        serialNumber?: string | undefined
        /** 使用登记证编号, issued by the registration authority with the code. */
        certificateNumber?: string | undefined
        /**
         * The accepted application (registrationApplicationDecider) this registration records:
         * `late` is then judged by the day the user applied, not the day it was accepted.
         */
        application?: { applicationId: string; appliedOn: string } | undefined
      }
    }
  | {
      /** The owner offers the equipment (过户); nothing moves until the recipient accepts. */
      type: 'TransferEquipment'
      data: {
        actor: Actor
        toOrganisationId: string
        /** The recipient as the identity tables know it; undefined when no such organisation exists. */
        recipient: NamedOrganisation | undefined
        /** Where the equipment will stand: any region, whatever the recipient's seat. */
        toRegion: string
        location: string
        offeredOn: string
      }
    }
  | { type: 'AcceptEquipmentTransfer'; data: { actor: Actor; acceptedOn: string } }
  | { type: 'DeclineEquipmentTransfer'; data: { actor: Actor; declinedOn: string } }
  | { type: 'WithdrawEquipmentTransfer'; data: { actor: Actor; withdrawnOn: string } }
  | { type: 'SuspendEquipment'; data: { byOrganisationId: string; suspendedOn: string; reason: string } }
  | { type: 'ResumeEquipment'; data: { byOrganisationId: string; resumedOn: string } }
  | { type: 'CancelEquipment'; data: { byOrganisationId: string; cancelledOn: string; reason: string } }
  | { type: 'DeclarePeriodicInspection'; data: DeclarePeriodicInspectionData }
  | { type: 'RecordInspectionResult'; data: RecordInspectionResultData }

export type EquipmentStatus = 'unregistered' | 'active' | 'suspended' | 'cancelled'

export interface EquipmentState {
  readonly status: EquipmentStatus
  readonly registrationCode?: string
  readonly category?: EquipmentCategory
  readonly organisationId?: string
  readonly region?: string
  /** The day it was registered: no lifecycle fact of this registration is dated before it. */
  readonly registeredOn?: string
  /**
   * The day of the last suspension, resumption or transfer: the next lifecycle fact is not dated
   * before it (a resumption before its suspension, a new owner speaking of days before it took over).
   */
  readonly changedOn?: string | undefined
  /** The day the current owner took the equipment over (its last transfer): it speaks of no day before. */
  readonly transferredOn?: string | undefined
  readonly safetyGrade?: number | undefined
  readonly subtype?: string | undefined
  readonly pipelineGrade?: string | undefined
  readonly nextDueDate?: string | undefined
  /** The day of the inspection the due date follows from (inspectionDecisions). */
  readonly dueSetOn?: string | undefined
  readonly declaredAgencies?: DeclaredAgencies | undefined
  /** An offer the recipient has not answered yet. */
  readonly pendingTransfer?: PendingTransfer | undefined
  /** The application this registration accepted, if any. */
  readonly applicationId?: string | undefined
}

export interface PendingTransfer {
  readonly toOrganisationId: string
  readonly toRegion: string
  readonly location: string
  readonly offeredOn: string
}

type Registered = Required<Pick<EquipmentState, 'registrationCode' | 'category' | 'organisationId' | 'region'>> &
  EquipmentState

function registered(state: EquipmentState): Registered {
  if (state.status === 'unregistered' || !state.registrationCode) {
    throw new DomainError(
      'equipment-not-found',
      { en: 'no equipment with this registration code', 'zh-CN': '无此登记编号的设备' },
      ['registrationCode'],
    )
  }
  return state as Registered
}

function notCancelled(state: Registered): void {
  if (state.status === 'cancelled') {
    throw new DomainError(
      'equipment-cancelled',
      { en: 'the equipment registration is cancelled', 'zh-CN': '设备已注销' },
      ['registrationCode'],
    )
  }
}

/** Transfer, suspend, resume, cancel: by the owning organisation, on a registration not cancelled. */
function ownerActing(state: EquipmentState, byOrganisationId: string): Registered {
  const s = registered(state)
  notCancelled(s)
  assertOwner(s, byOrganisationId)
  return s
}

function transferError(code: string, en: string, zh: string, fields: string[] = []): DomainError {
  return new DomainError(code, { en, 'zh-CN': zh }, fields)
}

/** The pending offer, answered by its recipient (accept, decline) or withdrawn by the owner. */
function pendingOffer(state: Registered): PendingTransfer {
  if (!state.pendingTransfer) {
    throw transferError('no-pending-transfer', 'no transfer of this equipment is pending', '该设备无待确认的过户')
  }
  return state.pendingTransfer
}

function recipientActing(state: EquipmentState, actor: Actor): { s: Registered; offer: PendingTransfer } {
  const s = registered(state)
  notCancelled(s)
  const offer = pendingOffer(s)
  if (offer.toOrganisationId !== actor.organisationId) {
    throw transferError(
      'not-the-recipient',
      'only the organisation the transfer is offered to may answer it',
      '只有过户接收单位可以确认或拒绝',
      ['toOrganisationId'],
    )
  }
  return { s, offer }
}

/** Offered, suspended, resumed, cancelled, declared: facts of this registration, never dated before it. */
function notBeforeRegistration(state: Registered, on: string, field: string): void {
  if (state.registeredOn !== undefined && on < state.registeredOn) {
    throw new DomainError(
      'dated-before-registration',
      {
        en: `the equipment was registered on ${state.registeredOn}; ${field} cannot be before it`,
        'zh-CN': `设备登记日期为 ${state.registeredOn}，${field} 不能早于该日期`,
      },
      [field],
    )
  }
}

/** Offered, suspended, resumed, cancelled: nor before the last suspension, resumption or transfer. */
function notBeforeLastChange(state: Registered, on: string, field: string): void {
  notBeforeRegistration(state, on, field)
  if (state.changedOn !== undefined && on < state.changedOn) {
    throw new DomainError(
      'dated-before-last-change',
      {
        en: `the equipment was last suspended, resumed or transferred on ${state.changedOn}; ${field} cannot be before it`,
        'zh-CN': `设备最近一次停用、启用或过户日期为 ${state.changedOn}，${field} 不能早于该日期`,
      },
      [field],
    )
  }
}

/** Declared: by the current owner, never of a day before it took the equipment over. */
function notBeforeTransfer(state: Registered, on: string, field: string): void {
  notBeforeRegistration(state, on, field)
  if (state.transferredOn !== undefined && on < state.transferredOn) {
    throw new DomainError(
      'dated-before-last-change',
      {
        en: `the equipment was transferred to its current owner on ${state.transferredOn}; ${field} cannot be before it`,
        'zh-CN': `设备于 ${state.transferredOn} 过户至现使用单位，${field} 不能早于该日期`,
      },
      [field],
    )
  }
}

function notBeforeOffer(offer: PendingTransfer, on: string, field: string): void {
  if (on < offer.offeredOn) {
    throw transferError(
      'answered-before-offer',
      `the offer was made on ${offer.offeredOn}; it cannot be answered before`,
      `过户申请日期为 ${offer.offeredOn}，不能早于该日期确认`,
      [field],
    )
  }
}

function owned(state: Registered) {
  return {
    registrationCode: state.registrationCode,
    category: state.category,
    organisationId: state.organisationId,
    region: state.region,
  }
}

function subject(state: Registered) {
  return {
    subjectKind: 'equipment' as const,
    subjectId: state.registrationCode,
    organisationId: state.organisationId,
    region: state.region,
    category: state.category,
    safetyGrade: state.safetyGrade,
    subtype: state.subtype,
    pipelineGrade: state.pipelineGrade,
    nextDueDate: state.nextDueDate,
    dueSetOn: state.dueSetOn,
    declaredAgencies: state.declaredAgencies,
  }
}

function decide(command: EquipmentCommand, state: EquipmentState, tables: EquipmentRuleTables): EquipmentEvent[] {
  switch (command.type) {
    case 'RegisterEquipment': {
      const application = command.data.application
      // Accepting an application again completes what a crash left half-done: nothing twice.
      if (application && state.applicationId === application.applicationId) return []
      if (state.status !== 'unregistered') {
        throw new DomainError(
          'registration-code-taken',
          { en: 'this registration code is already registered', 'zh-CN': '登记编号已被使用' },
          ['registrationCode'],
        )
      }
      const c = command.data
      assertDueDateAuthority(c.nextInspectionDue)
      const stated = c.lastInspection
      if (stated && (stated.date < c.putIntoServiceDate || stated.date > c.registeredOn)) {
        throw new DomainError(
          'last-inspection-out-of-range',
          {
            en: 'the last inspection is between the put-into-service date and the registration',
            'zh-CN': '上次检验日期须在投入使用日期与登记日期之间',
          },
          ['lastInspection.date'],
        )
      }
      const interval = inspectionIntervalFor(
        c.category,
        c.attributes,
        stated?.date ?? c.putIntoServiceDate,
        tables.inspectionIntervals,
      )
      const derivedDue = stated
        ? addMonths(stated.date, interval.intervalMonths)
        : addMonths(c.putIntoServiceDate, interval.firstWithinMonths)
      const { deadline, rule } = registrationDeadlineFor(c.putIntoServiceDate, tables.registrationDeadline)
      const judgedOn = application?.appliedOn ?? c.registeredOn
      const event: EquipmentEventOf<'EquipmentRegistered'> = {
        type: 'EquipmentRegistered',
        data: {
          registrationCode: c.registrationCode,
          category: c.category,
          organisationId: c.organisationId,
          region: c.region,
          location: c.location,
          attributes: c.attributes,
          putIntoServiceDate: c.putIntoServiceDate,
          registeredOn: c.registeredOn,
          registrationDeadline: deadline,
          late: judgedOn > deadline,
          registrationDeadlineRule: rule,
          nextInspectionDue: c.nextInspectionDue?.date ?? derivedDue,
          ...(c.nextInspectionDue === undefined ? { nextInspectionDueRule: interval.rule } : {}),
          ...(stated ? { statedLastInspection: { date: stated.date, reportNumber: stated.reportNumber } } : {}),
          ...(c.manufacturer !== undefined ? { manufacturer: c.manufacturer } : {}),
          ...(c.serialNumber !== undefined ? { serialNumber: c.serialNumber } : {}),
          ...(c.certificateNumber !== undefined ? { certificateNumber: c.certificateNumber } : {}),
          ...(application ? { applicationId: application.applicationId, appliedOn: application.appliedOn } : {}),
        },
      }
      return [event]
    }
    case 'TransferEquipment': {
      const c = command.data
      assertKind(c.actor, equipmentUsingKinds)
      const s = ownerActing(state, c.actor.organisationId)
      notBeforeLastChange(s, c.offeredOn, 'offeredOn')
      if (s.pendingTransfer) {
        throw transferError(
          'transfer-pending',
          `a transfer to ${s.pendingTransfer.toOrganisationId} is pending; withdraw it first`,
          `已有待确认的过户（${s.pendingTransfer.toOrganisationId}），请先撤回`,
        )
      }
      if (c.toOrganisationId === s.organisationId) {
        throw new DomainError(
          'transfer-to-self',
          { en: 'the equipment already belongs to this organisation', 'zh-CN': '不能过户给本单位' },
          ['toOrganisationId'],
        )
      }
      // The recipient's seat does not matter: equipment is used where it stands (toRegion).
      assertNamedOrganisation('recipient', c.toOrganisationId, c.recipient, 'toOrganisationId')
      return [
        {
          type: 'EquipmentTransferOffered',
          data: {
            ...owned(s),
            toOrganisationId: c.toOrganisationId,
            toRegion: c.toRegion,
            location: c.location,
            offeredOn: c.offeredOn,
          },
        },
      ]
    }
    case 'AcceptEquipmentTransfer': {
      const { s, offer } = recipientActing(state, command.data.actor)
      notBeforeOffer(offer, command.data.acceptedOn, 'acceptedOn')
      return [
        {
          type: 'EquipmentTransferred',
          data: {
            registrationCode: s.registrationCode,
            category: s.category,
            fromOrganisationId: s.organisationId,
            fromRegion: s.region,
            toOrganisationId: offer.toOrganisationId,
            toRegion: offer.toRegion,
            location: offer.location,
            transferredOn: command.data.acceptedOn,
          },
        },
      ]
    }
    case 'DeclineEquipmentTransfer': {
      const { s, offer } = recipientActing(state, command.data.actor)
      notBeforeOffer(offer, command.data.declinedOn, 'declinedOn')
      return [
        {
          type: 'EquipmentTransferDeclined',
          data: { ...owned(s), toOrganisationId: offer.toOrganisationId, declinedOn: command.data.declinedOn },
        },
      ]
    }
    case 'WithdrawEquipmentTransfer': {
      const s = ownerActing(state, command.data.actor.organisationId)
      const offer = pendingOffer(s)
      notBeforeOffer(offer, command.data.withdrawnOn, 'withdrawnOn')
      return [
        {
          type: 'EquipmentTransferWithdrawn',
          data: { ...owned(s), toOrganisationId: offer.toOrganisationId, withdrawnOn: command.data.withdrawnOn },
        },
      ]
    }
    case 'SuspendEquipment': {
      const s = ownerActing(state, command.data.byOrganisationId)
      notBeforeLastChange(s, command.data.suspendedOn, 'suspendedOn')
      if (s.status === 'suspended') {
        throw new DomainError(
          'already-suspended',
          { en: 'the equipment is already suspended', 'zh-CN': '设备已停用' },
          [],
        )
      }
      return [
        {
          type: 'EquipmentSuspended',
          data: { ...owned(s), suspendedOn: command.data.suspendedOn, reason: command.data.reason },
        },
      ]
    }
    case 'ResumeEquipment': {
      const s = ownerActing(state, command.data.byOrganisationId)
      notBeforeLastChange(s, command.data.resumedOn, 'resumedOn')
      if (s.status !== 'suspended') {
        throw new DomainError('not-suspended', { en: 'the equipment is not suspended', 'zh-CN': '设备未停用' }, [])
      }
      return [{ type: 'EquipmentResumed', data: { ...owned(s), resumedOn: command.data.resumedOn } }]
    }
    case 'CancelEquipment': {
      const s = ownerActing(state, command.data.byOrganisationId)
      notBeforeLastChange(s, command.data.cancelledOn, 'cancelledOn')
      return [
        {
          type: 'EquipmentCancelled',
          data: { ...owned(s), cancelledOn: command.data.cancelledOn, reason: command.data.reason },
        },
      ]
    }
    case 'DeclarePeriodicInspection': {
      const s = registered(state)
      notCancelled(s)
      // A declaration dated before the registration would name a due date nobody knew yet (and
      // count as in time for one long missed); a new owner's, before it took the equipment over,
      // would speak for the previous owner. (Before a suspension or resumption is no matter.)
      notBeforeTransfer(s, command.data.declaredOn, 'declaredOn')
      return [decidePeriodicDeclaration(subject(s), command.data)]
    }
    case 'RecordInspectionResult': {
      const s = registered(state)
      notCancelled(s)
      return [decideInspectionResult(subject(s), command.data, tables.inspectionIntervals)]
    }
  }
}

/** The later of two days (a log written before the order was enforced may hold them out of order). */
const latest = (a: string | undefined, b: string): string => (a !== undefined && a > b ? a : b)

function evolve(state: EquipmentState, event: EquipmentEvent): EquipmentState {
  switch (event.type) {
    case 'EquipmentRegistered':
      return {
        status: 'active',
        registrationCode: event.data.registrationCode,
        category: event.data.category,
        organisationId: event.data.organisationId,
        region: event.data.region,
        registeredOn: event.data.registeredOn,
        safetyGrade: event.data.attributes.safetyGrade,
        subtype: event.data.attributes.subtype,
        pipelineGrade: event.data.attributes.pipelineGrade,
        nextDueDate: event.data.nextInspectionDue,
        applicationId: event.data.applicationId,
      }
    case 'EquipmentTransferOffered':
      return {
        ...state,
        pendingTransfer: {
          toOrganisationId: event.data.toOrganisationId,
          toRegion: event.data.toRegion,
          location: event.data.location,
          offeredOn: event.data.offeredOn,
        },
      }
    case 'EquipmentTransferDeclined':
    case 'EquipmentTransferWithdrawn':
      return { ...state, pendingTransfer: undefined }
    case 'EquipmentTransferred':
      return {
        ...state,
        organisationId: event.data.toOrganisationId,
        region: event.data.toRegion,
        pendingTransfer: undefined,
        changedOn: latest(state.changedOn, event.data.transferredOn),
        transferredOn: latest(state.transferredOn, event.data.transferredOn),
      }
    case 'EquipmentSuspended':
      return { ...state, status: 'suspended', changedOn: latest(state.changedOn, event.data.suspendedOn) }
    case 'EquipmentResumed':
      return { ...state, status: 'active', changedOn: latest(state.changedOn, event.data.resumedOn) }
    case 'EquipmentCancelled':
      return { ...state, status: 'cancelled' }
    case 'PeriodicInspectionDeclared':
      return { ...state, declaredAgencies: withDeclaredAgency(state.declaredAgencies, 'periodic', event.data.agencyId) }
    case 'InspectionResultRecorded':
      return evolveInspectionResult(state, event.data)
    default:
      return state
  }
}

/**
 * The publishable rule tables a registration is judged by, passed in by the route (loaded with
 * the versions an administrator published: the kit's `loadRuleTable`), so a published version
 * decides from its effective day; the event cites the version it was judged by.
 */
export interface EquipmentRuleTables {
  readonly registrationDeadline: RuleTable<RegistrationDeadlineRules>
  readonly inspectionIntervals: RuleTable<readonly InspectionIntervalRule[]>
}

/** The tables in code only (their versions in code, none published). */
export const equipmentRuleTablesInCode: EquipmentRuleTables = { registrationDeadline, inspectionIntervals }

/** The decider over the given (effective) rule tables. */
export function equipmentDeciderWith(
  tables: EquipmentRuleTables,
): Decider<EquipmentCommand, EquipmentEvent, EquipmentState> {
  return {
    initialState: () => ({ status: 'unregistered' }),
    evolve,
    decide: (command, state) => decide(command, state, tables),
  }
}

/** Over the versions in code only: for folding a stream, and decisions no published table changes. */
export const equipmentDecider = equipmentDeciderWith(equipmentRuleTablesInCode)
