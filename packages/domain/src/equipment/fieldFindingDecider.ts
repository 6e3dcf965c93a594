import type { EquipmentEvent, EquipmentEventOf } from '@gsr/events/equipment'
import { DomainError, type Decider } from '../Decider.ts'

/**
 * Stream `finding-<findingId>`: one field finding by an enforcement team, recorded once.
 * The data is the event's data as is: a finding is a plain observation, nothing to derive.
 * A pipeline found in use or under construction is recorded on the pipeline's own stream
 * (`pipelineDecider`: `RecordPipelineFoundInUse`, `RecordPipelineConstructionStarted`), so the
 * pipeline is known from it and its owner and installer can be named later.
 */
export type FieldFindingCommand =
  | { type: 'RecordEquipmentFoundInUse'; data: EquipmentEventOf<'EquipmentFoundInUse'>['data'] }
  | { type: 'RecordOperationFoundPerformed'; data: EquipmentEventOf<'OperationFoundPerformed'>['data'] }

export interface FieldFindingState {
  readonly recorded: boolean
}

function decide(command: FieldFindingCommand, state: FieldFindingState): EquipmentEvent[] {
  if (state.recorded) {
    throw new DomainError(
      'finding-already-recorded',
      { en: 'this finding id is already recorded', 'zh-CN': '该检查记录编号已存在' },
      ['findingId'],
    )
  }
  switch (command.type) {
    case 'RecordEquipmentFoundInUse':
      return [{ type: 'EquipmentFoundInUse', data: command.data }]
    case 'RecordOperationFoundPerformed':
      return [{ type: 'OperationFoundPerformed', data: command.data }]
  }
}

export const fieldFindingDecider: Decider<FieldFindingCommand, EquipmentEvent, FieldFindingState> = {
  initialState: () => ({ recorded: false }),
  evolve: (state, event) =>
    event.type === 'EquipmentFoundInUse' || event.type === 'OperationFoundPerformed' ? { recorded: true } : state,
  decide,
}
