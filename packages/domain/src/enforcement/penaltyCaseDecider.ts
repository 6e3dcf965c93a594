import type { EnforcementEvent, EnforcementEventOf } from '@gsr/events/enforcement'
import { DomainError, type Decider } from '../Decider.ts'
import { NoRuleInForceError, ruleRef } from '../RuleTable.ts'
import { addDays } from '../calendar.ts'
import { penaltyCaseRules } from './penaltyCaseRules.ts'
import { violationCategories, type ViolationCategory } from './violationCatalogue.ts'

type Opened = EnforcementEventOf<'PenaltyCaseOpened'>['data']
type DataOf<T extends EnforcementEvent['type']> = Omit<EnforcementEventOf<T>['data'], 'caseId' | 'region'>

/** Who approves: the acting member, and whether their role makes them an approver (see the service README). */
export interface CaseApprover {
  readonly id: string
  readonly mayApprove: boolean
}

/**
 * Stream `penalty-case-<caseId>`: opened (立案) → investigated (optional) → decided (处罚决定, by
 * an approver) → closed (结案); dropped (不予处罚/撤案) at any stage before closure; the decision
 * term extended once by an approver. Referred to the police (移送公安) at any stage before closure:
 * while the referral waits for the police's receipt nothing else happens; accepted, the case may
 * only be closed; declined, it returns to administrative handling at the stage it had.
 */
export type PenaltyCaseCommand =
  | { type: 'OpenPenaltyCase'; data: Omit<Opened, 'decisionDue' | 'rule'> }
  | { type: 'RecordCaseInvestigation'; data: DataOf<'PenaltyCaseInvestigated'> }
  | {
      type: 'ExtendCaseTimeLimit'
      data: { approvedOn: string; reason: string; extensionDays?: number | undefined; approver: CaseApprover }
    }
  | {
      type: 'DecidePenaltyCase'
      data: Omit<DataOf<'PenaltyCaseDecided'>, 'approvedBy' | 'fineFen' | 'legalBasis' | 'rule'> & {
        /** The violation categories the decision punishes; default: those of the case's sources. */
        categories?: readonly string[] | undefined
        approver: CaseApprover
      }
    }
  | { type: 'ClosePenaltyCase'; data: DataOf<'PenaltyCaseClosed'> }
  | { type: 'DropPenaltyCase'; data: DataOf<'PenaltyCaseDropped'> }
  | { type: 'ReferCaseToPolice'; data: DataOf<'PenaltyCaseReferredToPolice'> }
  | { type: 'RecordPoliceReceipt'; data: DataOf<'PenaltyCasePoliceReceiptRecorded'> }

export type PenaltyCaseStage = 'opened' | 'investigated' | 'decided' | 'closed' | 'dropped'

export interface PenaltyCaseState {
  readonly opened?: Opened
  readonly stage: PenaltyCaseStage
  readonly decisionDue?: string
  readonly extensions: number
  readonly decided?: { readonly on: string; readonly fineFen: number }
  readonly referral?: { readonly referredOn: string; readonly status: 'pending' | 'accepted' | 'declined' }
}

const refuse = (code: string, en: string, zh: string, fields: string[] = []) =>
  new DomainError(code, { en, 'zh-CN': zh }, fields)

function openedCase(state: PenaltyCaseState): Opened {
  if (!state.opened) throw refuse('case-not-found', 'no such penalty case', '案件不存在', ['caseId'])
  return state.opened
}

function notBeforeOpening(opened: Opened, day: string, field: string) {
  if (day < opened.openedOn)
    throw refuse(
      'case-date-before-opening',
      `before the case was opened on ${opened.openedOn}`,
      `早于立案日期 ${opened.openedOn}`,
      [field],
    )
}

/** Refusals shared by every step after opening: an ended case, a referral awaiting the police. */
function stillHandled(state: PenaltyCaseState) {
  if (state.stage === 'closed' || state.stage === 'dropped')
    throw refuse(
      'case-ended',
      `the case is already ${state.stage}`,
      state.stage === 'closed' ? '案件已结案' : '案件已撤销或不予处罚',
    )
  if (state.referral?.status === 'pending')
    throw refuse(
      'case-referral-pending',
      'the case awaits the police’s receipt of its referral',
      '案件已移送公安，待公安机关回执',
    )
}

function beforeDecision(state: PenaltyCaseState) {
  stillHandled(state)
  if (state.referral?.status === 'accepted')
    throw refuse(
      'case-with-police',
      'the police accepted the case: it can only be closed',
      '公安机关已立案，案件仅可结案',
    )
  if (state.stage === 'decided')
    throw refuse('case-already-decided', 'the case is already decided', '案件已作出处罚决定')
}

function requireApprover(approver: CaseApprover) {
  if (!approver.mayApprove)
    throw refuse(
      'case-approval-required',
      'this step needs an approver (an admin of the team)',
      '此操作需由审批人（执法队伍管理员）批准',
    )
}

