import { z } from 'zod'
import { HappenedDate, HistoricalDate, IsoDate, OrganisationId, RegionCode, ScheduledDate } from '@gsr/events'
import {
  CylinderCode,
  CylinderEntrusted,
  CylinderInspected,
  CylinderMarkedRefurbished,
  CylinderRegistered,
  CylinderScrapped,
} from '@gsr/events/cylinders'
import { occurredAt } from './commandSchemas.ts'

/** Bodies take their fields from the event they record; dates get the edge's windows. */
export const RegisterCylinderBody = CylinderRegistered.schema
  .pick({ cylinderCode: true, cylinderType: true, gas: true, manufacturer: true, serialNumber: true })
  .extend({
    manufactureDate: HistoricalDate,
    ownerOrganisationId: OrganisationId.optional().describe('owner (产权单位); default the registering station'),
    refurbished: z.boolean().default(false),
    lastInspectionDate: HistoricalDate.optional(),
    designLifeYears: CylinderRegistered.schema.shape.designLifeYears.describe(
      'design service life stamped on the cylinder (设计使用年限); the rule’s applies when absent or longer',
    ),
    regionCode: RegionCode.optional().describe(
      'where the cylinder is based (所在地: its owner’s premises); default the registering station’s region. A station fills cylinders of owners anywhere',
    ),
    registeredOn: HappenedDate.optional().describe('default today (China time)'),
    occurredAt,
  })

export const EntrustBody = CylinderEntrusted.schema.pick({ contractNo: true }).extend({
  stationId: OrganisationId.describe('the filling station entrusted (受托充装单位)'),
  entrustedFrom: ScheduledDate.describe('today or later: an entrustment is never back-dated'),
  entrustedUntil: ScheduledDate.optional(),
  occurredAt,
})

export const EndEntrustmentBody = z.strictObject({ endedOn: HappenedDate, occurredAt })

export const InspectionBody = CylinderInspected.schema
  .pick({ result: true, reportNo: true, findings: true })
  .extend({ inspectionDate: HappenedDate, occurredAt })

export const ScrapBody = CylinderScrapped.schema
  .pick({ reason: true, evidence: true })
  .extend({ scrappedOn: HappenedDate, occurredAt })

export const RefurbishedBody = CylinderMarkedRefurbished.schema
  .pick({ evidence: true })
  .extend({ markedOn: HappenedDate.describe('the field day it was found refurbished'), occurredAt })

export const CodeParams = z.strictObject({ code: CylinderCode })

export const CylinderView = z.object({
  code: z.string(),
  cylinderType: z.string(),
  gas: z.string(),
  manufacturer: z.string(),
  serialNumber: z.string().nullable(),
  manufactureDate: z.string(),
  ownerOrganisationId: z.string(),
  stationId: z.string(),
  regionCode: z.string(),
  refurbished: z.boolean(),
  registeredOn: z.string(),
  nextInspectionDate: z.string(),
  designLifeEndDate: z.string(),
  lastInspectionDate: z.string().nullable(),
  lastInspectionResult: z.string().nullable(),
  scrappedOn: z.string().nullable(),
  entrustedTo: z.array(z.string()),
  ruleVersion: z.string(),
})

export const TraceReply = z.object({
  cylinderCode: z.string(),
  entries: z.array(
    z.object({
      kind: z.enum(['cylinder', 'fill', 'fill_check']),
      type: z.string(),
      eventId: z.string(),
      at: z.string(),
      organisationId: z.string(),
      data: z.unknown(),
    }),
  ),
})

export const CylinderListQuery = z.strictObject({
  after: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  overdueOn: IsoDate.optional().describe('only cylinders overdue for inspection on that date'),
  organisationId: OrganisationId.optional().describe(
    'only this organisation’s cylinders (owned, registered or entrusted). Enforcement: an organisation seated in your region or below, or with cylinders there (else 403); administrators: any; others: their own only (else 403)',
  ),
})
