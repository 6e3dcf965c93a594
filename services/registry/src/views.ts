import { z } from 'zod'
import type { RecordedEvent } from '@gsr/event-store'
import { reportingDelay } from '@gsr/domain'
import type { EquipmentRegisterTable, InspectionHistoryTable, PipelineRegisterTable } from '@gsr/read-models/equipment'

/** HTTP shapes of the read models (camelCase), and their mappers. */
const date = z.string().describe('YYYY-MM-DD')
const DueState = z.enum(['ok', 'due', 'overdue']).describe('ok, due (临期) or overdue (超期)')

const PendingTransferView = z.object({
  toOrganisationId: z.string(),
  toRegion: z.string(),
  location: z.string(),
  offeredOn: date,
})

function pendingTransferView(r: EquipmentRegisterTable): z.infer<typeof PendingTransferView> | null {
  return r.pending_transfer_to !== null
    ? {
        toOrganisationId: r.pending_transfer_to,
        toRegion: r.pending_transfer_to_region ?? '',
        location: r.pending_transfer_location ?? '',
        offeredOn: r.pending_transfer_offered_on ?? '',
      }
    : null
}

/** A pending transfer as both parties see it (the recipient sees no more of the equipment than this). */
export const TransferOfferView = z
  .object({
    registrationCode: z.string(),
    category: z.string(),
    fromOrganisationId: z.string(),
    fromRegion: z.string(),
    ...PendingTransferView.shape,
  })
  .meta({ id: 'TransferOffer' })

export function transferOfferView(r: EquipmentRegisterTable): z.infer<typeof TransferOfferView> {
  return {
    registrationCode: r.registration_code,
    category: r.category,
    fromOrganisationId: r.organisation_id,
    fromRegion: r.region,
    ...pendingTransferView(r)!,
  }
}

export const EquipmentView = z
  .object({
    registrationCode: z.string(),
    category: z.string(),
    organisationId: z.string(),
    region: z.string(),
    location: z.string(),
    attributes: z.record(z.string(), z.unknown()),
    manufacturer: z.string().nullable(),
    serialNumber: z.string().nullable().describe('manufacturer’s serial number (出厂编号)'),
    certificateNumber: z.string().nullable().describe('use registration certificate number (使用登记证编号)'),
    status: z.enum(['active', 'suspended', 'cancelled']),
    statusSince: date,
    putIntoServiceDate: date,
    registeredOn: date,
    registrationDeadline: date,
    late: z.boolean().describe('registered after the deadline (逾期登记)'),
    nextDueDate: date.nullable(),
    dueState: DueState,
    dueSince: date.nullable(),
    overdueSince: date.nullable(),
    declaredForDueDate: date.nullable(),
    declaredOn: date.nullable(),
    declaredInTime: z.boolean().nullable(),
    lastInspection: z
      .object({
        date,
        kind: z.string(),
        conclusion: z.string(),
        reportNumber: z.string(),
        confirmed: z.boolean().describe('false: as the user stated it, no agency’s result yet'),
      })
      .nullable(),
    pendingTransfer: PendingTransferView.nullable().describe('offered, not yet accepted, declined or withdrawn'),
  })
  .meta({ id: 'Equipment' })

export function equipmentView(r: EquipmentRegisterTable): z.infer<typeof EquipmentView> {
  return {
    registrationCode: r.registration_code,
    category: r.category,
    organisationId: r.organisation_id,
    region: r.region,
    location: r.location,
    attributes: r.attributes,
    manufacturer: r.manufacturer,
    serialNumber: r.serial_number,
    certificateNumber: r.certificate_number,
    status: r.status,
    statusSince: r.status_since,
    putIntoServiceDate: r.put_into_service_date,
    registeredOn: r.registered_on,
    registrationDeadline: r.registration_deadline,
    late: r.late,
    nextDueDate: r.next_due_date,
    dueState: r.due_state,
    dueSince: r.due_since,
    overdueSince: r.overdue_since,
    declaredForDueDate: r.declared_for_due_date,
    declaredOn: r.declared_on,
    declaredInTime: r.declared_in_time,
    lastInspection:
      r.last_inspection_date !== null
        ? {
            date: r.last_inspection_date,
            kind: r.last_inspection_kind ?? '',
            conclusion: r.last_inspection_conclusion ?? '',
            reportNumber: r.last_inspection_report ?? '',
            confirmed: r.last_inspection_confirmed ?? true,
          }
        : null,
    pendingTransfer: pendingTransferView(r),
  }
}