function decidePenalties(opened: Opened, data: Extract<PenaltyCaseCommand, { type: 'DecidePenaltyCase' }>['data']) {
  const { approver, categories: asked, ...rest } = data
  const kinds = data.penalties.map((p) => p.kind)
  if (new Set(kinds).size !== kinds.length)
    throw refuse('case-duplicate-penalty', 'a penalty kind is named twice', '同一处罚种类重复列出', ['penalties'])
  data.penalties.forEach((p, index) => {
    const withAmount = p.kind === 'fine' || p.kind === 'confiscation'
    if (p.kind === 'fine' && !(p.amountFen !== undefined && p.amountFen > 0))
      throw refuse(
        'case-fine-amount-required',
        'a fine needs an amount in fen above 0',
        '罚款须注明金额（分，大于0）',
        [`penalties.${index}.amountFen`],
      )
    if (!withAmount && p.amountFen !== undefined)
      throw refuse('case-amount-not-allowed', `a ${p.kind} has no amount`, `${p.kind} 不涉及金额`, [
        `penalties.${index}.amountFen`,
      ])
  })
  const categories = [...new Set(asked ?? opened.sources.flatMap((s) => s.categories))]
  if (categories.length === 0)
    throw refuse(
      'case-without-category',
      'name the violation categories the decision punishes (the case’s sources carry none)',
      '请注明处罚所针对的违法行为类别（案件来源未载明）',
      ['categories'],
    )
  const version = penaltyCaseRules.inForceOn(data.decidedOn)
  if (!version) throw new NoRuleInForceError(penaltyCaseRules.name, data.decidedOn, ['decidedOn'])
  const legalBasis = categories.map((category) => {
    if (!(violationCategories as readonly string[]).includes(category))
      throw refuse('case-unknown-category', `no penalty article for ${category}`, `无 ${category} 的处罚依据`, [
        'categories',
      ])
    return { category, article: version.rules.penaltyArticles[category as ViolationCategory] }
  })
  const fineFen = data.penalties.reduce((sum, p) => sum + (p.kind === 'fine' ? (p.amountFen ?? 0) : 0), 0)
  return {
    caseId: opened.caseId,
    region: opened.region,
    ...rest,
    approvedBy: approver.id,
    fineFen,
    legalBasis,
    rule: ruleRef(penaltyCaseRules, version),
  }
}

