import type { FastifyRequest } from 'fastify'
import type { z } from 'zod'
import { createKysely } from '@gsr/db'
import { DomainError } from '@gsr/domain'
import {
  penaltyCaseDecider,
  rectificationOrderDecider,
  type CaseApprover,
  type PenaltyCaseCommand,
} from '@gsr/domain/enforcement'
import { regionContains } from '@gsr/events'
import { penaltyCaseStreamName, rectificationOrderStreamName } from '@gsr/events/enforcement'
import { findingStreamName } from '@gsr/events/equipment'
import {
  canActInRegion,
  listScope,
  loadState,
  ProblemError,
  problemResponses,
  requireRegion,
  workflowSteps,
  type KitApp,
  type ServiceContext,
  requestToday,
} from '@gsr/http-kit'
import {
  fenOf,
  getPenaltyCase,
  listPenaltyCases,
  penaltyCaseStatistics,
  penaltyCasesCsv,
  type EnforcementTables,
  type PenaltyCaseView,
} from '@gsr/read-models/enforcement'
import { namedProblem } from './namedProblem.ts'
import { newRecordRoute, type NewRecordBody } from './newRecordRoute.ts'
import { registeredOrganisation } from './registeredOrganisation.ts'
import { withOrganisationNames } from './withOrganisationNames.ts'
import { workflowListRoutes } from './workflowListRoutes.ts'
import { workflowRecordRoute } from './workflowRecordRoute.ts'
import {
  CaseParams,
  CaseQuery,
  CaseStatistics,
  ClosureBody,
  DecisionBody,
  DroppingBody,
  ExtensionBody,
  InvestigationBody,
  OpenCaseBody,
  PenaltyCase,
  PoliceReceiptBody,
  ReferralBody,
  StatisticsQuery,
} from './penaltyCaseSchemas.ts'

const tags = ['enforcement: penalty cases']
/** Every step: enforcement teams of the case's region (operators and admins, not viewers). */
const writers = ['enforcement'] as const

/**
 * The approver of a decision or an extension. The credentials carry no team-leader role: the
 * `admin` role of the enforcement organisation stands for the department head (负责人) who
 * approves; an `operator` records every other step.
 */
const approverOf = (request: FastifyRequest): CaseApprover => ({
  id: `${request.principal.organisationId}/${request.principal.userId}`,
  mayApprove: request.principal.role === 'admin',
})

export function toCase(view: PenaltyCaseView, names: ReadonlyMap<string, string>): z.infer<typeof PenaltyCase> {
  const r = view.row
  return {
    caseId: r.case_id,
    enforcementOrganisationId: r.enforcement_organisation_id,
    region: r.region,
    organisationId: r.organisation_id,
    organisationName: names.get(r.organisation_id) ?? null,
    sources: r.sources,
    openedOn: r.opened_on,
    summary: r.summary,
    rule: r.rule,
    investigatedOn: r.investigated_on,
    investigation: r.investigation,
    extension:
      r.extension && r.extended_on && r.extended_due
        ? { ...r.extension, approvedOn: r.extended_on, decisionDue: r.extended_due }
        : null,
    decidedOn: r.decided_on,
    decision: r.decision,
    fineFen: fenOf(r.fine_fen),
    closedOn: r.closed_on,
    fineCollectedFen: fenOf(r.fine_collected_fen),
    droppedOn: r.dropped_on,
    dropping: r.dropping,
    referrals: r.referrals.map(({ referredEventId, receiptEventId, ...rest }) => ({
      ...rest,
      evidenceEventIds: { referred: referredEventId, receipt: receiptEventId },
    })),
    on: view.on,
    stage: view.stage,
    decisionDue: view.decisionDue,
    overdue: view.overdue,
    overdueSince: view.overdueSince ?? null,
    referral: view.referral ?? null,
    evidence: { openedEventId: r.opened_event_id },
  }
}

const sourceRefused = (code: string, index: number, en: string, zh: string) =>
  new DomainError(code, { en, 'zh-CN': zh }, [`sources.${index}.id`])

/**
 * Administrative penalty cases (行政处罚案件) and their referral to the police (移送公安): open,
 * investigate, extend, decide, close, drop, refer, record the police's receipt; the list and one
 * case on a day; statistics by region and month.
 */
