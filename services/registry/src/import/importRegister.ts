import { createHash } from 'node:crypto'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { parse } from 'csv-parse'
import { DomainError, systemClock, type Actor as DomainActor, type Clock, chinaStartOfDay } from '@gsr/domain'
import { dateWindowFields, dateWindowProblems, unsafeTextReason } from '@gsr/http-kit'
import {
  equipmentDecider,
  gsrEventNamespace,
  pipelineDecider,
  uuidv5,
  type EquipmentCommand,
  type PipelineCommand,
} from '@gsr/domain/equipment'
import {
  EventIdConflictError,
  WrongExpectedRevisionError,
  comparePositions,
  type Actor,
  type EventMetadata,
  type EventStore,
  type GlobalPosition,
} from '@gsr/event-store'
import { equipmentStreamName, pipelineStreamName, type EquipmentEvent } from '@gsr/events/equipment'
import { catalogueSchemaVersionOf, upcastCatalogueEvent } from '@gsr/events'
import type { z } from 'zod'
import { EquipmentCsvRow, PipelineCsvRow, equipmentCsvColumns, pipelineCsvColumns } from './registerCsvRows.ts'

/**
 * Bulk import of an existing register from CSV (equipment, or in-use pipelines), streamed: rows
 * are validated and recorded as they arrive. Every bad row is reported with its line and field
 * and recorded nothing; every good row is recorded, with an id derived from its content, so
 * importing the same file again records nothing new (and completes an import that was cut off).
 */
export type ImportKind = 'equipment' | 'pipelines'

export interface RowError {
  /** 1-based line of the CSV file (the header is line 1). */
  readonly line: number
  readonly field: string
  readonly message: string
}

export interface ImportProgress {
  readonly rows: number
  readonly recorded: number
  /**
   * Rows an earlier import had recorded (their events were already in the log when this one
   * started). Nothing is ever appended twice; a row recorded moments before, not yet visible
   * to readers when this import started, is counted as recorded.
   */
  readonly alreadyRecorded: number
  readonly rejected: number
  readonly elapsedMs: number
  readonly rowsPerSecond: number
}

export interface ImportReport extends ImportProgress {
  readonly kind: ImportKind
  readonly dryRun: boolean
  /** The row errors of the lowest lines, at most `maxErrors` of them. */
  readonly errors: RowError[]
  /** Row errors found but left out of `errors` (over `maxErrors`). */
  readonly errorsOmitted: number
}

export interface ImportOptions {
  readonly kind: ImportKind
  readonly store: EventStore
  /** Who imports: the events' metadata actor. */
  readonly actor: Actor
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
  /** Validate and decide, record nothing. */
  readonly dryRun?: boolean | undefined
  /** Appends in flight at once (group commit in the store makes this pay on PostgreSQL). Default 16. */
  readonly concurrency?: number
  readonly progressEvery?: number
  readonly onProgress?: (progress: ImportProgress) => void
  readonly correlationId?: string | undefined
  /** Row errors kept for the report (those of the lowest lines); the rest are counted. Default all. */
  readonly maxErrors?: number
  /** Today for the date window (rule table `dateWindow`): no field day in the future. Default the system clock. */
  readonly clock?: Clock
}

/** Rows handled between two turns of the event loop: an import never starves other requests. */
const rowsPerTurn = 200
/** String input is fed to the parser in slices of this many characters, for the same reason. */
const sliceChars = 64 * 1024

type Prepared = {
  readonly line: number
  readonly streamName: string
  readonly id: string
  readonly occurredAt: string
  readonly decide: (history: readonly EquipmentEvent[]) => EquipmentEvent
  /** Equipment: a first event ('no_stream'); pipelines: appended after what the stream holds. */
  readonly firstEvent: boolean
}

/** JSON with sorted keys: stored jsonb does not keep key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  )
}

function issues(line: number, error: z.ZodError): RowError[] {
  return error.issues.map((issue) => ({ line, field: issue.path.join('.') || '(row)', message: issue.message }))
}

/** The cells of a row that hold a character no event may carry (the kit's rule for JSON), one error each. */
function unstorableCells(line: number, raw: Record<string, string>): RowError[] {
  return Object.entries(raw)
    .filter(([, value]) => typeof value === 'string' && unsafeTextReason(value) !== undefined)
    .map(([field]) => ({
      line,
      field,
      message: 'contains a NUL character or a lone surrogate (含有空字符或无效字符)',
    }))
}

const equipmentDateFields = dateWindowFields(EquipmentCsvRow)
const pipelineDateFields = dateWindowFields(PipelineCsvRow)

