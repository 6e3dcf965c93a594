import { createHash } from 'node:crypto'
import { systemClock, type Actor as DomainActor, type Clock, chinaStartOfDay } from '@gsr/domain'
import {
  dateWindowFields,
  decideAfterHistory,
  importCsv,
  windowRowErrors,
  zodRowErrors,
  type CsvImportResult,
  type CsvImportRunOptions,
  type DateWindowField,
  type ImportProgress,
  type PreparedRow,
  type RowClaim,
  type RowError,
} from '@gsr/http-kit'
import {
  claimStatus,
  equipmentDecider,
  gsrEventNamespace,
  registrationCodeClaimDecider,
  type CodeHolder,
  pipelineDecider,
  uuidv5,
  type EquipmentCommand,
  type PipelineCommand,
} from '@gsr/domain/equipment'
import {
  equipmentStreamName,
  pipelineStreamName,
  registrationCodeClaimStreamName,
  type EquipmentEvent,
} from '@gsr/events/equipment'
import { effectiveEquipmentDecider, effectivePipelineDecider } from '../effectiveRuleTables.ts'
import { EquipmentCsvRow, PipelineCsvRow, equipmentCsvColumns, pipelineCsvColumns } from './registerCsvRows.ts'

export type { ImportProgress, RowError }

/**
 * Bulk import of an existing register from CSV (equipment, or in-use pipelines), streamed: rows
 * are validated and recorded as they arrive. Every bad row is reported with its line and field
 * and recorded nothing; every good row is recorded, with an id derived from its content, so
 * importing the same file again records nothing new (and completes an import that was cut off).
 */
export type ImportKind = 'equipment' | 'pipelines'

export interface ImportReport extends CsvImportResult {
  readonly kind: ImportKind
}

export interface ImportOptions extends CsvImportRunOptions {
  readonly kind: ImportKind
  /**
   * Who imports, as the deciders judge it: a register's due dates are taken only from an
   * administrator (an authority's register); an equipment user's rows must not carry them.
   */
  readonly importer: DomainActor
  /**
   * An equipment user imports only its own register: rows default to, and must be, this
   * organisation; in any region (a record stands where it is installed, not at the owner's seat).
   */
  readonly ownOrganisation?: string | undefined
  /** Today for the date window (rule table `dateWindow`): no field day in the future. Default the system clock. */
  readonly clock?: Clock
}

type Prepared = PreparedRow<EquipmentEvent>

const equipmentDateFields = dateWindowFields(EquipmentCsvRow)
const pipelineDateFields = dateWindowFields(PipelineCsvRow)

/** Row dates outside the window of their kind (a put-into-service day in the future, a 1970 record). */
function windowErrors(line: number, fields: readonly DateWindowField[], row: unknown, options: ImportOptions) {
  return windowRowErrors(line, fields, row, (options.clock ?? systemClock).now())
}

function prepareEquipment(
  line: number,
  raw: Record<string, string>,
  options: ImportOptions,
  registering: typeof equipmentDecider,
): Prepared | RowError[] {
  const parsed = EquipmentCsvRow.safeParse(raw)
  if (!parsed.success) return zodRowErrors(line, parsed.error)
  const row = parsed.data
  const outside = windowErrors(line, equipmentDateFields, row, options)
  if (outside.length > 0) return outside
  const organisationId = row.organisationId ?? options.ownOrganisation
  if (!organisationId) return [{ line, field: 'organisationId', message: 'required' }]
  if (options.ownOrganisation && organisationId !== options.ownOrganisation) {
    return [{ line, field: 'organisationId', message: 'not your organisation (只能导入本单位设备)' }]
  }
  const attributes = Object.fromEntries(
    (['safetyGrade', 'pipelineGrade', 'subtype', 'model'] as const)
      .filter((key) => row[key] !== undefined)
      .map((key) => [key, row[key]]),
  )
  const command: EquipmentCommand = {
    type: 'RegisterEquipment',
    data: {
      registrationCode: row.registrationCode,
      category: row.category,
      organisationId,
      region: row.region,
      location: row.location,
      attributes,
      putIntoServiceDate: row.putIntoServiceDate,
      registeredOn: row.registeredOn,
      manufacturer: row.manufacturer,
      serialNumber: row.serialNumber,
      nextInspectionDue:
        row.nextInspectionDue !== undefined ? { date: row.nextInspectionDue, assertedBy: options.importer } : undefined,
    },
  }
  return {
    line,
    streamName: equipmentStreamName(row.registrationCode),
    // One registration per code: the code alone names the event.
    id: uuidv5(`import:EquipmentRegistered:${row.registrationCode}`, gsrEventNamespace),
    occurredAt: chinaStartOfDay(row.registeredOn),
    firstEvent: true,
    decide: () => registering.decide(command, registering.initialState())[0]!,
    // The code's claim for the row's organisation first (registrationCodeClaims.ts), as POST /equipment.
    claim: codeClaim(row.registrationCode, { organisationId }, row.region, row.registeredOn),
  }
}

