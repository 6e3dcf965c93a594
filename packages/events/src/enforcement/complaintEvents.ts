import { z } from 'zod'
import { IsoDate, OrganisationId, RegionCode } from '../common.ts'
import { defineEvent } from '../defineEvent.ts'

/**
 * Stream `complaint-<complaintId>`: a complaint or tip-off (投诉举报) from the 12345 or 12315
 * hotline, a walk-in, a letter or online, received by an enforcement team; assigned (派转) to a
 * team, refused or accepted by it, handled, replied to, its satisfaction recorded, and, when it
 * lands on the special rectification ledger (不满意工单整改台账), verified closed.
 */
export const ComplaintId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{2,63}$/)
export const complaintStreamName = (complaintId: string): string => `complaint-${complaintId}`

export const complaintChannels = ['hotline_12345', 'hotline_12315', 'walk_in', 'letter', 'online'] as const
export const ComplaintChannel = z.enum(complaintChannels)
export type ComplaintChannel = z.infer<typeof ComplaintChannel>

/**
 * The complainant's contact. Private: kept in the event, never in the read model's lists or CSV,
 * shown in full only to the receiving team on the single-ticket route (masked to anyone else),
 * never logged. Absent for an anonymous tip-off.
 */
export const ComplainantContact = z.strictObject({
  name: z.string().min(1).max(100).optional(),
  phone: z
    .string()
    .max(32)
    .regex(/^[0-9+\- ]{3,32}$/, 'digits, +, - and spaces')
    .optional(),
  address: z.string().min(1).max(500).optional(),
})

/** What the complaint is about: at least one of an organisation, an equipment or cylinder code, an address. */
export const ComplaintSubject = z
  .strictObject({
    organisationId: OrganisationId.optional(),
    equipmentCode: z.string().min(1).max(64).optional(),
    cylinderCode: z.string().min(1).max(64).optional(),
    address: z.string().min(1).max(500).optional(),
  })
  .refine(
    (s) => Object.values(s).some((v) => v !== undefined),
    'name at least one of organisationId, equipmentCode, cylinderCode, address',
  )

/** A record the handling points to; kinds other than violation, finding and rectification-order are not checked. */
export const complaintReferenceKinds = ['violation', 'finding', 'rectification-order', 'inspection', 'case'] as const
export const ComplaintReference = z.strictObject({
  kind: z.enum(complaintReferenceKinds),
  id: z.string().min(1).max(200),
})

export const ComplaintReceived = defineEvent(
  'ComplaintReceived',
  z.strictObject({
    complaintId: ComplaintId,
    receivingOrganisationId: OrganisationId,
    region: RegionCode,
    channel: ComplaintChannel,
    receivedOn: IsoDate,
    complainant: ComplainantContact.optional(),
    content: z.string().min(1).max(4096),
    subject: ComplaintSubject,
    /** A code of `complaintCategories` (@gsr/domain/enforcement). */
    category: z.string().min(1).max(64),
    replyDue: IsoDate,
    rule: z.strictObject({ name: z.string(), version: z.string() }),
  }),
)

export const ComplaintAssigned = defineEvent(
  'ComplaintAssigned',
  z.strictObject({
    complaintId: ComplaintId,
    region: RegionCode,
    teamOrganisationId: OrganisationId,
    assignedBy: OrganisationId,
    assignedOn: IsoDate,
  }),
)

/** The assigned team refuses the transfer (拒不接受派转): recorded with its reason; the ticket awaits reassignment. */
export const ComplaintTransferRefused = defineEvent(
  'ComplaintTransferRefused',
  z.strictObject({
    complaintId: ComplaintId,
    region: RegionCode,
    teamOrganisationId: OrganisationId,
    refusedOn: IsoDate,
    reason: z.string().min(1).max(2000),
  }),
)

export const ComplaintAccepted = defineEvent(
  'ComplaintAccepted',
  z.strictObject({
    complaintId: ComplaintId,
    region: RegionCode,
    teamOrganisationId: OrganisationId,
    acceptedOn: IsoDate,
  }),
)

export const ComplaintHandled = defineEvent(
  'ComplaintHandled',
  z.strictObject({
    complaintId: ComplaintId,
    region: RegionCode,
    handledOn: IsoDate,
    outcome: z.string().min(1).max(4096),
    references: z.array(ComplaintReference).max(100),
  }),
)

export const ComplaintReplied = defineEvent(
  'ComplaintReplied',
  z.strictObject({
    complaintId: ComplaintId,
    region: RegionCode,
    repliedOn: IsoDate,
    method: z.enum(['phone', 'sms', 'letter', 'in_person', 'platform']),
    summary: z.string().min(1).max(4096),
    /** After the reply deadline of the received event (逾期答复). */
    late: z.boolean(),
  }),
)

export const complaintSatisfactions = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const
export const ComplaintSatisfactionRecorded = defineEvent(
  'ComplaintSatisfactionRecorded',
  z.strictObject({
    complaintId: ComplaintId,
    region: RegionCode,
    recordedOn: IsoDate,
    satisfaction: z.enum(complaintSatisfactions),
  }),
)

/** The team verifies a ledger ticket rectified (整改到位), with its notes: the ticket leaves the ledger. */
export const ComplaintVerified = defineEvent(
  'ComplaintVerified',
  z.strictObject({
    complaintId: ComplaintId,
    region: RegionCode,
    verifiedOn: IsoDate,
    notes: z.string().min(1).max(4096),
  }),
)