export const PipelineView = z
  .object({
    pipelineId: z.string(),
    organisationId: z.string().nullable(),
    installerId: z.string().nullable(),
    region: z.string(),
    name: z.string().nullable(),
    location: z.string().nullable(),
    grade: z.string().nullable(),
    lengthMeters: z.number().nullable(),
    stages: z.object({
      constructionNotified: date.nullable().describe('施工告知'),
      plannedStartDate: date.nullable(),
      constructionStarted: date.nullable(),
      constructionSource: z.enum(['reported', 'found']).nullable(),
      installationInspectionDeclared: date.nullable().describe('安装监检申报'),
      installationInspected: date.nullable(),
      installationConclusion: z.string().nullable(),
      foundInUse: date.nullable().describe('first found in use by an enforcement team (field finding)'),
      inUseRecorded: date.nullable().describe('在用管道信息录入'),
      inUseComplete: z.boolean().nullable(),
      inUseMissingFields: z.array(z.string()),
      periodicDeclared: date.nullable().describe('定期检验申报'),
      periodicDeclaredForDueDate: date.nullable(),
      periodicDeclaredInTime: z.boolean().nullable(),
    }),
    putIntoServiceDate: date.nullable(),
    safetyGrade: z.number().nullable(),
    nextDueDate: date.nullable(),
    dueState: DueState,
    overdueSince: date.nullable(),
    lastInspection: z.object({ date, conclusion: z.string() }).nullable(),
    missingStages: z.array(z.string()).describe('stages that should have been recorded and were not'),
    anomalies: z.array(z.string()).describe('stages recorded out of order'),
  })
  .meta({ id: 'Pipeline' })

export function pipelineView(r: PipelineRegisterTable): z.infer<typeof PipelineView> {
  return {
    pipelineId: r.pipeline_id,
    organisationId: r.organisation_id,
    installerId: r.installer_id,
    region: r.region,
    name: r.name,
    location: r.location,
    grade: r.grade,
    lengthMeters: r.length_meters,
    stages: {
      constructionNotified: r.notified_on,
      plannedStartDate: r.planned_start_date,
      constructionStarted: r.construction_started_on,
      constructionSource: r.construction_source,
      installationInspectionDeclared: r.installation_declared_on,
      installationInspected: r.installation_inspected_on,
      installationConclusion: r.installation_conclusion,
      foundInUse: r.found_in_use_on,
      inUseRecorded: r.in_use_recorded_on,
      inUseComplete: r.in_use_complete,
      inUseMissingFields: r.in_use_missing_fields,
      periodicDeclared: r.periodic_declared_on,
      periodicDeclaredForDueDate: r.periodic_declared_for_due_date,
      periodicDeclaredInTime: r.periodic_declared_in_time,
    },
    putIntoServiceDate: r.put_into_service_date,
    safetyGrade: r.safety_grade,
    nextDueDate: r.next_due_date,
    dueState: r.due_state,
    overdueSince: r.overdue_since,
    lastInspection:
      r.last_inspection_date !== null
        ? { date: r.last_inspection_date, conclusion: r.last_inspection_conclusion ?? '' }
        : null,
    missingStages: r.missing_stages,
    anomalies: r.anomalies,
  }
}

export const InspectionView = z
  .object({
    eventId: z.string(),
    subjectKind: z.string(),
    subjectId: z.string(),
    organisationId: z.string(),
    region: z.string(),
    agencyId: z.string(),
    kind: z.string(),
    conclusion: z.string(),
    reportNumber: z.string(),
    inspectors: z.array(z.string()),
    inspectionDate: date,
    nextDueDate: date.nullable(),
  })
  .meta({ id: 'InspectionResult' })

export function inspectionView(r: InspectionHistoryTable): z.infer<typeof InspectionView> {
  return {
    eventId: r.event_id,
    subjectKind: r.subject_kind,
    subjectId: r.subject_id,
    organisationId: r.organisation_id,
    region: r.region,
    agencyId: r.agency_id,
    kind: r.kind,
    conclusion: r.conclusion,
    reportNumber: r.report_number,
    inspectors: r.inspectors,
    inspectionDate: r.inspection_date,
    nextDueDate: r.next_due_date,
  }
}

/** One event of a stream, as the timeline shows it. */
export const TimelineEvent = z
  .object({
    id: z.string(),
    revision: z.number().int(),
    type: z.string(),
    data: z.record(z.string(), z.unknown()),
    occurredAt: z.string(),
    recordedAt: z.string(),
    reportDelayDays: z
      .number()
      .int()
      .optional()
      .describe('China days between the field day (occurredAt) and recording'),
    lateReported: z
      .boolean()
      .optional()
      .describe('recorded later than the dateWindow rule allows after its field day (迟报): counted per organisation'),
    actor: z.object({ organisationId: z.string(), role: z.string(), userId: z.string().optional() }),
  })
  .meta({ id: 'TimelineEvent' })

export function timelineEvent(e: RecordedEvent): z.infer<typeof TimelineEvent> {
  const delay = reportingDelay(e.type, e.metadata.occurredAt, e.recordedAt)
  return {
    id: e.id,
    revision: e.revision,
    type: e.type,
    data: e.data as Record<string, unknown>,
    occurredAt: e.metadata.occurredAt,
    recordedAt: e.recordedAt.toISOString(),
    ...(delay ? { reportDelayDays: delay.delayDays, lateReported: delay.lateReported } : {}),
    actor: {
      organisationId: e.metadata.actor.organisationId,
      role: e.metadata.actor.role,
      ...(e.metadata.actor.userId !== undefined ? { userId: e.metadata.actor.userId } : {}),
    },
  }
}

/** A read-model page as the HTTP reply: the items as views, and `next` when there is another page. */
export function pageReply<Row, View>(
  page: { items: readonly Row[]; nextCursor: string | null },
  view: (row: Row) => View,
): { items: View[]; next?: string } {
  return { items: page.items.map(view), ...(page.nextCursor ? { next: page.nextCursor } : {}) }
}
