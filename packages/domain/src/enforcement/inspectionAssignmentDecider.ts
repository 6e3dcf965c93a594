import { regionContains } from '@gsr/events'
import type { EnforcementEvent, EnforcementEventOf } from '@gsr/events/enforcement'
import { DomainError, type Decider } from '../Decider.ts'

type Assigned = EnforcementEventOf<'InspectionAssigned'>['data']

/**
 * Stream `inspection-assignment-<assignmentId>`: a cross-region mutual check (异地交叉互查),
 * assigned by the level above: an enforcement organisation whose region contains both the
 * team's region and the region the team is sent to, which lies outside the team's own.
 */
export type InspectionAssignmentCommand = { type: 'AssignInspection'; data: Assigned }

export interface InspectionAssignmentState {
  readonly assigned?: Assigned
}

const refuse = (code: string, en: string, zh: string, fields: string[]) =>
  new DomainError(code, { en, 'zh-CN': zh }, fields)

function decide(command: InspectionAssignmentCommand, state: InspectionAssignmentState): EnforcementEvent[] {
  const a = command.data
  if (state.assigned)
    throw refuse('assignment-already-recorded', 'this assignment id is taken', '该互查任务编号已使用', ['assignmentId'])
  if (a.assigningRegion === a.teamRegion || !regionContains(a.assigningRegion, a.teamRegion))
    throw refuse(
      'assignment-not-from-above',
      `a team of ${a.teamRegion} is assigned by the level above it, not by ${a.assigningRegion}`,
      `${a.teamRegion} 的执法队伍应由其上级（辖区包含它的机构）指派，而非 ${a.assigningRegion}`,
      ['teamOrganisationId'],
    )
  if (!regionContains(a.assigningRegion, a.region))
    throw refuse(
      'assignment-not-from-above',
      `region ${a.region} is outside the assigning region ${a.assigningRegion}`,
      `区域 ${a.region} 不在指派机构辖区 ${a.assigningRegion} 内`,
      ['region'],
    )
  if (regionContains(a.teamRegion, a.region) || regionContains(a.region, a.teamRegion))
    throw refuse(
      'assignment-not-cross-region',
      `${a.region} and the team's region ${a.teamRegion} overlap: not a cross-region check`,
      `${a.region} 与执法队伍辖区 ${a.teamRegion} 重叠，不属于异地交叉互查`,
      ['region'],
    )
  if (a.to < a.from)
    throw refuse('assignment-window-reversed', 'the window ends before it starts', '互查期限结束早于开始', ['to'])
  return [{ type: 'InspectionAssigned', data: a }]
}

function evolve(state: InspectionAssignmentState, event: EnforcementEvent): InspectionAssignmentState {
  return event.type === 'InspectionAssigned' ? { assigned: event.data } : state
}

export const inspectionAssignmentDecider: Decider<
  InspectionAssignmentCommand,
  EnforcementEvent,
  InspectionAssignmentState
> = { initialState: () => ({}), evolve, decide }
