import type { EquipmentEvent, EquipmentEventOf } from '@gsr/events/equipment'
import { assertActsInRegion, assertKind, type Actor } from '../Actor.ts'
import { DomainError, type Decider } from '../Decider.ts'

/**
 * Stream `finding-<findingId>`: one field finding by an enforcement team, recorded once.
 * The data is the event's data as is: a finding is a plain observation, nothing to derive.
 * A pipeline found in use or under construction is recorded on the pipeline's own stream
 * (`pipelineDecider`: `RecordPipelineFoundInUse`, `RecordPipelineConstructionStarted`), so the
 * pipeline is known from it and its owner and installer can be named later.
 * An equipment finding may be linked, once, to the registration of the equipment it saw.
 */
export type FieldFindingCommand =
  | { type: 'RecordEquipmentFoundInUse'; data: EquipmentEventOf<'EquipmentFoundInUse'>['data'] }
  | { type: 'RecordOperationFoundPerformed'; data: EquipmentEventOf<'OperationFoundPerformed'>['data'] }
  | {
      type: 'LinkFindingToRegistration'
      data: {
        actor: Actor
        registrationCode: string
        /** Whether the registration exists (the route looks it up): a link names a real one. */
        registrationExists: boolean
        linkedOn: string
      }
    }

export interface FieldFindingState {
  readonly recorded: boolean
  /** An equipment finding: where and when, and the registration it is linked to. */
  readonly equipment?: {
    readonly findingId: string
    readonly region: string
    readonly foundOn: string
    readonly linkedTo?: string
  }
}

function refusal(code: string, en: string, zh: string, fields: string[]): DomainError {
  return new DomainError(code, { en, 'zh-CN': zh }, fields)
}

function decide(command: FieldFindingCommand, state: FieldFindingState): EquipmentEvent[] {
  switch (command.type) {
    case 'RecordEquipmentFoundInUse':
    case 'RecordOperationFoundPerformed':
      if (state.recorded) {
        throw refusal('finding-already-recorded', 'this finding id is already recorded', '该检查记录编号已存在', [
          'findingId',
        ])
      }
      return command.type === 'RecordEquipmentFoundInUse'
        ? [{ type: 'EquipmentFoundInUse', data: command.data }]
        : [{ type: 'OperationFoundPerformed', data: command.data }]
    case 'LinkFindingToRegistration': {
      const c = command.data
      const found = state.equipment
      if (!found) {
        throw refusal('finding-not-found', 'no equipment finding with this id', '无此设备检查记录', ['findingId'])
      }
      // The enforcement team of the finding's region (or above), as for the finding itself.
      assertKind(c.actor, ['enforcement'])
      assertActsInRegion(c.actor, found.region)
      if (found.linkedTo === c.registrationCode) return []
      if (found.linkedTo !== undefined) {
        throw refusal(
          'finding-already-linked',
          `the finding is linked to registration ${found.linkedTo}`,
          `该检查记录已关联登记 ${found.linkedTo}`,
          ['registrationCode'],
        )
      }
      if (!c.registrationExists) {
        throw refusal('equipment-not-found', 'no equipment with this registration code', '无此登记编号的设备', [
          'registrationCode',
        ])
      }
      if (c.linkedOn < found.foundOn) {
        throw refusal(
          'dated-before-finding',
          `the finding was made on ${found.foundOn}; linkedOn cannot be before it`,
          `检查日期为 ${found.foundOn}，关联日期不能早于该日期`,
          ['linkedOn'],
        )
      }
      return [
        {
          type: 'FindingLinkedToRegistration',
          data: {
            findingId: found.findingId,
            enforcementOrganisationId: c.actor.organisationId,
            region: found.region,
            registrationCode: c.registrationCode,
            linkedOn: c.linkedOn,
          },
        },
      ]
    }
  }
}

function evolve(state: FieldFindingState, event: EquipmentEvent): FieldFindingState {
  switch (event.type) {
    case 'EquipmentFoundInUse':
      return {
        recorded: true,
        equipment: { findingId: event.data.findingId, region: event.data.region, foundOn: event.data.foundOn },
      }
    case 'OperationFoundPerformed':
      return { ...state, recorded: true }
    case 'FindingLinkedToRegistration':
      return state.equipment
        ? { ...state, equipment: { ...state.equipment, linkedTo: event.data.registrationCode } }
        : state
    default:
      return state
  }
}

export const fieldFindingDecider: Decider<FieldFindingCommand, EquipmentEvent, FieldFindingState> = {
  initialState: () => ({ recorded: false }),
  evolve,
  decide,
}
