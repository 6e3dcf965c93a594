import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import { createKysely } from '@gsr/db'
import { complaintDecider, maskComplainant, type ComplaintCommand } from '@gsr/domain/enforcement'
import { complaintStreamName, parseEnforcementEvent } from '@gsr/events/enforcement'
import { findingStreamName, parseEquipmentEvent } from '@gsr/events/equipment'
import {
  canActInRegion,
  listScope,
  notFound,
  ProblemError,
  problemResponses,
  requestLanguage,
  requireRegion,
  workflowSteps,
  type KitApp,
  type ServiceContext,
  requestToday,
} from '@gsr/http-kit'
import {
  complaintsCsv,
  complaintSubjects,
  getComplaint,
  getRectificationOrder,
  getViolation,
  listComplaints,
  type ComplaintQuery,
  type ComplaintView,
  type EnforcementTables,
} from '@gsr/read-models/enforcement'
import { DomainError } from '@gsr/domain'
import { auth, pageOf, sendCsv } from './enforcementQuery.ts'
import { newRecordRoute } from './newRecordRoute.ts'
import { registeredOrganisation } from './registeredOrganisation.ts'
import {
  AcceptanceBody,
  AssignBody,
  Complaint,
  ComplaintCsvQuery,
  ComplaintDetail,
  ComplaintListQuery,
  ComplaintParams,
  ComplaintSubjectCount,
  HandlingBody,
  LedgerQuery,
  OneComplaintQuery,
  ReceiveComplaintBody,
  RefusalBody,
  ReplyBody,
  SatisfactionBody,
  SubjectsQuery,
  VerificationBody,
} from './complaintSchemas.ts'

const tags = ['enforcement: complaints']
/** Receive and every step: enforcement teams (operators and admins, not viewers). */
const writers = ['enforcement'] as const

/** A fact dated after `on` is not shown as of `on`. */
const asOf = (day: string | null, on: string) => (day !== null && day <= on ? day : null)

function toComplaint(view: ComplaintView): z.infer<typeof Complaint> {
  const r = view.row
  const on = view.on
  const handled = asOf(r.handled_on, on) !== null
  const replied = asOf(r.replied_on, on) !== null
  const satisfied = asOf(r.satisfaction_on, on) !== null
  const verified = asOf(r.verified_on, on) !== null
  return {
    complaintId: r.complaint_id,
    receivingOrganisationId: r.receiving_organisation_id,
    region: r.region,
    channel: r.channel,
    receivedOn: r.received_on,
    content: r.content,
    subject: r.subject,
    category: r.category,
    replyDue: r.reply_due,
    rule: r.rule,
    assignments: r.assignments
      .filter((a) => a.assignedOn <= on)
      .map((a) => ({
        ...a,
        refusedOn: asOf(a.refusedOn, on),
        reason: asOf(a.refusedOn, on) ? a.reason : null,
        acceptedOn: asOf(a.acceptedOn, on),
      })),
    handledOn: handled ? r.handled_on : null,
    outcome: handled ? r.outcome : null,
    references: handled ? r.handling_references : [],
    repliedOn: replied ? r.replied_on : null,
    replyMethod: replied ? r.reply_method : null,
    replySummary: replied ? r.reply_summary : null,
    satisfaction: satisfied ? r.satisfaction : null,
    satisfactionOn: satisfied ? r.satisfaction_on : null,
    verifiedOn: verified ? r.verified_on : null,
    verificationNotes: verified ? r.verification_notes : null,
    on,
    status: view.status,
    team: view.team,
    replyOverdue: view.replyOverdue,
    ledger: view.ledger,
    evidence: { receivedEventId: r.received_event_id },
  }
}

const referenceRefused = (index: number, kind: string, id: string) =>
  new DomainError(
    'complaint-reference-not-found',
    { en: `no ${kind} ${id} you can see`, 'zh-CN': `无此${kind}记录或无权查看：${id}` },
    [`references.${index}.id`],
  )

/**
 * Complaints and tip-offs (投诉举报): receive, assign (派转), refuse or accept, handle, reply,
 * satisfaction, verification; the list and one ticket on a day, the special rectification
 * ledger, repeated subjects. Privacy of the complainant: see the service README.
 */
