import type { FastifyRequest } from 'fastify'
import type { z } from 'zod'
import { createKysely } from '@gsr/db'
import { DomainError } from '@gsr/domain'
import {
  rectificationOrderDecider,
  rectificationOrderDeciderWith,
  rectificationOrderRules,
  type RectificationOrderCommand,
} from '@gsr/domain/enforcement'
import { regionContains } from '@gsr/events'
import { rectificationOrderStreamName } from '@gsr/events/enforcement'
import {
  canActInRegion,
  loadRuleTable,
  requireRegion,
  workflowSteps,
  type KitApp,
  type ServiceContext,
} from '@gsr/http-kit'
import {
  getRectificationOrder,
  listRectificationOrders,
  rectificationOrdersCsv,
  type EnforcementTables,
  type RectificationOrderView,
} from '@gsr/read-models/enforcement'
import { namedProblem } from './namedProblem.ts'
import { newRecordRoute, type NewRecordBody } from './newRecordRoute.ts'
import { registeredOrganisation } from './registeredOrganisation.ts'
import { withOrganisationNames } from './withOrganisationNames.ts'
import { workflowListRoutes } from './workflowListRoutes.ts'
import { workflowRecordRoute } from './workflowRecordRoute.ts'
import {
  DeliverBody,
  IssueOrderBody,
  OrderParams,
  OrderQuery,
  RecheckBody,
  RectificationOrder,
} from './rectificationOrderSchemas.ts'

const tags = ['enforcement: rectification orders']
/** Issue, deliver, re-check: enforcement teams of the order's region (operators and admins, not viewers). */
const writers = ['enforcement'] as const

function toOrder(view: RectificationOrderView, names: ReadonlyMap<string, string>): z.infer<typeof RectificationOrder> {
  const r = view.row
  return {
    orderId: r.order_id,
    enforcementOrganisationId: r.enforcement_organisation_id,
    region: r.region,
    organisationId: r.organisation_id,
    organisationName: names.get(r.organisation_id) ?? null,
    problems: r.problems,
    issuedOn: r.issued_on,
    deadline: r.deadline,
    legalBasis: r.legal_basis,
    rule: r.rule,
    requirements: r.requirements,
    deliveredOn: r.delivered_on,
    deliveryMethod: r.delivery_method,
    recheckedOn: r.rechecked_on,
    outcome: r.outcome,
    escalatedOn: r.escalated_on,
    on: view.on,
    status: view.status,
    overdue: view.overdue,
    overdueSince: r.overdue_since,
    rebound: view.rebound ? { ...view.rebound, categories: [...view.rebound.categories] } : null,
    evidence: { issuedEventId: r.issued_event_id },
  }
}

const problemRefused = (code: string, index: number, en: string, zh: string) =>
  new DomainError(code, { en, 'zh-CN': zh }, [`problems.${index}.id`])

