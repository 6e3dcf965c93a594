import type { EquipmentAttributes, EquipmentCategory, EquipmentEvent, EquipmentEventOf } from '@gsr/events/equipment'
import { DomainError, type Decider } from '../Decider.ts'
import {
  assertOwner,
  decideInspectionResult,
  decidePeriodicDeclaration,
  evolveInspectionResult,
  type DeclarePeriodicInspectionData,
  type RecordInspectionResultData,
} from './inspectionDecisions.ts'
import { inspectionIntervalFor } from './inspectionIntervals.ts'
import { addMonths } from './isoDates.ts'
import { registrationDeadlineFor } from './registrationDeadline.ts'

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
        /** From an existing register being imported; otherwise derived from the interval table. */
        nextInspectionDue?: string | undefined
      }
    }
  | {
      type: 'TransferEquipment'
      data: {
        byOrganisationId: string
        toOrganisationId: string
        toRegion: string
        location: string
        transferredOn: string
      }
    }
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
  readonly safetyGrade?: number | undefined
  readonly subtype?: string | undefined
  readonly nextDueDate?: string | undefined
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
    nextDueDate: state.nextDueDate,
  }
}

function decide(command: EquipmentCommand, state: EquipmentState): EquipmentEvent[] {
  switch (command.type) {
    case 'RegisterEquipment': {
      if (state.status !== 'unregistered') {
        throw new DomainError(
          'registration-code-taken',
          { en: 'this registration code is already registered', 'zh-CN': '登记编号已被使用' },
          ['registrationCode'],
        )
      }
      const c = command.data
      const interval = inspectionIntervalFor(c.category, c.attributes, c.putIntoServiceDate)
      const { deadline, rule } = registrationDeadlineFor(c.putIntoServiceDate)
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
          late: c.registeredOn > deadline,
          registrationDeadlineRule: rule,
          nextInspectionDue: c.nextInspectionDue ?? addMonths(c.putIntoServiceDate, interval.firstWithinMonths),
          ...(c.nextInspectionDue === undefined ? { nextInspectionDueRule: interval.rule } : {}),
        },
      }
      return [event]
    }
    case 'TransferEquipment': {
      const s = ownerActing(state, command.data.byOrganisationId)
      if (command.data.toOrganisationId === s.organisationId) {
        throw new DomainError(
          'transfer-to-self',
          { en: 'the equipment already belongs to this organisation', 'zh-CN': '不能过户给本单位' },
          ['toOrganisationId'],
        )
      }
      return [
        {
          type: 'EquipmentTransferred',
          data: {
            registrationCode: s.registrationCode,
            category: s.category,
            fromOrganisationId: s.organisationId,
            fromRegion: s.region,
            toOrganisationId: command.data.toOrganisationId,
            toRegion: command.data.toRegion,
            location: command.data.location,
            transferredOn: command.data.transferredOn,
          },
        },
      ]
    }
    case 'SuspendEquipment': {
      const s = ownerActing(state, command.data.byOrganisationId)
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
      if (s.status !== 'suspended') {
        throw new DomainError('not-suspended', { en: 'the equipment is not suspended', 'zh-CN': '设备未停用' }, [])
      }
      return [{ type: 'EquipmentResumed', data: { ...owned(s), resumedOn: command.data.resumedOn } }]
    }
    case 'CancelEquipment': {
      const s = ownerActing(state, command.data.byOrganisationId)
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
      return [decidePeriodicDeclaration(subject(s), command.data)]
    }
    case 'RecordInspectionResult': {
      const s = registered(state)
      notCancelled(s)
      return [decideInspectionResult(subject(s), command.data)]
    }
  }
}

function evolve(state: EquipmentState, event: EquipmentEvent): EquipmentState {
  switch (event.type) {
    case 'EquipmentRegistered':
      return {
        status: 'active',
        registrationCode: event.data.registrationCode,
        category: event.data.category,
        organisationId: event.data.organisationId,
        region: event.data.region,
        safetyGrade: event.data.attributes.safetyGrade,
        subtype: event.data.attributes.subtype,
        nextDueDate: event.data.nextInspectionDue,
      }
    case 'EquipmentTransferred':
      return { ...state, organisationId: event.data.toOrganisationId, region: event.data.toRegion }
    case 'EquipmentSuspended':
      return { ...state, status: 'suspended' }
    case 'EquipmentResumed':
      return { ...state, status: 'active' }
    case 'EquipmentCancelled':
      return { ...state, status: 'cancelled' }
    case 'InspectionResultRecorded':
      return evolveInspectionResult(state, event.data)
    default:
      return state
  }
}

export const equipmentDecider: Decider<EquipmentCommand, EquipmentEvent, EquipmentState> = {
  initialState: () => ({ status: 'unregistered' }),
  evolve,
  decide,
}
