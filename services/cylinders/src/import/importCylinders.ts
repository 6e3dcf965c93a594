import type { SqlExecutor } from '@gsr/db'
import { chinaDate, chinaStartOfDay, systemClock, type Clock } from '@gsr/domain'
import {
  cylinderDecider,
  cylinderDeciderWith,
  cylinderTypeRules,
  operatorCertificateRules,
  operatorDecider,
  operatorDeciderWith,
  type CylinderStreamEvent,
  type OperatorEvent,
} from '@gsr/domain/cylinders'
import { gsrEventNamespace, uuidv5 } from '@gsr/domain/equipment'
import { cylinderStreams } from '@gsr/events/cylinders'
import {
  dateWindowFields,
  decideAfterHistory,
  importCsv,
  loadRuleTable,
  windowRowErrors,
  zodRowErrors,
  type CsvImportResult,
  type CsvImportRunOptions,
  type PreparedRow,
  type Principal,
  type RowError,
} from '@gsr/http-kit'
import { issueOperatorCertificateCommand } from '../issueOperatorCertificateCommand.ts'
import { registerCylinderCommand } from '../registerCylinderCommand.ts'
import {
  CylinderCsvRow,
  OperatorCertificateCsvRow,
  csvRecordToBody,
  cylinderCsvColumns,
  cylinderCsvRequired,
  operatorCertificateCsvColumns,
  operatorCertificateCsvRequired,
} from './cylinderCsvRows.ts'

/**
 * Bulk import of a station's cylinders or the authority's operator certificates from CSV, on the
 * kit's import loop (importCsv): each row is the command of the single-record route
 * (registerCylinderCommand, issueOperatorCertificateCommand), asserted by the caller as that
 * route would let it (a filling station registers cylinders as itself; the authority issues
 * certificates in its region), decided by the same decider.
 */
export type CylinderImportKind = 'cylinders' | 'operator-certificates'

export interface CylinderImportReport extends CsvImportResult {
  readonly kind: CylinderImportKind
}

export interface CylinderImportOptions extends CsvImportRunOptions {
  readonly kind: CylinderImportKind
  /** The identity tables (a cylinder's owner must exist). */
  readonly sql: SqlExecutor
  /** Who imports, as the routes judge it. */
  readonly principal: Principal
  /** Today (date windows, the day a certificate is recorded as issued). Default the system clock. */
  readonly clock?: Clock
}

const cylinderDateFields = dateWindowFields(CylinderCsvRow)
const certificateDateFields = dateWindowFields(OperatorCertificateCsvRow)

async function prepareCylinder(
  registering: typeof cylinderDecider,
  line: number,
  record: Record<string, string>,
  options: CylinderImportOptions,
  now: Date,
): Promise<PreparedRow<CylinderStreamEvent> | RowError[]> {
  const parsed = CylinderCsvRow.safeParse(csvRecordToBody(record))
  if (!parsed.success) return zodRowErrors(line, parsed.error)
  const outside = windowRowErrors(line, cylinderDateFields, parsed.data, now)
  if (outside.length > 0) return outside
  const station = options.principal
  const { command, fieldDate } = await registerCylinderCommand(options.sql, station, parsed.data, chinaDate(now))
  return {
    line,
    streamName: cylinderStreams.cylinder(parsed.data.cylinderCode),
    // One registration per code and station: another station's registration of the code is "taken".
    id: uuidv5(`import:CylinderRegistered:${station.organisationId}:${parsed.data.cylinderCode}`, gsrEventNamespace),
    occurredAt: chinaStartOfDay(fieldDate),
    firstEvent: true,
    decide: () => registering.decide(command, registering.initialState())[0]!,
  }
}

function prepareCertificate(
  issuing: typeof operatorDecider,
  line: number,
  record: Record<string, string>,
  options: CylinderImportOptions,
  now: Date,
): PreparedRow<OperatorEvent> | RowError[] {
  const parsed = OperatorCertificateCsvRow.safeParse(csvRecordToBody(record))
  if (!parsed.success) return zodRowErrors(line, parsed.error)
  const outside = windowRowErrors(line, certificateDateFields, parsed.data, now)
  if (outside.length > 0) return outside
  const { command, inRegion } = issueOperatorCertificateCommand(options.principal, parsed.data)
  if (!inRegion) return [{ line, field: 'regionCode', message: 'outside your region (不在本机关辖区)' }]
  const { personId, certificateNo } = parsed.data
  return {
    line,
    streamName: cylinderStreams.operator(personId),
    // One issue per certificate number and person: the same row again is the same event.
    id: uuidv5(`import:OperatorCertificateIssued:${personId}:${certificateNo}`, gsrEventNamespace),
    // Issued as it is recorded (as POST /operators/certificates: the evidence of an issue is never back-dated).
    occurredAt: now.toISOString(),
    firstEvent: false,
    decide: decideAfterHistory(issuing, command),
  }
}

export async function importCylinders(
  input: string | Buffer | AsyncIterable<string | Buffer>,
  options: CylinderImportOptions,
): Promise<CylinderImportReport> {
  const now = (options.clock ?? systemClock).now()
  // The effective cylinderTypeRules (published versions too), loaded once per import.
  const registering =
    options.kind === 'cylinders'
      ? cylinderDeciderWith(await loadRuleTable(options.store, cylinderTypeRules))
      : cylinderDecider
  // The effective operatorCertificateRules likewise, for certificate imports.
  const issuing =
    options.kind === 'cylinders'
      ? operatorDecider
      : operatorDeciderWith({ operatorCertificateRules: await loadRuleTable(options.store, operatorCertificateRules) })
  const report =
    options.kind === 'cylinders'
      ? await importCsv<CylinderStreamEvent>(input, {
          ...options,
          columns: cylinderCsvColumns,
          required: cylinderCsvRequired,
          keyColumn: 'cylinderCode',
          takenMessage: 'already registered (该气瓶编码已登记)',
          prepare: (line, record) => prepareCylinder(registering, line, record, options, now),
        })
      : await importCsv<OperatorEvent>(input, {
          ...options,
          columns: operatorCertificateCsvColumns,
          required: operatorCertificateCsvRequired,
          keyColumn: 'certificateNo',
          rowKey: (record) => `${record['personId'] ?? ''}\u0000${record['certificateNo'] ?? ''}`,
          prepare: (line, record) => prepareCertificate(issuing, line, record, options, now),
        })
  return { kind: options.kind, ...report }
}