/** Rectification orders (责令改正/整改通知书): issue, deliver, re-check; the list and one order on a day. */
export async function rectificationOrderRoutes(app: KitApp, ctx: ServiceContext): Promise<void> {
  const db = createKysely<EnforcementTables>(ctx.sql)

  /**
   * Each problem named, as the team may see it: a violation or finding in the team's region and
   * in the order's, of the organisation ordered. One the team cannot see is answered as unknown.
   */
  async function resolveProblems(request: FastifyRequest, body: NewRecordBody<typeof IssueOrderBody, 'orderId'>) {
    const visible = (region: string) => canActInRegion(request.principal, region) && regionContains(body.region, region)
    // Looked up together; the refusal named is the first problem's, whichever lookup ends first.
    const results = await Promise.allSettled(
      body.problems.map(async (problem, index) => {
        const found = await namedProblem(ctx, db, problem, visible)
        if (!found)
          throw problemRefused(
            'problem-not-found',
            index,
            `no ${problem.source} ${problem.id} in region ${body.region}`,
            `辖区 ${body.region} 内无此${problem.source === 'violation' ? '违法行为' : '检查发现'}：${problem.id}`,
          )
        if (found.organisationId !== undefined && found.organisationId !== body.organisationId)
          throw problemRefused(
            'problem-of-another-organisation',
            index,
            `${problem.id} concerns another organisation`,
            `${problem.id} 涉及其他单位`,
          )
        return { ...problem, category: found.category }
      }),
    )
    const refused = results.find((r) => r.status === 'rejected')
    if (refused) throw refused.reason
    return results.map(
      (r) => (r as PromiseFulfilledResult<(typeof body.problems)[number] & { category: string }>).value,
    )
  }

  newRecordRoute(app, ctx, '/enforcement/rectification-orders', {
    kinds: writers,
    tags,
    summary: 'Issue a rectification order (责令改正) on violations or field findings of one organisation',
    description:
      'The deadline (default issuedOn + the term) and the articles cited come from the rule table rectificationOrderRules in force on issuedOn. Region outside the team’s: 403; a problem the team cannot see: 422 naming it.',
    body: IssueOrderBody,
    id: ['orderId', 'rectification-order'],
    stream: rectificationOrderStreamName,
    // The effective table: code versions and those an administrator published (issue 16).
    decider: async () => rectificationOrderDeciderWith(await loadRuleTable(ctx.eventStore, rectificationOrderRules)),
    fieldDate: (body) => body.issuedOn,
    command: async (request, orderId, body) => {
      requireRegion(request, body.region)
      await registeredOrganisation(ctx, body.organisationId, 'organisationId')
      const problems = await resolveProblems(request, body)
      const command: RectificationOrderCommand = {
        type: 'IssueRectificationOrder',
        data: {
          orderId,
          enforcementOrganisationId: request.principal.organisationId,
          region: body.region,
          organisationId: body.organisationId,
          problems,
          issuedOn: body.issuedOn,
          deadline: body.deadline,
          ...(body.requirements !== undefined ? { requirements: body.requirements } : {}),
        },
      }
      return command
    },
  })

  /** A step on an issued order: only a team of the order's region; any other caller 404, as unknown. */
  const step = workflowSteps(app, ctx, {
    url: '/enforcement/rectification-orders/:orderId',
    params: OrderParams,
    kinds: writers,
    tags,
    stream: ({ orderId }) => rectificationOrderStreamName(orderId),
    decider: rectificationOrderDecider,
    region: (state) => state.issued?.region,
  })

  step({
    path: 'delivery',
    summary: 'Record the delivery of an order (送达)',
    body: DeliverBody,
    fieldDate: (b) => b.deliveredOn,
    command: (b) => ({ type: 'DeliverRectificationOrder', data: { deliveredOn: b.deliveredOn, method: b.method } }),
  })
  step({
    path: 'recheck',
    summary: 'Re-check an order at or after its deadline (复查): rectified, or not (escalated)',
    body: RecheckBody,
    fieldDate: (b) => b.recheckedOn,
    command: (b) => ({
      type: 'RecheckRectificationOrder',
      data: { recheckedOn: b.recheckedOn, outcome: b.outcome, ...(b.notes !== undefined ? { notes: b.notes } : {}) },
    }),
  })

  const present = withOrganisationNames(ctx, toOrder)
  workflowListRoutes(app, ctx, db, {
    url: '/enforcement/rectification-orders',
    tags,
    summary: 'Rectification orders by deadline, their status on a day; overdue ones; rebounds flagged',
    description:
      'Enforcement: its region and below; administrators: all; any other organisation: the orders naming it. status=overdue lists orders past their deadline on `on` without a re-check by then.',
    querystring: OrderQuery,
    item: RectificationOrder,
    list: (filters, q) => listRectificationOrders(ctx.sql, { ...filters, status: q.status }),
    present,
    csv: {
      summary:
        'Rectification orders as CSV (the list’s filters, every order, at most 10,000); header and labels follow Accept-Language, UTF-8 with a byte-order mark',
      name: (on) => `rectification-orders-${on}.csv`,
      body: rectificationOrdersCsv,
    },
  })

  workflowRecordRoute(app, {
    url: '/enforcement/rectification-orders/:orderId',
    tags,
    summary: 'One rectification order on a day (404 outside your scope, as unknown)',
    params: OrderParams,
    item: RectificationOrder,
    get: ({ orderId }, on) => getRectificationOrder(ctx.sql, orderId, on),
    present,
  })
}