function decide(command: PenaltyCaseCommand, state: PenaltyCaseState): EnforcementEvent[] {
  if (command.type === 'OpenPenaltyCase') {
    if (state.opened)
      throw refuse('case-already-opened', 'this case id is already opened', '该案件编号已立案', ['caseId'])
    const data = command.data
    const keys = data.sources.map((s) => `${s.source}:${s.id}`)
    if (new Set(keys).size !== keys.length)
      throw refuse('case-duplicate-source', 'a source is named twice', '同一案件来源重复列出', ['sources'])
    const version = penaltyCaseRules.inForceOn(data.openedOn)
    if (!version) throw new NoRuleInForceError(penaltyCaseRules.name, data.openedOn, ['openedOn'])
    return [
      {
        type: 'PenaltyCaseOpened',
        data: {
          ...data,
          decisionDue: addDays(data.openedOn, version.rules.decisionDays),
          rule: ruleRef(penaltyCaseRules, version),
        },
      },
    ]
  }
  const opened = openedCase(state)
  const ids = { caseId: opened.caseId, region: opened.region }
  switch (command.type) {
    case 'RecordCaseInvestigation':
      beforeDecision(state)
      if (state.stage === 'investigated')
        throw refuse('case-already-investigated', 'the investigation is already recorded', '调查终结报告已记录')
      notBeforeOpening(opened, command.data.investigatedOn, 'investigatedOn')
      return [{ type: 'PenaltyCaseInvestigated', data: { ...ids, ...command.data } }]
    case 'ExtendCaseTimeLimit': {
      const { approver, approvedOn, reason } = command.data
      requireApprover(approver)
      beforeDecision(state)
      notBeforeOpening(opened, approvedOn, 'approvedOn')
      const version =
        penaltyCaseRules.versions.find((v) => v.version === opened.rule.version) ?? penaltyCaseRules.at(opened.openedOn)
      const { extensionDays, maxExtensions } = version.rules
      if (state.extensions >= maxExtensions)
        throw refuse(
          'case-extension-limit',
          `the term is extended at most ${maxExtensions} time(s)`,
          `办案期限至多延长 ${maxExtensions} 次`,
        )
      const due = state.decisionDue ?? opened.decisionDue
      if (approvedOn > due)
        throw refuse(
          'case-extension-too-late',
          `an extension is approved by the due day ${due}`,
          `延期应在办案期限 ${due} 届满前批准`,
          ['approvedOn'],
        )
      const days = command.data.extensionDays ?? extensionDays
      if (days > extensionDays)
        throw refuse(
          'case-extension-too-long',
          `at most ${extensionDays} days (${version.version})`,
          `至多延长 ${extensionDays} 日（${version.version}）`,
          ['extensionDays'],
        )
      return [
        {
          type: 'PenaltyCaseExtended',
          data: {
            ...ids,
            approvedOn,
            approvedBy: approver.id,
            extensionDays: days,
            decisionDue: addDays(due, days),
            reason,
            rule: ruleRef(penaltyCaseRules, version),
          },
        },
      ]
    }
    case 'DecidePenaltyCase':
      requireApprover(command.data.approver)
      beforeDecision(state)
      notBeforeOpening(opened, command.data.decidedOn, 'decidedOn')
      return [{ type: 'PenaltyCaseDecided', data: decidePenalties(opened, command.data) }]
    case 'ClosePenaltyCase': {
      stillHandled(state)
      const accepted = state.referral?.status === 'accepted'
      if (!state.decided && !accepted)
        throw refuse(
          'case-not-decided',
          'a case is closed once decided (or accepted by the police)',
          '作出处罚决定（或公安机关立案）后方可结案',
        )
      notBeforeOpening(opened, command.data.closedOn, 'closedOn')
      if (state.decided && command.data.closedOn < state.decided.on)
        throw refuse(
          'case-closed-before-decision',
          `before the decision of ${state.decided.on}`,
          `早于处罚决定日期 ${state.decided.on}`,
          ['closedOn'],
        )
      const imposed = state.decided?.fineFen ?? 0
      if (command.data.fineCollectedFen > imposed)
        throw refuse(
          'case-collected-exceeds-fine',
          `more than the ${imposed} fen imposed`,
          `超过处罚决定的罚款 ${imposed} 分`,
          ['fineCollectedFen'],
        )
      return [{ type: 'PenaltyCaseClosed', data: { ...ids, ...command.data } }]
    }
    case 'DropPenaltyCase':
      stillHandled(state)
      notBeforeOpening(opened, command.data.droppedOn, 'droppedOn')
      return [{ type: 'PenaltyCaseDropped', data: { ...ids, ...command.data } }]
    case 'ReferCaseToPolice':
      stillHandled(state)
      if (state.referral?.status === 'accepted')
        throw refuse('case-with-police', 'the police already accepted the case', '公安机关已立案')
      notBeforeOpening(opened, command.data.referredOn, 'referredOn')
      return [{ type: 'PenaltyCaseReferredToPolice', data: { ...ids, ...command.data } }]
    case 'RecordPoliceReceipt': {
      const referral = state.referral
      if (referral?.status !== 'pending')
        throw refuse('case-no-pending-referral', 'no referral awaits a receipt', '无待回执的移送')
      const { outcome, criminalCaseNumber, reason } = command.data
      if (command.data.receivedOn < referral.referredOn)
        throw refuse(
          'case-receipt-before-referral',
          `before the referral of ${referral.referredOn}`,
          `早于移送日期 ${referral.referredOn}`,
          ['receivedOn'],
        )
      if (outcome === 'accepted' && criminalCaseNumber === undefined)
        throw refuse(
          'case-criminal-number-required',
          'an accepted referral has a criminal case number',
          '公安机关立案须注明刑事案件编号',
          ['criminalCaseNumber'],
        )
      if (outcome === 'declined' && reason === undefined)
        throw refuse('case-decline-reason-required', 'a declined referral has a reason', '不予立案须注明理由', [
          'reason',
        ])
      return [{ type: 'PenaltyCasePoliceReceiptRecorded', data: { ...ids, ...command.data } }]
    }
  }
}

function evolve(state: PenaltyCaseState, event: EnforcementEvent): PenaltyCaseState {
  switch (event.type) {
    case 'PenaltyCaseOpened':
      return { opened: event.data, stage: 'opened', decisionDue: event.data.decisionDue, extensions: 0 }
    case 'PenaltyCaseInvestigated':
      return { ...state, stage: 'investigated' }
    case 'PenaltyCaseExtended':
      return { ...state, decisionDue: event.data.decisionDue, extensions: state.extensions + 1 }
    case 'PenaltyCaseDecided':
      return { ...state, stage: 'decided', decided: { on: event.data.decidedOn, fineFen: event.data.fineFen } }
    case 'PenaltyCaseClosed':
      return { ...state, stage: 'closed' }
    case 'PenaltyCaseDropped':
      return { ...state, stage: 'dropped' }
    case 'PenaltyCaseReferredToPolice':
      return { ...state, referral: { referredOn: event.data.referredOn, status: 'pending' } }
    case 'PenaltyCasePoliceReceiptRecorded':
      return state.referral ? { ...state, referral: { ...state.referral, status: event.data.outcome } } : state
    default:
      return state
  }
}

export const penaltyCaseDecider: Decider<PenaltyCaseCommand, EnforcementEvent, PenaltyCaseState> = {
  initialState: () => ({ stage: 'opened', extensions: 0 }),
  evolve,
  decide,
}
