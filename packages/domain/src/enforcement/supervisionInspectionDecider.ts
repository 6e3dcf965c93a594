import { regionContains } from '@gsr/events'
import type { EnforcementEvent, EnforcementEventOf } from '@gsr/events/enforcement'
import { DomainError, type Decider } from '../Decider.ts'
import { NoRuleInForceError, ruleRef } from '../RuleTable.ts'
import { supervisionChecklists } from './supervisionChecklists.ts'

type Recorded = EnforcementEventOf<'SupervisionInspectionRecorded'>['data']
type Assigned = EnforcementEventOf<'InspectionAssigned'>['data']

/**
 * Stream `supervision-inspection-<inspectionId>`: one routine supervision inspection (日常监督
 * 检查), recorded once. The team answers every item of the checklist in force on the day for
 * the kind of subject; the result agrees with the items; findings are named only when problems
 * were found. Outside the team's region only on an assignment (异地交叉互查) that covers the
 * region and the day, given to this team.
 */
export type SupervisionInspectionCommand = {
  type: 'RecordSupervisionInspection'
  data: Omit<Recorded, 'checklist'> & {
    /** The recording team's region. */
    readonly teamRegion: string
    /** The assignment named by `assignmentId`, as its stream holds it (undefined: none there). */
    readonly assignment?: Assigned | undefined
  }
}

export interface SupervisionInspectionState {
  readonly recorded?: Recorded
}

const refuse = (code: string, en: string, zh: string, fields: string[]) =>
  new DomainError(code, { en, 'zh-CN': zh }, fields)

function checkRegion(data: SupervisionInspectionCommand['data']): void {
  const { assignment, assignmentId } = data
  if (assignmentId === undefined) {
    if (regionContains(data.teamRegion, data.region)) return
    throw refuse(
      'inspection-outside-region',
      `region ${data.region} is outside your region ${data.teamRegion}: a cross-region inspection needs an assignment`,
      `${data.region} 不在本队辖区 ${data.teamRegion} 内：异地检查须有上级指派的互查任务`,
      ['region'],
    )
  }
  const uncovered = (en: string, zh: string) =>
    refuse('assignment-not-covering', `assignment ${assignmentId}: ${en}`, `互查任务 ${assignmentId}：${zh}`, [
      'assignmentId',
    ])
  if (!assignment) throw uncovered('no such assignment', '不存在')
  if (assignment.teamOrganisationId !== data.enforcementOrganisationId)
    throw uncovered('given to another team', '指派给其他执法队伍')
  if (!regionContains(assignment.region, data.region))
    throw uncovered(
      `covers ${assignment.region}, not ${data.region}`,
      `范围为 ${assignment.region}，不含 ${data.region}`,
    )
  if (data.inspectedOn < assignment.from || data.inspectedOn > assignment.to)
    throw uncovered(
      `runs ${assignment.from} to ${assignment.to}, not on ${data.inspectedOn}`,
      `期限 ${assignment.from} 至 ${assignment.to}，不含 ${data.inspectedOn}`,
    )
}

function record(data: SupervisionInspectionCommand['data']): Recorded {
  const { teamRegion: _team, assignment: _assignment, ...recorded } = data
  checkRegion(data) // first: outside its scope a team learns nothing else about the command
  const names = data.inspectors.map((i) => i.name.trim())
  if (new Set(names).size < 2)
    throw refuse(
      'inspectors-too-few',
      'an inspection is made by two inspectors at least, each named once',
      '监督检查须由两名以上执法人员实施，且不得重复',
      ['inspectors'],
    )
  const version = supervisionChecklists.inForceOn(data.inspectedOn)
  if (!version) throw new NoRuleInForceError(supervisionChecklists.name, data.inspectedOn, ['inspectedOn'])
  const checklist = version.rules[data.subjectKind]
  const known = new Set(checklist.map((i) => i.id))
  const seen = new Set<string>()
  data.items.forEach((item, index) => {
    if (!known.has(item.itemId))
      throw refuse(
        'checklist-item-unknown',
        `${item.itemId} is not on the ${data.subjectKind} checklist (${version.version})`,
        `${item.itemId} 不在 ${data.subjectKind} 检查表（${version.version}）中`,
        [`items.${index}.itemId`],
      )
    if (seen.has(item.itemId))
      throw refuse('checklist-item-repeated', `${item.itemId} is answered twice`, `${item.itemId} 重复填写`, [
        `items.${index}.itemId`,
      ])
    seen.add(item.itemId)
  })
  const missing = checklist.filter((i) => !seen.has(i.id)).map((i) => i.id)
  if (missing.length > 0)
    throw refuse(
      'checklist-incomplete',
      `every item is answered (passed, failed or not applicable): missing ${missing.join(', ')}`,
      `检查表每项均须填写（符合、不符合或不适用）：缺 ${missing.join('、')}`,
      ['items'],
    )
  const failed = data.items.some((i) => i.result === 'failed')
  if (failed !== (data.result === 'problems_found'))
    throw refuse(
      'inspection-result-contradicts-items',
      failed ? 'an item failed: the result is problems_found' : 'no item failed: the result is no_problem',
      failed ? '有不符合项，结论应为发现问题' : '无不符合项，结论应为未发现问题',
      ['result'],
    )
  if (data.result === 'no_problem' && data.findingIds.length > 0)
    throw refuse(
      'findings-on-clean-inspection',
      'a clean inspection names no findings',
      '未发现问题的检查不应关联检查发现',
      ['findingIds'],
    )
  if (new Set(data.findingIds).size !== data.findingIds.length)
    throw refuse('finding-repeated', 'a finding is named twice', '检查发现重复列出', ['findingIds'])
  return { ...recorded, checklist: ruleRef(supervisionChecklists, version) }
}

function decide(command: SupervisionInspectionCommand, state: SupervisionInspectionState): EnforcementEvent[] {
  if (state.recorded)
    throw refuse('inspection-already-recorded', 'this inspection id is already recorded', '该检查编号已记录', [
      'inspectionId',
    ])
  return [{ type: 'SupervisionInspectionRecorded', data: record(command.data) }]
}

function evolve(state: SupervisionInspectionState, event: EnforcementEvent): SupervisionInspectionState {
  return event.type === 'SupervisionInspectionRecorded' ? { recorded: event.data } : state
}

export const supervisionInspectionDecider: Decider<
  SupervisionInspectionCommand,
  EnforcementEvent,
  SupervisionInspectionState
> = { initialState: () => ({}), evolve, decide }