export async function complaintRoutes(app: KitApp, ctx: ServiceContext): Promise<void> {
  const db = createKysely<EnforcementTables>(ctx.sql)

  newRecordRoute(app, ctx, '/enforcement/complaints', {
    kinds: writers,
    tags,
    summary: 'Receive a complaint or tip-off (投诉举报) from 12345 / 12315, a walk-in, a letter or online',
    description:
      'The reply deadline comes from the rule table complaintReplyRules in force on receivedOn (working days by channel). Region outside the team’s: 403. The complainant’s contact is private.',
    body: ReceiveComplaintBody,
    id: ['complaintId', 'complaint'],
    stream: complaintStreamName,
    decider: complaintDecider,
    fieldDate: (body) => body.receivedOn,
    command: async (request, complaintId, body) => {
      requireRegion(request, body.region)
      const command: ComplaintCommand = {
        type: 'ReceiveComplaint',
        data: {
          complaintId,
          receivingOrganisationId: request.principal.organisationId,
          region: body.region,
          channel: body.channel,
          receivedOn: body.receivedOn,
          ...(body.complainant !== undefined ? { complainant: body.complainant } : {}),
          content: body.content,
          subject: body.subject,
          category: body.category,
        },
      }
      return command
    },
  })

  /** A step on a received ticket: only a team acting in its region; any other caller 404, as unknown. */
  const step = workflowSteps(app, ctx, {
    url: '/enforcement/complaints/:complaintId',
    params: ComplaintParams,
    kinds: writers,
    tags,
    stream: ({ complaintId }) => complaintStreamName(complaintId),
    decider: complaintDecider,
    region: (state) => state.received?.region,
  })

  const by = (request: FastifyRequest) => request.principal.organisationId

  step({
    path: 'assignment',
    summary: 'Assign (派转) a ticket to an enforcement team whose region covers it; again after a refusal',
    body: AssignBody,
    fieldDate: (b) => b.assignedOn,
    command: async (b, { request }) => {
      const team = await registeredOrganisation(ctx, b.teamOrganisationId, 'teamOrganisationId')
      return {
        type: 'AssignComplaint',
        data: {
          team: { organisationId: team.id, kind: team.kind, region: team.region },
          by: by(request),
          assignedOn: b.assignedOn,
        },
      }
    },
  })
  step({
    path: 'refusal',
    summary:
      'The assigned team refuses the transfer, with its reason (recorded; the ticket goes back for reassignment)',
    body: RefusalBody,
    fieldDate: (b) => b.refusedOn,
    command: async (b, { request }) => ({
      type: 'RefuseComplaintTransfer',
      data: { by: by(request), refusedOn: b.refusedOn, reason: b.reason },
    }),
  })
  step({
    path: 'acceptance',
    summary: 'The assigned team accepts the ticket',
    body: AcceptanceBody,
    fieldDate: (b) => b.acceptedOn,
    command: async (b, { request }) => ({
      type: 'AcceptComplaint',
      data: { by: by(request), acceptedOn: b.acceptedOn },
    }),
  })
  step({
    path: 'handling',
    summary: 'The accepted team records its handling, with references to inspections, findings, orders, cases',
    body: HandlingBody,
    fieldDate: (b) => b.handledOn,
    command: async (b, { request }) => {
      // Violations, findings and rectification orders must exist and be the team's to see; other kinds are not checked.
      for (const [index, ref] of b.references.entries()) {
        let region: string | undefined
        if (ref.kind === 'violation') region = (await getViolation(db, ref.id))?.region
        else if (ref.kind === 'rectification-order')
          region = (await getRectificationOrder(ctx.sql, ref.id, b.handledOn))?.row.region
        else if (ref.kind === 'finding') {
          const [first] = await ctx.eventStore.readStream(findingStreamName(ref.id))
          const event = first && parseEquipmentEvent(first)
          region = event && 'region' in event.data ? (event.data.region as string) : undefined
        } else continue
        if (region === undefined || !canActInRegion(request.principal, region))
          throw referenceRefused(index, ref.kind, ref.id)
      }
      return {
        type: 'HandleComplaint',
        data: { by: by(request), handledOn: b.handledOn, outcome: b.outcome, references: b.references },
      }
    },
  })
  step({
    path: 'reply',
    summary: 'The accepted team replies to the complainant (late after replyDue: on the rectification ledger)',
    body: ReplyBody,
    fieldDate: (b) => b.repliedOn,
    command: async (b, { request }) => ({
      type: 'ReplyToComplaint',
      data: { by: by(request), repliedOn: b.repliedOn, method: b.method, summary: b.summary },
    }),
  })
  step({
    path: 'satisfaction',
    summary:
      'Record the complainant’s satisfaction (回访): satisfied, basically satisfied, dissatisfied (on the ledger)',
    body: SatisfactionBody,
    fieldDate: (b) => b.recordedOn,
    command: async (b) => ({
      type: 'RecordComplaintSatisfaction',
      data: { recordedOn: b.recordedOn, satisfaction: b.satisfaction },
    }),
  })
  step({
    path: 'verification',
    summary: 'The team verifies a ledger ticket rectified (整改到位), with notes: it leaves the ledger',
    body: VerificationBody,
    fieldDate: (b) => b.verifiedOn,
    command: async (b, { request }) => ({
      type: 'VerifyComplaint',
      data: { by: by(request), verifiedOn: b.verifiedOn, notes: b.notes },
    }),
  })

  const list = (query: ComplaintQuery) => pageOf(listComplaints(ctx.sql, query))
  const Page = z.object({ items: z.array(Complaint), next: z.string().optional() })
  /** The list's and the CSV's filters: the caller's scope (narrowed to `region`), the day, the status. */
  const filtersOf = (request: FastifyRequest, q: z.infer<typeof ComplaintCsvQuery>) => ({
    scope: listScope(request.principal, q.region),
    on: q.on ?? requestToday(request),
    status: q.status,
    dueForReply: q.dueForReply === 'true',
  })

  app.get(
    '/enforcement/complaints',
    {
      config: { auth },
      schema: {
        tags,
        summary: 'Complaints by reply deadline, their status on a day; due for reply; never the complainant’s contact',
        querystring: ComplaintListQuery,
        response: { 200: Page, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const q = request.query
      const page = await list({ ...filtersOf(request, q), after: q.after, limit: q.limit })
      return { items: page.items.map(toComplaint), ...(page.next ? { next: page.next } : {}) }
    },
  )

  app.get(
    '/enforcement/complaints.csv',
    {
      config: { auth },
      schema: {
        tags,
        summary: 'Complaints as CSV (same filters, every page, at most 10 000 rows); never the complainant’s contact',
        querystring: ComplaintCsvQuery,
        response: { 200: z.string(), ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const q = request.query
      const views: ComplaintView[] = []
      let after: string | undefined
      do {
        const page = await list({ ...filtersOf(request, q), after, limit: 500 })
        views.push(...page.items)
        after = page.next
      } while (after !== undefined && views.length < 10_000)
      const language = requestLanguage(request)
      return sendCsv(reply, { name: 'complaints.csv', language, body: complaintsCsv(views, language) })
    },
  )

  app.get(
    '/enforcement/complaints/ledger',
    {
      config: { auth },
      schema: {
        tags,
        summary:
          'The special rectification ledger (不满意工单整改台账) on a day: unreplied past the deadline, replied late, or dissatisfied, until verified',
        querystring: LedgerQuery,
        response: { 200: Page, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const q = request.query
      const page = await list({
        scope: listScope(request.principal, q.region),
        on: q.on ?? requestToday(request),
        onLedger: true,
        after: q.after,
        limit: q.limit,
      })
      return { items: page.items.map(toComplaint), ...(page.next ? { next: page.next } : {}) }
    },
  )

  app.get(
    '/enforcement/complaints/:complaintId',
    {
      config: { auth },
      schema: {
        tags,
        summary:
          'One ticket on a day, with the complainant: in full to the receiving team, masked to others (404 outside your region)',
        params: ComplaintParams,
        querystring: OneComplaintQuery,
        response: { 200: ComplaintDetail, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const view = await getComplaint(ctx.sql, request.params.complaintId, request.query.on ?? requestToday(request))
      if (!view || !canActInRegion(request.principal, view.row.region)) throw notFound()
      const [first] = await ctx.eventStore.readStream(complaintStreamName(view.row.complaint_id))
      const received = first && parseEnforcementEvent(first)
      const contact = received?.type === 'ComplaintReceived' ? received.data.complainant : undefined
      const full = request.principal.organisationId === view.row.receiving_organisation_id
      return {
        ...toComplaint(view),
        complainant: contact === undefined ? null : full ? contact : maskComplainant(contact),
        complainantMasked: contact !== undefined && !full,
      }
    },
  )

  app.get(
    '/enforcement/complaint-subjects',
    {
      config: { auth },
      schema: {
        tags,
        summary: 'Subjects complained about again and again in a period, with their complaint counts, most first',
        description:
          'A subject is an organisation, an equipment code, a cylinder code or an address (white space folded); a complaint naming several counts for each.',
        querystring: SubjectsQuery,
        response: { 200: z.object({ items: z.array(ComplaintSubjectCount) }), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const q = request.query
      if (q.to < q.from)
        throw new ProblemError({
          code: 'validation-failed',
          status: 400,
          detail: { en: 'the period ends before it starts', 'zh-CN': '统计期间结束早于开始' },
          errors: [
            { field: 'from', message: 'after to', in: 'querystring' },
            { field: 'to', message: 'before from', in: 'querystring' },
          ],
        })
      const items = await complaintSubjects(ctx.sql, {
        scope: listScope(request.principal, q.region),
        from: q.from,
        to: q.to,
        minCount: q.minCount,
        limit: q.limit,
      })
      return { items: items as z.infer<typeof ComplaintSubjectCount>[] }
    },
  )
}