export async function penaltyCaseRoutes(app: KitApp, ctx: ServiceContext): Promise<void> {
  const db = createKysely<EnforcementTables>(ctx.sql)

  /**
   * Each source named, as the team may see it (the rule of rectification orders): a violation,
   * finding or order in the team's region and in the case's, of the party. A rectification order
   * must have been re-checked not rectified (escalated). A complaint id is taken as given.
   */
  async function resolveSources(request: FastifyRequest, body: NewRecordBody<typeof OpenCaseBody, 'caseId'>) {
    const visible = (region: string) => canActInRegion(request.principal, region) && regionContains(body.region, region)
    return Promise.all(
      body.sources.map(async (source, index) => {
        if (source.source === 'complaint') return { ...source, categories: [] }
        let found: { categories: string[]; organisationId: string | undefined } | undefined
        if (source.source === 'violation' || source.source === 'finding') {
          const problem = await namedProblem(ctx, db, { source: source.source, id: source.id }, visible)
          if (problem) found = { categories: [problem.category], organisationId: problem.organisationId }
        } else {
          const order = await loadState(
            ctx.eventStore,
            rectificationOrderStreamName(source.id),
            rectificationOrderDecider,
          )
          if (order.issued && visible(order.issued.region)) {
            if (order.recheck?.outcome !== 'not_rectified')
              throw sourceRefused(
                'case-order-not-escalated',
                index,
                `order ${source.id} was not re-checked as not rectified`,
                `整改通知书 ${source.id} 未经复查认定逾期未改正`,
              )
            found = {
              categories: [...new Set(order.issued.problems.map((p) => p.category))],
              organisationId: order.issued.organisationId,
            }
          }
        }
        if (!found)
          throw sourceRefused(
            'case-source-not-found',
            index,
            `no ${source.source} ${source.id} in region ${body.region}`,
            `辖区 ${body.region} 内无此案件来源：${source.id}`,
          )
        if (found.organisationId !== undefined && found.organisationId !== body.organisationId)
          throw sourceRefused(
            'case-source-of-another-party',
            index,
            `${source.id} concerns another organisation`,
            `${source.id} 涉及其他单位`,
          )
        return { ...source, categories: found.categories }
      }),
    )
  }

  newRecordRoute(app, ctx, '/enforcement/cases', {
    kinds: writers,
    tags,
    summary: 'Open a penalty case (立案) from violations, field findings, escalated rectification orders or complaints',
    description:
      'The decision due day (openedOn + the term) comes from the rule table penaltyCaseRules in force on openedOn. Region outside the team’s: 403; a source the team cannot see: 422 naming it. Complaint ids are not checked.',
    body: OpenCaseBody,
    id: ['caseId', 'penalty-case'],
    stream: penaltyCaseStreamName,
    decider: penaltyCaseDecider,
    fieldDate: (body) => body.openedOn,
    command: async (request, caseId, body) => {
      requireRegion(request, body.region)
      await registeredOrganisation(ctx, body.organisationId, 'organisationId')
      const sources = await resolveSources(request, body)
      const command: PenaltyCaseCommand = {
        type: 'OpenPenaltyCase',
        data: {
          caseId,
          enforcementOrganisationId: request.principal.organisationId,
          region: body.region,
          organisationId: body.organisationId,
          sources,
          openedOn: body.openedOn,
          ...(body.summary !== undefined ? { summary: body.summary } : {}),
        },
      }
      return command
    },
  })

  /** A step on an opened case: only a team of the case's region; any other caller 404, as unknown. */
  const step = workflowSteps(app, ctx, {
    url: '/enforcement/cases/:caseId',
    params: CaseParams,
    kinds: writers,
    tags,
    stream: ({ caseId }) => penaltyCaseStreamName(caseId),
    decider: penaltyCaseDecider,
    region: (state) => state.opened?.region,
  })

  const optional = <K extends string, V>(key: K, value: V | undefined) =>
    (value !== undefined ? { [key]: value } : {}) as { [P in K]?: V }

  step({
    path: 'investigation',
    summary: 'Record the investigation (调查终结)',
    body: InvestigationBody,
    fieldDate: (b) => b.investigatedOn,
    command: (b) => ({
      type: 'RecordCaseInvestigation',
      data: {
        investigatedOn: b.investigatedOn,
        findings: b.findings,
        ...optional('evidenceEventIds', b.evidenceEventIds),
      },
    }),
  })
  step({
    path: 'extension',
    summary: 'Extend the decision term once (延期), approved by an approver (admin role)',
    body: ExtensionBody,
    fieldDate: (b) => b.approvedOn,
    command: (b, { request }) => ({
      type: 'ExtendCaseTimeLimit',
      data: {
        approvedOn: b.approvedOn,
        reason: b.reason,
        extensionDays: b.extensionDays,
        approver: approverOf(request),
      },
    }),
  })
  step({
    path: 'decision',
    summary: 'Decide the penalty (处罚决定), approved by an approver (admin role); fines in integer fen',
    body: DecisionBody,
    fieldDate: (b) => b.decidedOn,
    command: (b, { request }) => ({
      type: 'DecidePenaltyCase',
      data: {
        decidedOn: b.decidedOn,
        decisionNumber: b.decisionNumber,
        penalties: b.penalties,
        categories: b.categories,
        approver: approverOf(request),
      },
    }),
  })
  step({
    path: 'closure',
    summary: 'Close the case (结案), with the fine collected in integer fen',
    body: ClosureBody,
    fieldDate: (b) => b.closedOn,
    command: (b) => ({
      type: 'ClosePenaltyCase',
      data: { closedOn: b.closedOn, fineCollectedFen: b.fineCollectedFen, ...optional('notes', b.notes) },
    }),
  })
  step({
    path: 'dropping',
    summary: 'Drop the case before closure: no penalty (不予处罚) or withdrawn (撤案), with the reason',
    body: DroppingBody,
    fieldDate: (b) => b.droppedOn,
    command: (b) => ({ type: 'DropPenaltyCase', data: { droppedOn: b.droppedOn, kind: b.kind, reason: b.reason } }),
  })
  step({
    path: 'referral',
    summary: 'Refer the case to the police (移送公安) with its evidence',
    body: ReferralBody,
    fieldDate: (b) => b.referredOn,
    command: async (b, { state }) => {
      // The sources' evidence, always: violations by their evidence bundle, orders and findings by URL / event id.
      const fromSources = await Promise.all(
        (state.opened?.sources ?? []).map(async (s) => {
          switch (s.source) {
            case 'violation':
              return {
                url: `/enforcement/violations/${encodeURIComponent(s.id)}/evidence-bundle`,
                description: `violation ${s.id}`,
              }
            case 'rectification_order': {
              const [issued] = await ctx.eventStore.readStream(rectificationOrderStreamName(s.id))
              return {
                url: `/enforcement/rectification-orders/${encodeURIComponent(s.id)}`,
                ...optional('eventId', issued?.id),
                description: `rectification order ${s.id}`,
              }
            }
            case 'finding': {
              const [first] = await ctx.eventStore.readStream(findingStreamName(s.id))
              return { ...optional('eventId', first?.id), description: `field finding ${s.id}` }
            }
            case 'complaint':
              return { description: `complaint ${s.id}` }
          }
        }),
      )
      return {
        type: 'ReferCaseToPolice',
        data: {
          referredOn: b.referredOn,
          policeAgency: b.policeAgency,
          reason: b.reason,
          evidence: [...fromSources, ...(b.evidence ?? [])],
        },
      }
    },
  })
  step({
    path: 'police-receipt',
    summary:
      'Record the police’s receipt of a referral: accepted (with the criminal case number) or declined (back to administrative handling)',
    body: PoliceReceiptBody,
    fieldDate: (b) => b.receivedOn,
    command: (b) => ({
      type: 'RecordPoliceReceipt',
      data: {
        receivedOn: b.receivedOn,
        outcome: b.outcome,
        ...optional('criminalCaseNumber', b.criminalCaseNumber),
        ...optional('reason', b.reason),
      },
    }),
  })

  const present = withOrganisationNames(ctx, toCase)
  workflowListRoutes(app, ctx, db, {
    url: '/enforcement/cases',
    tags,
    summary: 'Penalty cases by opening day, their stage on a day; overdue ones; referred ones with their state',
    description:
      'Enforcement: its region and below; administrators: all; any other organisation: its own cases. overdue=true lists cases past their decision due day on `on`, undecided; referral=any lists the referred ones.',
    querystring: CaseQuery,
    item: PenaltyCase,
    list: (filters, q) =>
      listPenaltyCases(ctx.sql, {
        ...filters,
        stage: q.stage,
        overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
        referral: q.referral,
      }),
    present,
    csv: {
      summary:
        'Penalty cases as CSV (the list’s filters, every case, at most 10,000); fines in fen and in yuan; header and labels follow Accept-Language, UTF-8 with a byte-order mark',
      name: (on) => `penalty-cases-${on}.csv`,
      body: penaltyCasesCsv,
    },
  })

  workflowRecordRoute(app, {
    url: '/enforcement/cases/:caseId',
    tags,
    summary: 'One penalty case on a day (404 outside your scope, as unknown)',
    params: CaseParams,
    item: PenaltyCase,
    get: ({ caseId }, on) => getPenaltyCase(ctx.sql, caseId, on),
    present,
  })

  app.get(
    '/enforcement/case-statistics',
    {
      config: { auth: { kinds: ['enforcement'] } },
      schema: {
        tags,
        summary:
          'Penalty cases by region and month: opened, decided, closed, dropped; fines imposed and collected (integer fen)',
        description: 'Field days in [from, to] (China time). Enforcement teams: their region and below.',
        querystring: StatisticsQuery,
        response: { 200: CaseStatistics, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const q = request.query
      const scope = listScope(request.principal, q.region, { agenciesByRegion: false })
      const to = q.to ?? requestToday(request)
      const from = q.from ?? `${to.slice(0, 4)}-01-01`
      if (from > to)
        throw new ProblemError({
          code: 'validation-failed',
          status: 400,
          detail: { en: '`from` is after `to`', 'zh-CN': '起始日期晚于截止日期' },
          errors: [{ field: 'from', message: 'after `to`', in: 'querystring' }],
        })
      return { from, to, months: await penaltyCaseStatistics(ctx.sql, { scope, from, to }) }
    },
  )
}
