import { z } from 'zod'
import type { IsoDate } from '@gsr/events'
import { HappenedDate, HistoricalDate, OrganisationId, RegionCode, ScheduledDate } from '@gsr/events'
import { EquipmentCategory, PipelineId, RegistrationCode } from '@gsr/events/equipment'

/**
 * The CSV layouts of a register import (header row required, UTF-8, comma separated).
 * Empty cells are absent values. Validation here is per row; the deciders check the rest.
 */
const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .optional()
    .transform((v) => (v === undefined || v === '' ? undefined : v))
const optionalNumber = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return undefined
    const n = Number(v)
    if (!Number.isFinite(n) || n <= 0) {
      ctx.addIssue({ code: 'custom', message: 'a positive number' })
      return z.NEVER
    }
    return n
  })
const optionalGrade = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return undefined
    const n = Number(v)
    if (!Number.isInteger(n) || n < 1 || n > 5) {
      ctx.addIssue({ code: 'custom', message: 'a safety grade 1-5' })
      return z.NEVER
    }
    return n
  })
/** An optional date cell (empty = absent), checked against the window of its kind on import. */
const optionalDate = (date: typeof IsoDate) =>
  z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(date.optional())

export const equipmentCsvColumns = [
  'registrationCode',
  'category',
  'organisationId',
  'region',
  'location',
  'putIntoServiceDate',
  'registeredOn',
  'nextInspectionDue',
  'safetyGrade',
  'pipelineGrade',
  'subtype',
  'model',
  'manufacturer',
  'serialNumber',
] as const

export const EquipmentCsvRow = z.object({
  registrationCode: RegistrationCode,
  category: EquipmentCategory,
  organisationId: optionalText(64).pipe(OrganisationId.optional()),
  region: RegionCode,
  location: z.string().min(1).max(512),
  putIntoServiceDate: HistoricalDate,
  registeredOn: HappenedDate,
  nextInspectionDue: optionalDate(ScheduledDate),
  safetyGrade: optionalGrade,
  pipelineGrade: optionalText(8).pipe(
    z
      .string()
      .regex(/^(GA|GB|GC|GD)[0-9]?$/, 'pipeline grade, e.g. GB1')
      .optional(),
  ),
  subtype: optionalText(64),
  model: optionalText(128),
  manufacturer: optionalText(256),
  serialNumber: optionalText(128),
})
export type EquipmentCsvRow = z.infer<typeof EquipmentCsvRow>

export const pipelineCsvColumns = [
  'pipelineId',
  'organisationId',
  'region',
  'recordedOn',
  'name',
  'location',
  'medium',
  'grade',
  'designPressureMPa',
  'diameterMm',
  'lengthMeters',
  'material',
  'installer',
  'putIntoServiceDate',
  'lastInspectionDate',
  'nextInspectionDate',
  'safetyGrade',
] as const

export const PipelineCsvRow = z.object({
  pipelineId: PipelineId,
  organisationId: optionalText(64).pipe(OrganisationId.optional()),
  region: RegionCode,
  recordedOn: HappenedDate,
  name: optionalText(256),
  location: optionalText(512),
  medium: optionalText(64),
  grade: optionalText(8).pipe(
    z
      .string()
      .regex(/^(GA|GB|GC|GD)[0-9]?$/, 'pipeline grade, e.g. GB1')
      .optional(),
  ),
  designPressureMPa: optionalNumber,
  diameterMm: optionalNumber,
  lengthMeters: optionalNumber,
  material: optionalText(64),
  installer: optionalText(256),
  putIntoServiceDate: optionalDate(HistoricalDate),
  lastInspectionDate: optionalDate(HistoricalDate),
  nextInspectionDate: optionalDate(ScheduledDate),
  safetyGrade: optionalGrade,
})
export type PipelineCsvRow = z.infer<typeof PipelineCsvRow>
