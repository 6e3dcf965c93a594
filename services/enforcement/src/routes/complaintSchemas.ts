import { z } from 'zod'
import { complaintCategoryCodes, complaintStatuses } from '@gsr/domain/enforcement'
import { HappenedDate, IsoDate, OrganisationId, RegionCode } from '@gsr/events'
import {
  ComplainantContact,
  ComplaintChannel,
  ComplaintId,
  ComplaintReference,
  ComplaintSubject,
  complaintSatisfactions,
} from '@gsr/events/enforcement'
import { occurredAt } from './occurredAt.ts'

export const ReceiveComplaintBody = z
  .strictObject({
    complaintId: ComplaintId.refine((id) => id !== 'ledger', 'ledger names the ledger route')
      .optional()
      .describe('default: a new id (the hotline’s ticket number, if any)'),
    region: RegionCode.describe('the region the complaint is about (the receiving team’s region or below)'),
    channel: ComplaintChannel.describe('12345 / 12315 hotline, walk-in (来访), letter (来信), online (网络)'),
    receivedOn: HappenedDate,
    complainant: ComplainantContact.optional().describe(
      'private: never in lists, CSV or logs; in full only to the receiving team on GET /enforcement/complaints/:id',
    ),
    content: z.string().min(1).max(4096),
    subject: ComplaintSubject,
    category: z.enum(complaintCategoryCodes),
    occurredAt,
  })
  .meta({
    examples: [
      {
        region: '330106',
        channel: 'hotline_12345',
        receivedOn: '2026-03-06',
        complainant: { name: '张三', phone: '13800001111' },
        content: '某充装站给超期未检气瓶充装',
        subject: { organisationId: 'org-station', cylinderCode: 'CYL-1' },
        category: 'noncompliant_cylinder_filled',
      },
    ],
  })

export const ComplaintParams = z.strictObject({ complaintId: ComplaintId })

export const AssignBody = z
  .strictObject({
    teamOrganisationId: OrganisationId.describe('an enforcement team whose region covers the complaint’s'),
    assignedOn: HappenedDate,
    occurredAt,
  })
  .meta({ examples: [{ teamOrganisationId: 'org-team', assignedOn: '2026-03-06' }] })

export const RefusalBody = z
  .strictObject({ refusedOn: HappenedDate, reason: z.string().min(1).max(2000), occurredAt })
  .meta({ examples: [{ refusedOn: '2026-03-09', reason: '不属于本单位职责' }] })

export const AcceptanceBody = z.strictObject({ acceptedOn: HappenedDate, occurredAt })

export const HandlingBody = z
  .strictObject({
    handledOn: HappenedDate,
    outcome: z.string().min(1).max(4096),
    references: z
      .array(ComplaintReference)
      .max(100)
      .default([])
      .describe('records the handling produced: violation, finding and rectification-order ids are checked'),
    occurredAt,
  })
  .meta({
    examples: [
      {
        handledOn: '2026-03-10',
        outcome: '现场检查，责令整改',
        references: [{ kind: 'rectification-order', id: 'RO-1' }],
      },
    ],
  })

export const ReplyBody = z
  .strictObject({
    repliedOn: HappenedDate,
    method: z.enum(['phone', 'sms', 'letter', 'in_person', 'platform']),
    summary: z.string().min(1).max(4096),
    occurredAt,
  })
  .meta({ examples: [{ repliedOn: '2026-03-12', method: 'phone', summary: '已查处并责令整改' }] })

export const SatisfactionBody = z
  .strictObject({ recordedOn: HappenedDate, satisfaction: z.enum(complaintSatisfactions), occurredAt })
  .meta({ examples: [{ recordedOn: '2026-03-13', satisfaction: 'dissatisfied' }] })

export const VerificationBody = z
  .strictObject({ verifiedOn: HappenedDate, notes: z.string().min(1).max(4096), occurredAt })
  .meta({ examples: [{ verifiedOn: '2026-03-20', notes: '复查整改到位，回访满意' }] })

const page = {
  region: RegionCode.optional().describe('region and below; default: the caller’s scope'),
  on: IsoDate.optional().describe('as of this day (China time); default today'),
  after: z.string().min(1).max(200).optional().describe('cursor from the previous page'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
}

export const ComplaintListQuery = z.strictObject({
  ...page,
  status: z.enum(complaintStatuses).optional().describe('status on `on`'),
  dueForReply: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: only tickets not replied by `on` (overdue ones flagged replyOverdue)'),
})

export const ComplaintCsvQuery = ComplaintListQuery.omit({ after: true, limit: true })

export const LedgerQuery = z.strictObject(page)

export const OneComplaintQuery = z.strictObject({ on: IsoDate.optional().describe('as of this day; default today') })

export const SubjectsQuery = z.strictObject({
  region: page.region,
  from: IsoDate.describe('received on or after this day'),
  to: IsoDate.describe('received on or before this day'),
  minCount: z.coerce.number().int().min(1).max(1000).default(2).describe('default 2: subjects complained about again'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})

export const Complaint = z.object({
  complaintId: z.string(),
  receivingOrganisationId: z.string(),
  region: z.string(),
  channel: z.string(),
  receivedOn: z.string(),
  content: z.string(),
  subject: z.object({
    organisationId: z.string().optional(),
    equipmentCode: z.string().optional(),
    cylinderCode: z.string().optional(),
    address: z.string().optional(),
  }),
  category: z.string(),
  replyDue: z.string().describe('from the rule table complaintReplyRules (working days by channel)'),
  rule: z.object({ name: z.string(), version: z.string() }),
  assignments: z.array(
    z.object({
      teamOrganisationId: z.string(),
      assignedBy: z.string(),
      assignedOn: z.string(),
      refusedOn: z.string().nullable(),
      reason: z.string().nullable().describe('why the team refused the transfer'),
      acceptedOn: z.string().nullable(),
    }),
  ),
  handledOn: z.string().nullable(),
  outcome: z.string().nullable(),
  references: z.array(z.object({ kind: z.string(), id: z.string() })),
  repliedOn: z.string().nullable(),
  replyMethod: z.string().nullable(),
  replySummary: z.string().nullable(),
  satisfaction: z.enum(complaintSatisfactions).nullable(),
  satisfactionOn: z.string().nullable(),
  verifiedOn: z.string().nullable(),
  verificationNotes: z.string().nullable(),
  on: z.string(),
  status: z.enum(complaintStatuses).describe('on `on`'),
  team: z.string().nullable().describe('the team it is with on `on` (null: awaiting assignment)'),
  replyOverdue: z.boolean().describe('not replied by `on` and past replyDue'),
  ledger: z
    .array(z.enum(['unreplied_past_deadline', 'late_reply', 'dissatisfied']))
    .describe('why it is on the special rectification ledger (不满意工单整改台账) on `on`; empty: not on it'),
  evidence: z.object({ receivedEventId: z.string() }),
})

export const ComplaintDetail = Complaint.extend({
  complainant: z
    .object({ name: z.string().optional(), phone: z.string().optional(), address: z.string().optional() })
    .nullable()
    .describe('in full to the receiving team; masked (complainantMasked) to anyone else; null: anonymous'),
  complainantMasked: z.boolean(),
})

export const ComplaintSubjectCount = z.object({
  kind: z.enum(['organisation', 'equipment', 'cylinder', 'address']),
  id: z.string(),
  count: z.number().int(),
  firstOn: z.string(),
  lastOn: z.string(),
  complaintIds: z.array(z.string()).describe('oldest first, at most 100'),
})
