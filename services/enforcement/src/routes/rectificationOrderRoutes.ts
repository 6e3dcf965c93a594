import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import { createKysely } from '@gsr/db'
import { DomainError } from '@gsr/domain'
import {
  findingCategory,
  rectificationOrderDecider,
  rectificationOrderDeciderWith,
  rectificationOrderRules,
  type RectificationOrderCommand,
} from '@gsr/domain/enforcement'
import { regionContains } from '@gsr/events'
import { rectificationOrderStreamName } from '@gsr/events/enforcement'
import { findingStreamName, parseEquipmentEvent } from '@gsr/events/equipment'
import {
  canActInRegion,
  canRead,
  commandRoute,
  factId,
  fieldOccurredAt,
  identity,
  loadRuleTable,
  notFound,
  problemResponses,
  recordCommand,
  requestLanguage,
  requireRegion,
  workflowSteps,
  type KitApp,
  type ServiceContext,
  requestToday,
} from '@gsr/http-kit'
import {
  getRectificationOrder,
  getViolation,
  listRectificationOrders,
  rectificationOrdersCsv,
  type EnforcementTables,
  type RectificationOrderView,
} from '@gsr/read-models/enforcement'
import { pageOf, sendCsv } from './enforcementQuery.ts'
import { workflowListScope } from './organisationScope.ts'
import {
  DeliverBody,
  IssueOrderBody,
  CsvOrderQuery,
  OneOrderQuery,
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

/**
 * Who reads one order: an authority by region (`canRead`), the organisation ordered. An
 * inspection agency is not an authority over orders: it reads only orders naming it.
 */
function mayRead(request: FastifyRequest, order: { region: string; organisation_id: string }): boolean {
  const p = request.principal
  if (p.organisationKind === 'inspection_agency') return order.organisation_id === p.organisationId
  return canRead(p, { region: order.region, organisationIds: [order.organisation_id] })
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
  async function resolveProblems(request: FastifyRequest, body: z.infer<typeof IssueOrderBody>) {
    const visible = (region: string) => canActInRegion(request.principal, region) && regionContains(body.region, region)
    // Looked up together; the refusal named is the first problem's, whichever lookup ends first.
    const results = await Promise.allSettled(
      body.problems.map(async (problem, index) => {
        let found: { category: string; organisationId: string | undefined } | undefined
        if (problem.source === 'violation') {
          const violation = await getViolation(db, problem.id)
          if (violation && visible(violation.region))
            found = { category: violation.category, organisationId: violation.organisation_id }
        } else {
          const [first] = await ctx.eventStore.readStream(findingStreamName(problem.id))
          const event = first && parseEquipmentEvent(first)
          const category = event && findingCategory[event.type]
          if (event && category && 'region' in event.data && visible(event.data.region)) {
            const data = event.data as { usingOrganisationId?: string; organisationId?: string }
            found = { category, organisationId: data.usingOrganisationId ?? data.organisationId }
          }
        }
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

  commandRoute(app, '/enforcement/rectification-orders', {
    kinds: [...writers],
    tags,
    summary: 'Issue a rectification order (责令改正) on violations or field findings of one organisation',
    description:
      'The deadline (default issuedOn + the term) and the articles cited come from the rule table rectificationOrderRules in force on issuedOn. Region outside the team’s: 403; a problem the team cannot see: 422 naming it.',
    body: IssueOrderBody,
    refusals: [400, 401, 403, 409, 422],
    record: async (request, _params, { orderId: givenId, occurredAt, ...body }) => {
      // Without an id, one derived from the Idempotency-Key: a retry names the same order (recorded once).
      const orderId = givenId ?? factId(request, 'rectification-order')
      requireRegion(request, body.region)
      const organisation = await identity.getOrganisation(ctx.sql, body.organisationId)
      if (!organisation)
        throw new DomainError(
          'organisation-not-found',
          { en: `no organisation ${body.organisationId}`, 'zh-CN': `单位 ${body.organisationId} 不存在` },
          ['organisationId'],
        )
      const problems = await resolveProblems(request, { ...body, orderId })
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
      // The effective table: code versions and those an administrator published (issue 16).
      const rules = await loadRuleTable(ctx.eventStore, rectificationOrderRules)
      return recordCommand(
        ctx,
        request,
        rectificationOrderStreamName(orderId),
        rectificationOrderDeciderWith(rules),
        command,
        fieldOccurredAt(body.issuedOn, occurredAt),
      )
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

  app.get(
    '/enforcement/rectification-orders',
    {
      schema: {
        tags,
        summary: 'Rectification orders by deadline, their status on a day; overdue ones; rebounds flagged',
        description:
          'Enforcement: its region and below; administrators: all; any other organisation: the orders naming it. status=overdue lists orders past their deadline on `on` without a re-check by then.',
        querystring: OrderQuery,
        response: {
          200: z.object({ items: z.array(RectificationOrder), next: z.string().optional() }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const q = request.query
      const scope = await workflowListScope(request, ctx, db, q)
      const page = await pageOf(
        listRectificationOrders(ctx.sql, {
          scope,
          on: q.on ?? requestToday(request),
          status: q.status,
          organisationId: q.organisationId,
          after: q.after,
          limit: q.limit,
        }),
      )
      const names = await identity.organisationNames(ctx.sql, [
        ...new Set(page.items.map((v) => v.row.organisation_id)),
      ])
      return { items: page.items.map((v) => toOrder(v, names)), ...(page.next ? { next: page.next } : {}) }
    },
  )

  app.get(
    '/enforcement/rectification-orders.csv',
    {
      schema: {
        tags,
        summary:
          'Rectification orders as CSV (the list’s filters, every order, at most 10,000); header and labels follow Accept-Language, UTF-8 with a byte-order mark',
        querystring: CsvOrderQuery,
        response: { 200: z.string(), ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const q = request.query
      const scope = await workflowListScope(request, ctx, db, q)
      const on = q.on ?? requestToday(request)
      const { items } = await listRectificationOrders(ctx.sql, {
        scope,
        on,
        status: q.status,
        organisationId: q.organisationId,
        limit: 10_000,
      })
      const language = requestLanguage(request)
      return sendCsv(reply, {
        name: `rectification-orders-${on}.csv`,
        language,
        body: rectificationOrdersCsv(items, language),
      })
    },
  )

  app.get(
    '/enforcement/rectification-orders/:orderId',
    {
      schema: {
        tags,
        summary: 'One rectification order on a day (404 outside your scope, as unknown)',
        params: OrderParams,
        querystring: OneOrderQuery,
        response: { 200: RectificationOrder, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const on = request.query.on ?? requestToday(request)
      const view = await getRectificationOrder(ctx.sql, request.params.orderId, on)
      if (!view || !mayRead(request, view.row)) throw notFound()
      return toOrder(view, await identity.organisationNames(ctx.sql, [view.row.organisation_id]))
    },
  )
}
