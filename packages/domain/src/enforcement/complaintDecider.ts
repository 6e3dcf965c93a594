import { regionContains } from '@gsr/events'
import type { EnforcementEvent, EnforcementEventOf } from '@gsr/events/enforcement'
import { DomainError, type Decider } from '../Decider.ts'
import { NoRuleInForceError, ruleRef } from '../RuleTable.ts'
import { complaintCategories } from './complaintCategories.ts'
import { addWorkingDays, complaintReplyRules } from './complaintReplyRules.ts'

type Received = EnforcementEventOf<'ComplaintReceived'>['data']
type DataOf<T extends EnforcementEvent['type']> = Omit<EnforcementEventOf<T>['data'], 'complaintId' | 'region'>

/**
 * Stream `complaint-<complaintId>` (投诉举报): received (reply deadline from the rule table
 * `complaintReplyRules`) → assigned to a team whose region covers the complaint (派转) → refused
 * by it with a reason (back for reassignment) or accepted → handled → replied (late after the
 * deadline) → satisfaction recorded → verified by the team once on the special rectification
 * ledger (late reply or dissatisfied). Each step's day is on or after the previous step's.
 * `by` is the organisation acting; the route sets it from the caller.
 */
export type ComplaintCommand =
  | { type: 'ReceiveComplaint'; data: Omit<Received, 'replyDue' | 'rule'> }
  | {
      type: 'AssignComplaint'
      data: { team: { organisationId: string; kind: string; region: string }; by: string; assignedOn: string }
    }
  | { type: 'RefuseComplaintTransfer'; data: { by: string; refusedOn: string; reason: string } }
  | { type: 'AcceptComplaint'; data: { by: string; acceptedOn: string } }
  | { type: 'HandleComplaint'; data: Omit<DataOf<'ComplaintHandled'>, never> & { by: string } }
  | { type: 'ReplyToComplaint'; data: Omit<DataOf<'ComplaintReplied'>, 'late'> & { by: string } }
  | { type: 'RecordComplaintSatisfaction'; data: DataOf<'ComplaintSatisfactionRecorded'> }
  | { type: 'VerifyComplaint'; data: DataOf<'ComplaintVerified'> & { by: string } }

export interface ComplaintState {
  readonly received?: Received
  /** The team the ticket is assigned to now (none after a refusal), and whether it accepted. */
  readonly team?: { readonly organisationId: string; readonly accepted: boolean }
  /** The day of the latest step: a step is dated on or after it. */
  readonly lastOn?: string
  readonly handledOn?: string
  readonly reply?: { readonly on: string; readonly late: boolean }
  readonly satisfaction?: { readonly on: string; readonly value: string }
  readonly verifiedOn?: string
}

const refuse = (code: string, en: string, zh: string, fields: string[] = []) =>
  new DomainError(code, { en, 'zh-CN': zh }, fields)

function receivedComplaint(state: ComplaintState): Received {
  if (!state.received) throw refuse('complaint-not-found', 'no such complaint', '投诉举报不存在', ['complaintId'])
  return state.received
}

function notBefore(state: ComplaintState, day: string, field: string) {
  if (state.lastOn !== undefined && day < state.lastOn)
    throw refuse(
      'complaint-step-before-previous',
      `dated before the previous step (${state.lastOn})`,
      `日期早于上一环节（${state.lastOn}）`,
      [field],
    )
}

/** The accepted team acts: another organisation (even of the region) is refused. */
function byAcceptedTeam(state: ComplaintState, by: string) {
  if (!state.team?.accepted)
    throw refuse('complaint-not-accepted', 'no team has accepted the complaint', '投诉举报尚未被承办单位接收')
  requireTeam(state, by)
}

function requireTeam(state: ComplaintState, by: string) {
  if (state.team?.organisationId !== by)
    throw refuse('complaint-not-assigned-team', 'only the team it is assigned to', '仅限承办单位办理')
}

function receive(data: Omit<Received, 'replyDue' | 'rule'>): Received {
  if (!(data.category in complaintCategories))
    throw refuse('complaint-unknown-category', `unknown category ${data.category}`, `未知的投诉类别 ${data.category}`, [
      'category',
    ])
  const version = complaintReplyRules.inForceOn(data.receivedOn)
  if (!version) throw new NoRuleInForceError(complaintReplyRules.name, data.receivedOn, ['receivedOn'])
  const replyDue = addWorkingDays(data.receivedOn, version.rules.replyTerm[data.channel].workingDays)
  return { ...data, replyDue, rule: ruleRef(complaintReplyRules, version) }
}

/** On the special rectification ledger on `on`: replied late, or dissatisfied by then. */
export function ledgerReasonsOf(state: ComplaintState, on: string): ('late_reply' | 'dissatisfied')[] {
  return [
    ...(state.reply?.late && state.reply.on <= on ? (['late_reply'] as const) : []),
    ...(state.satisfaction?.value === 'dissatisfied' && state.satisfaction.on <= on ? (['dissatisfied'] as const) : []),
  ]
}