/** A row's claim of its registration code for the organisation that holds it (registrationCodeClaimDecider). */
function codeClaim(
  registrationCode: string,
  holder: CodeHolder,
  region: string,
  claimedOn: string,
): RowClaim<EquipmentEvent> {
  const [event] = registrationCodeClaimDecider.decide(
    { type: 'ClaimRegistrationCode', data: { registrationCode, holder, region, claimedOn } },
    registrationCodeClaimDecider.initialState(),
  )
  return {
    streamName: registrationCodeClaimStreamName(registrationCode),
    id: uuidv5(`import:RegistrationCodeClaimed:${registrationCode}:${holder.organisationId}`, gsrEventNamespace),
    event: event!,
    status: (history) =>
      claimStatus(
        history.reduce(registrationCodeClaimDecider.evolve, registrationCodeClaimDecider.initialState()),
        holder,
      ),
  }
}

function preparePipeline(
  line: number,
  raw: Record<string, string>,
  options: ImportOptions,
  recording: typeof pipelineDecider,
): Prepared | RowError[] {
  const parsed = PipelineCsvRow.safeParse(raw)
  if (!parsed.success) return zodRowErrors(line, parsed.error)
  const row = parsed.data
  const outside = windowErrors(line, pipelineDateFields, row, options)
  if (outside.length > 0) return outside
  const organisationId = row.organisationId ?? options.ownOrganisation
  if (!organisationId) return [{ line, field: 'organisationId', message: 'required' }]
  if (options.ownOrganisation && organisationId !== options.ownOrganisation) {
    return [{ line, field: 'organisationId', message: 'not your organisation (只能导入本单位管道)' }]
  }
  const { pipelineId, region, recordedOn, safetyGrade, organisationId: _org, ...fields } = row
  const record = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Record<
    string,
    string | number
  >
  const command: PipelineCommand = {
    type: 'RecordPipelineInUse',
    data: {
      pipelineId,
      // The row's using organisation, in the row's region: who may import it is checked above
      // (own organisation and region, or an administrator's register).
      actor: { organisationId, organisationKind: 'equipment_user', region, accreditedRegions: [] },
      region,
      record,
      recordedOn,
      putIntoServiceDate: row.putIntoServiceDate,
      safetyGrade,
      // The record's nextInspectionDate is information entered (a required field); it is the due
      // date only in an authority's register. A user's follows from the stated last inspection.
      nextInspectionDue:
        row.nextInspectionDate !== undefined && options.importer.organisationKind === 'administrator'
          ? { date: row.nextInspectionDate, assertedBy: options.importer }
          : undefined,
    },
  }
  // A changed row is a new fact (a correction); the same row again is the same event.
  const content = createHash('sha1').update(JSON.stringify(row)).digest('hex')
  return {
    line,
    streamName: pipelineStreamName(pipelineId),
    id: uuidv5(`import:PipelineInUseRecorded:${pipelineId}:${content}`, gsrEventNamespace),
    occurredAt: chinaStartOfDay(recordedOn),
    firstEvent: false,
    decide: decideAfterHistory(recording, command),
  }
}

export async function importRegister(
  input: string | Buffer | AsyncIterable<string | Buffer>,
  options: ImportOptions,
): Promise<ImportReport> {
  const equipment = options.kind === 'equipment'
  // The effective rule tables (published versions too), loaded once per import.
  const registering = equipment ? await effectiveEquipmentDecider(options.store) : equipmentDecider
  const recording = equipment ? pipelineDecider : await effectivePipelineDecider(options.store)
  const report = await importCsv<EquipmentEvent>(input, {
    ...options,
    columns: equipment ? equipmentCsvColumns : pipelineCsvColumns,
    required: equipment
      ? ['registrationCode', 'category', 'region', 'location', 'putIntoServiceDate', 'registeredOn']
      : ['pipelineId', 'region', 'recordedOn'],
    keyColumn: equipment ? 'registrationCode' : 'pipelineId',
    prepare: (line, record) =>
      equipment
        ? prepareEquipment(line, record, options, registering)
        : preparePipeline(line, record, options, recording),
  })
  return { kind: options.kind, ...report }
}