/** Row dates outside the window of their kind (a put-into-service day in the future, a 1970 record). */
function windowErrors(
  line: number,
  fields: ReturnType<typeof dateWindowFields>,
  row: unknown,
  options: ImportOptions,
): RowError[] {
  const now = (options.clock ?? systemClock).now()
  return dateWindowProblems(fields, row, now, 'en').map((p) => ({ line, field: p.field, message: p.message }))
}

function domainRowError(line: number, error: DomainError): RowError {
  return { line, field: error.fields[0] ?? '(row)', message: error.message }
}

function prepareEquipment(line: number, raw: Record<string, string>, options: ImportOptions): Prepared | RowError[] {
  const parsed = EquipmentCsvRow.safeParse(raw)
  if (!parsed.success) return issues(line, parsed.error)
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
    decide: () => equipmentDecider.decide(command, equipmentDecider.initialState())[0]!,
  }
}

function preparePipeline(line: number, raw: Record<string, string>, options: ImportOptions): Prepared | RowError[] {
  const parsed = PipelineCsvRow.safeParse(raw)
  if (!parsed.success) return issues(line, parsed.error)
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
    decide: (history) => {
      const state = history.reduce(pipelineDecider.evolve, pipelineDecider.initialState())
      return pipelineDecider.decide(command, state)[0]!
    },
  }
}

