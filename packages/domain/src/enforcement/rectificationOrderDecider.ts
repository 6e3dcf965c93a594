import type { EnforcementEvent, EnforcementEventOf } from '@gsr/events/enforcement'
import { DomainError, type Decider } from '../Decider.ts'
import { NoRuleInForceError, ruleRef, type RuleTable } from '../RuleTable.ts'
import { addDays } from '../calendar.ts'
import { rectificationOrderRules, type RectificationOrderRules } from './rectificationOrderRules.ts'
import { violationCategories, type ViolationCategory } from './violationCatalogue.ts'

type Issued = EnforcementEventOf<'RectificationOrderIssued'>['data']

/**
 * Stream `rectification-order-<orderId>`: issued (on problems of one organisation, with a
 * deadline within the rule table's term and the articles it cites) → delivered → re-checked
 * (复查) at or after the deadline: rectified, or not (then escalated, for a case).
 */
export type RectificationOrderCommand =
  | {
      type: 'IssueRectificationOrder'
      data: Omit<Issued, 'deadline' | 'legalBasis' | 'rule'> & { deadline?: string | undefined }
    }
  | {
      type: 'DeliverRectificationOrder'
      data: Omit<EnforcementEventOf<'RectificationOrderDelivered'>['data'], 'orderId' | 'region'>
    }
  | {
      type: 'RecheckRectificationOrder'
      data: Omit<EnforcementEventOf<'RectificationOrderRechecked'>['data'], 'orderId' | 'region'>
    }

export interface RectificationOrderState {
  readonly issued?: Issued
  readonly deliveredOn?: string
  readonly recheck?: { readonly on: string; readonly outcome: 'rectified' | 'not_rectified' }
}

const refuse = (code: string, en: string, zh: string, fields: string[]) =>
  new DomainError(code, { en, 'zh-CN': zh }, fields)

function issuedOrder(state: RectificationOrderState): Issued {
  if (!state.issued) throw refuse('order-not-found', 'no such rectification order', '整改通知书不存在', ['orderId'])
  return state.issued
}

function issue(
  command: Extract<RectificationOrderCommand, { type: 'IssueRectificationOrder' }>['data'],
  table: RuleTable<RectificationOrderRules>,
): Issued {
  const { deadline: asked, ...data } = command
  const ids = data.problems.map((p) => `${p.source}:${p.id}`)
  if (new Set(ids).size !== ids.length)
    throw refuse('duplicate-problem', 'a problem is named twice', '同一问题重复列出', ['problems'])
  const version = table.inForceOn(data.issuedOn)
  if (!version) throw new NoRuleInForceError(table.name, data.issuedOn, ['issuedOn'])
  const { rules } = version
  const deadline = asked ?? addDays(data.issuedOn, rules.defaultDeadlineDays)
  if (deadline < data.issuedOn)
    throw refuse('deadline-before-issue', 'the deadline is before the issue day', '整改期限早于下达日期', ['deadline'])
  const latest = addDays(data.issuedOn, rules.maxDeadlineDays)
  if (deadline > latest)
    throw refuse(
      'deadline-beyond-rule',
      `the term for rectifying is at most ${rules.maxDeadlineDays} days: ${latest} at the latest (${version.version})`,
      `整改期限最长 ${rules.maxDeadlineDays} 日：至迟 ${latest}（${version.version}）`,
      ['deadline'],
    )
  const categories = [...new Set(data.problems.map((p) => p.category))]
  const legalBasis = categories.map((category) => {
    if (!(violationCategories as readonly string[]).includes(category))
      throw refuse('unknown-problem-category', `no article for ${category}`, `无 ${category} 的法律依据`, ['problems'])
    return { category, article: rules.legalBasis[category as ViolationCategory] }
  })
  return { ...data, deadline, legalBasis, rule: ruleRef(table, version) }
}

function decide(
  command: RectificationOrderCommand,
  state: RectificationOrderState,
  table: RuleTable<RectificationOrderRules>,
): EnforcementEvent[] {
  switch (command.type) {
    case 'IssueRectificationOrder':
      if (state.issued)
        throw refuse('order-already-issued', 'this order id is already issued', '该整改通知书编号已下达', ['orderId'])
      return [{ type: 'RectificationOrderIssued', data: issue(command.data, table) }]
    case 'DeliverRectificationOrder': {
      const order = issuedOrder(state)
      if (state.deliveredOn !== undefined)
        throw refuse('order-already-delivered', 'the order is already delivered', '整改通知书已送达', [])
      if (command.data.deliveredOn < order.issuedOn)
        throw refuse('delivered-before-issue', 'delivered before it was issued', '送达日期早于下达日期', [
          'deliveredOn',
        ])
      return [
        {
          type: 'RectificationOrderDelivered',
          data: { orderId: order.orderId, region: order.region, ...command.data },
        },
      ]
    }
    case 'RecheckRectificationOrder': {
      const order = issuedOrder(state)
      if (state.recheck)
        throw refuse('order-already-rechecked', 'the order is already re-checked', '整改通知书已复查', [])
      if (state.deliveredOn === undefined)
        throw refuse('order-not-delivered', 'an order is re-checked once delivered', '整改通知书送达后方可复查', [])
      if (command.data.recheckedOn < order.deadline)
        throw refuse(
          'recheck-before-deadline',
          `the re-check is at or after the deadline ${order.deadline}`,
          `复查应在整改期限 ${order.deadline} 届满之日或之后`,
          ['recheckedOn'],
        )
      const rechecked: EnforcementEvent = {
        type: 'RectificationOrderRechecked',
        data: { orderId: order.orderId, region: order.region, ...command.data },
      }
      if (command.data.outcome === 'rectified') return [rechecked]
      return [
        rechecked,
        {
          type: 'RectificationOrderEscalated',
          data: {
            orderId: order.orderId,
            region: order.region,
            organisationId: order.organisationId,
            escalatedOn: command.data.recheckedOn,
            reason: 'not_rectified',
          },
        },
      ]
    }
  }
}

function evolve(state: RectificationOrderState, event: EnforcementEvent): RectificationOrderState {
  switch (event.type) {
    case 'RectificationOrderIssued':
      return { issued: event.data }
    case 'RectificationOrderDelivered':
      return { ...state, deliveredOn: event.data.deliveredOn }
    case 'RectificationOrderRechecked':
      return { ...state, recheck: { on: event.data.recheckedOn, outcome: event.data.outcome } }
    default:
      return state
  }
}

/**
 * The decider over a given `rectificationOrderRules` table: the effective one (code versions and
 * those an administrator published, `withPublished`), which the issuing route loads.
 */
export function rectificationOrderDeciderWith(
  table: RuleTable<RectificationOrderRules>,
): Decider<RectificationOrderCommand, EnforcementEvent, RectificationOrderState> {
  return { initialState: () => ({}), evolve, decide: (command, state) => decide(command, state, table) }
}

/** Over the versions in code only. */
export const rectificationOrderDecider = rectificationOrderDeciderWith(rectificationOrderRules)