function decide(command: ComplaintCommand, state: ComplaintState): EnforcementEvent[] {
  if (command.type === 'ReceiveComplaint') {
    if (state.received)
      throw refuse('complaint-already-received', 'this complaint id is already received', '该投诉举报编号已登记', [
        'complaintId',
      ])
    return [{ type: 'ComplaintReceived', data: receive(command.data) }]
  }
  const { complaintId, region } = receivedComplaint(state)
  const ids = { complaintId, region }
  if (state.verifiedOn !== undefined)
    throw refuse('complaint-already-verified', 'the complaint is verified closed', '投诉举报已核验销号')
  switch (command.type) {
    case 'AssignComplaint': {
      const { team, by, assignedOn } = command.data
      if (state.team?.accepted)
        throw refuse('complaint-already-accepted', 'a team has accepted the complaint', '投诉举报已被承办单位接收')
      if (state.team)
        throw refuse(
          'complaint-already-assigned',
          `assigned to ${state.team.organisationId}, which has neither accepted nor refused`,
          `已派转至 ${state.team.organisationId}，尚未接收或退回`,
        )
      if (team.kind !== 'enforcement')
        throw refuse('complaint-team-not-enforcement', 'assign to an enforcement team', '应派转至执法队伍', [
          'teamOrganisationId',
        ])
      if (!regionContains(team.region, region))
        throw refuse(
          'complaint-team-outside-region',
          `team ${team.organisationId} (${team.region}) does not cover region ${region}`,
          `${team.organisationId}（${team.region}）的辖区不含 ${region}`,
          ['teamOrganisationId'],
        )
      notBefore(state, assignedOn, 'assignedOn')
      return [
        {
          type: 'ComplaintAssigned',
          data: { ...ids, teamOrganisationId: team.organisationId, assignedBy: by, assignedOn },
        },
      ]
    }
    case 'RefuseComplaintTransfer':
    case 'AcceptComplaint': {
      if (!state.team) throw refuse('complaint-not-assigned', 'the complaint is not assigned', '投诉举报尚未派转')
      requireTeam(state, command.data.by)
      if (state.team.accepted)
        throw refuse('complaint-already-accepted', 'a team has accepted the complaint', '投诉举报已被承办单位接收')
      const teamOrganisationId = state.team.organisationId
      if (command.type === 'AcceptComplaint') {
        notBefore(state, command.data.acceptedOn, 'acceptedOn')
        return [
          { type: 'ComplaintAccepted', data: { ...ids, teamOrganisationId, acceptedOn: command.data.acceptedOn } },
        ]
      }
      notBefore(state, command.data.refusedOn, 'refusedOn')
      const { refusedOn, reason } = command.data
      return [{ type: 'ComplaintTransferRefused', data: { ...ids, teamOrganisationId, refusedOn, reason } }]
    }
    case 'HandleComplaint': {
      const { by, ...data } = command.data
      byAcceptedTeam(state, by)
      if (state.handledOn !== undefined)
        throw refuse('complaint-already-handled', 'the complaint is already handled', '投诉举报已办理')
      notBefore(state, data.handledOn, 'handledOn')
      return [{ type: 'ComplaintHandled', data: { ...ids, ...data } }]
    }
    case 'ReplyToComplaint': {
      const { by, ...data } = command.data
      byAcceptedTeam(state, by)
      if (state.handledOn === undefined)
        throw refuse('complaint-not-handled', 'reply once the complaint is handled', '办理后方可答复')
      if (state.reply) throw refuse('complaint-already-replied', 'the complaint is already replied', '投诉举报已答复')
      notBefore(state, data.repliedOn, 'repliedOn')
      const late = data.repliedOn > state.received!.replyDue
      return [{ type: 'ComplaintReplied', data: { ...ids, ...data, late } }]
    }
    case 'RecordComplaintSatisfaction': {
      if (!state.reply) throw refuse('complaint-not-replied', 'the complaint is not replied yet', '投诉举报尚未答复')
      if (state.satisfaction)
        throw refuse('complaint-satisfaction-recorded', 'satisfaction is already recorded', '满意度已记录')
      notBefore(state, command.data.recordedOn, 'recordedOn')
      return [{ type: 'ComplaintSatisfactionRecorded', data: { ...ids, ...command.data } }]
    }
    case 'VerifyComplaint': {
      const { by, ...data } = command.data
      requireTeam(state, by)
      notBefore(state, data.verifiedOn, 'verifiedOn')
      if (ledgerReasonsOf(state, data.verifiedOn).length === 0)
        throw refuse(
          'complaint-not-on-ledger',
          'only a ticket on the rectification ledger (replied late, or dissatisfied) is verified',
          '仅整改台账内的工单（逾期答复或不满意）需核验销号',
        )
      return [{ type: 'ComplaintVerified', data: { ...ids, ...data } }]
    }
  }
}

function evolve(state: ComplaintState, event: EnforcementEvent): ComplaintState {
  switch (event.type) {
    case 'ComplaintReceived':
      return { received: event.data, lastOn: event.data.receivedOn }
    case 'ComplaintAssigned':
      return {
        ...state,
        team: { organisationId: event.data.teamOrganisationId, accepted: false },
        lastOn: event.data.assignedOn,
      }
    case 'ComplaintTransferRefused': {
      const { team: _, ...rest } = state
      return { ...rest, lastOn: event.data.refusedOn }
    }
    case 'ComplaintAccepted':
      return {
        ...state,
        team: { organisationId: event.data.teamOrganisationId, accepted: true },
        lastOn: event.data.acceptedOn,
      }
    case 'ComplaintHandled':
      return { ...state, handledOn: event.data.handledOn, lastOn: event.data.handledOn }
    case 'ComplaintReplied':
      return { ...state, reply: { on: event.data.repliedOn, late: event.data.late }, lastOn: event.data.repliedOn }
    case 'ComplaintSatisfactionRecorded':
      return {
        ...state,
        satisfaction: { on: event.data.recordedOn, value: event.data.satisfaction },
        lastOn: event.data.recordedOn,
      }
    case 'ComplaintVerified':
      return { ...state, verifiedOn: event.data.verifiedOn, lastOn: event.data.verifiedOn }
    default:
      return state
  }
}

export const complaintDecider: Decider<ComplaintCommand, EnforcementEvent, ComplaintState> = {
  initialState: () => ({}),
  evolve,
  decide,
}
