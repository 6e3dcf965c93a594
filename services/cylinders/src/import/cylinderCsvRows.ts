import type { z } from 'zod'
import { HappenedDate } from '@gsr/events'
import { RegisterCylinderBody } from '../routes/cylinderSchemas.ts'
import { IssueOperatorCertificateBody } from '../routes/operatorSchemas.ts'

/**
 * The CSV layouts of the cylinder and operator-certificate imports: the single-record routes'
 * bodies (RegisterCylinderBody, IssueOperatorCertificateBody) less `occurredAt`, one column per
 * field. Empty cells are absent values; `refurbished` is true/false (是/否), `designLifeYears` a
 * whole number, `categories` work categories separated by `;` or `|` (e.g. `P;R2`).
 */
export const cylinderCsvColumns = [
  'cylinderCode',
  'cylinderType',
  'gas',
  'manufacturer',
  'serialNumber',
  'manufactureDate',
  'ownerOrganisationId',
  'refurbished',
  'lastInspectionDate',
  'designLifeYears',
  'regionCode',
  'registeredOn',
] as const
/** registeredOn is required in a file (the single route defaults it to today): a re-import the next day is the same row. */
export const cylinderCsvRequired = [
  'cylinderCode',
  'cylinderType',
  'gas',
  'manufacturer',
  'manufactureDate',
  'registeredOn',
] as const

export const CylinderCsvRow = RegisterCylinderBody.omit({ occurredAt: true }).extend({ registeredOn: HappenedDate })

export const operatorCertificateCsvColumns = [
  'personId',
  'name',
  'certificateNo',
  'employerOrganisationId',
  'categories',
  'validFrom',
  'validUntil',
  'regionCode',
] as const
export const operatorCertificateCsvRequired = [
  'personId',
  'name',
  'certificateNo',
  'categories',
  'validFrom',
  'validUntil',
] as const

export const OperatorCertificateCsvRow = IssueOperatorCertificateBody.omit({ occurredAt: true })

const booleans: Record<string, boolean> = { true: true, false: false, '1': true, '0': false, 是: true, 否: false }

/**
 * A CSV record as the body the schema reads: empty cells dropped, typed cells converted (a cell
 * that does not convert is kept as text, so the schema names its column).
 */
export function csvRecordToBody(record: Record<string, string>): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  for (const [column, cell] of Object.entries(record)) {
    if (cell === '') continue
    if (column === 'refurbished') body[column] = booleans[cell.toLowerCase()] ?? cell
    else if (column === 'designLifeYears') body[column] = /^[0-9]+$/.test(cell) ? Number(cell) : cell
    else if (column === 'categories') body[column] = cell.split(/[;|]/).map((c) => c.trim())
    else body[column] = cell
  }
  return body
}

export type CylinderCsvRow = z.infer<typeof CylinderCsvRow>
export type OperatorCertificateCsvRow = z.infer<typeof OperatorCertificateCsvRow>