export async function importRegister(
  input: string | Buffer | AsyncIterable<string | Buffer>,
  options: ImportOptions,
): Promise<ImportReport> {
  const started = Date.now()
  const columns: readonly string[] = options.kind === 'equipment' ? equipmentCsvColumns : pipelineCsvColumns
  const required =
    options.kind === 'equipment'
      ? ['registrationCode', 'category', 'region', 'location', 'putIntoServiceDate', 'registeredOn']
      : ['pipelineId', 'region', 'recordedOn']
  const keyColumn = options.kind === 'equipment' ? 'registrationCode' : 'pipelineId'
  const maxErrors = options.maxErrors ?? Number.POSITIVE_INFINITY
  let errors: RowError[] = []
  let errorCount = 0
  let rows = 0
  let recorded = 0
  let alreadyRecorded = 0
  // Counted, not collected: memory stays bounded however many rows are bad.
  let rejected = 0
  /** The errors of one line (every caller reports one row, or the header). */
  const reject = (list: RowError[]) => {
    if (list.length > 0) rejected++
    for (const e of list) {
      errorCount++
      errors.push(e)
    }
    // Keep the lowest lines; trimming at twice the bound keeps it cheap.
    if (errors.length > 2 * maxErrors) errors = errors.sort((a, b) => a.line - b.line).slice(0, maxErrors)
  }
  const progress = (): ImportProgress => {
    const elapsedMs = Date.now() - started
    return {
      rows,
      recorded,
      alreadyRecorded,
      rejected,
      elapsedMs,
      rowsPerSecond: elapsedMs > 0 ? Math.round((rows * 1000) / elapsedMs) : 0,
    }
  }
  const headBefore: GlobalPosition | undefined = options.dryRun ? undefined : await options.store.headPosition()
  const isOld = (position: GlobalPosition) => headBefore !== undefined && comparePositions(position, headBefore) <= 0

  // Re-import mode: read the stream before appending (exact, and cheaper than a replayed append
  // on PostgreSQL). A file starts in it; a newly recorded row switches to appending directly,
  // a run of already-recorded rows switches back.
  const probeAfter = 8
  let alreadyStreak = probeAfter

  const codeTaken = (line: number): RowError => ({
    line,
    field: keyColumn,
    message: 'already registered (登记编号已被使用)',
  })

  async function write(item: Prepared): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        // A dry run always reads: it has no append to refuse a code already taken.
        const probe = !item.firstEvent || alreadyStreak >= probeAfter || options.dryRun === true
        // Lifted to the current schema: a row imported by an older server compares as today's.
        const history = probe ? (await options.store.readStream(item.streamName)).map(upcastCatalogueEvent) : []
        const earlier = history.find((e) => e.id === item.id)
        if (earlier) {
          // Same id: the same row, unless its content changed since (then it is a conflict).
          if (
            canonicalJson(earlier.data) !==
            canonicalJson(item.decide(history.slice(0, earlier.revision) as unknown as EquipmentEvent[]).data)
          ) {
            throw new EventIdConflictError(item.id, item.streamName)
          }
          alreadyRecorded++
          alreadyStreak++
          return
        }
        // A first event on a stream that holds others: the code is taken (the append would be refused).
        if (item.firstEvent && history.length > 0) return reject([codeTaken(item.line)])
        const event = item.decide(history as unknown as EquipmentEvent[])
        if (options.dryRun) return
        const metadata: EventMetadata = {
          actor: options.actor,
          occurredAt: item.occurredAt,
          schemaVersion: catalogueSchemaVersionOf(event.type),
          ...(options.correlationId ? { correlationId: options.correlationId } : {}),
        }
        const last = history.at(-1)
        const result = await options.store.appendToStream(
          item.streamName,
          [{ id: item.id, type: event.type, data: event.data, metadata }],
          { expectedRevision: item.firstEvent || last === undefined ? 'no_stream' : last.revision },
        )
        if (isOld(result.position)) {
          alreadyRecorded++
          alreadyStreak++
        } else {
          recorded++
          alreadyStreak = 0
        }
        return
      } catch (error) {
        if (error instanceof DomainError) return reject([domainRowError(item.line, error)])
        if (error instanceof EventIdConflictError) {
          return reject([
            {
              line: item.line,
              field: keyColumn,
              message: 'already imported with different content (已导入且内容不同)',
            },
          ])
        }
        if (error instanceof WrongExpectedRevisionError) {
          if (item.firstEvent) return reject([codeTaken(item.line)])
          if (attempt < 3) continue
        }
        throw error
      }
    }
  }

  const parser = parse({
    columns: true,
    info: true,
    bom: true,
    skip_empty_lines: true,
    trim: true,
    // A ragged row or a stray quote is one bad row, reported; the rest of the file still counts.
    skip_records_with_error: true,
  })
  parser.on('skip', (error: Error & { lines?: number }) => {
    rows++
    reject([{ line: error.lines ?? rows + 1, field: '(row)', message: error.message }])
  })
  const feed = async () => {
    try {
      if (typeof input === 'string') {
        for (let at = 0; at < input.length; at += sliceChars) {
          if (!parser.write(input.slice(at, at + sliceChars))) await new Promise((r) => parser.once('drain', r))
        }
      } else if (Buffer.isBuffer(input)) parser.write(input)
      else for await (const chunk of input) if (!parser.write(chunk)) await new Promise((r) => parser.once('drain', r))
      parser.end()
    } catch (error) {
      parser.destroy(error as Error)
    }
  }
  void feed()

  const concurrency = options.concurrency ?? 16
  const progressEvery = options.progressEvery ?? 5000
  const inFlight = new Set<Promise<void>>()
  const seen = new Map<string, number>()
  let headerChecked = false
  // An unexpected failure (database down) aborts the import; rows are per-row problems.
  let fatal: { error: unknown } | undefined
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>
      info: { lines: number }
    }>) {
      if (!headerChecked) {
        headerChecked = true
        const header = Object.keys(record)
        const unknown = header.filter((c) => !columns.includes(c))
        const missing = required.filter((c) => !header.includes(c))
        if (unknown.length || missing.length) {
          reject([
            ...unknown.map((c) => ({ line: 1, field: c, message: 'unknown column (未知列)' })),
            ...missing.map((c) => ({ line: 1, field: c, message: 'missing column (缺少列)' })),
          ])
          break
        }
      }
      if (fatal) break
      rows++
      const line = info.lines
      if (rows % rowsPerTurn === 0) await nextTurn()
      const badCharacters = unstorableCells(line, record)
      const prepared =
        badCharacters.length > 0
          ? badCharacters
          : options.kind === 'equipment'
            ? prepareEquipment(line, record, options)
            : preparePipeline(line, record, options)
      if (Array.isArray(prepared)) {
        reject(prepared)
      } else {
        const key = record[keyColumn] ?? ''
        const first = seen.get(key)
        if (first !== undefined) {
          reject([{ line, field: keyColumn, message: `duplicate of line ${first} in this file (文件内重复)` }])
        } else {
          seen.set(key, line)
          const task: Promise<void> = write(prepared)
            .catch((error: unknown) => {
              fatal ??= { error }
            })
            .finally(() => inFlight.delete(task))
          inFlight.add(task)
          if (inFlight.size >= concurrency) await Promise.race(inFlight)
        }
      }
      if (options.onProgress && rows % progressEvery === 0) options.onProgress(progress())
    }
  } catch (error) {
    // Malformed CSV (unclosed quote, ragged row): report where, keep what was recorded.
    const lines = (error as { lines?: number }).lines
    reject([{ line: lines ?? rows + 1, field: '(file)', message: (error as Error).message }])
  }
  await Promise.all(inFlight)
  if (fatal) throw fatal.error
  errors = errors.sort((a, b) => a.line - b.line).slice(0, maxErrors)
  const final = progress()
  options.onProgress?.(final)
  return {
    kind: options.kind,
    dryRun: options.dryRun ?? false,
    ...final,
    errors,
    errorsOmitted: errorCount - errors.length,
  }
}
