import { setImmediate as nextTurn } from 'node:timers/promises'
import { parse } from 'csv-parse'
import { DomainError } from '@gsr/domain'
import {
  EventIdConflictError,
  WrongExpectedRevisionError,
  comparePositions,
  type Actor,
  type DecidedEvent,
  type EventMetadata,
  type EventStore,
  type GlobalPosition,
} from '@gsr/event-store'
import { catalogueSchemaVersionOf, upcastCatalogueEvent } from '@gsr/events'
import type { z } from 'zod'
import { dateWindowProblems } from '../dates/dateWindowCheck.ts'
import type { DateWindowField } from '../dates/dateWindowFields.ts'
import { unsafeTextReason } from '../validation/refuseUnsafeText.ts'

/**
 * The streaming loop every CSV import takes (a register of equipment or pipelines, cylinders,
 * operator certificates): rows are parsed, checked and recorded as they arrive. Every bad row is
 * reported with its line and column and records nothing; every good row is recorded with an
 * event id derived from its content, so importing the same file again records nothing new (and
 * completes an import that was cut off). A dry run decides every row against the log as it is
 * and reports the errors the real import would. What a row means is the caller's `prepare`.
 */
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

export interface CsvImportResult extends ImportProgress {
  readonly dryRun: boolean
  /** The row errors of the lowest lines, at most `maxErrors` of them. */
  readonly errors: RowError[]
  /** Row errors found but left out of `errors` (over `maxErrors`). */
  readonly errorsOmitted: number
}

/** One good row: the event it records, decided against its stream as it stands when written. */
export interface PreparedRow<Event extends DecidedEvent> {
  readonly line: number
  readonly streamName: string
  /** Derived from the row (and who imports it): the same row again is the same event. */
  readonly id: string
  readonly occurredAt: string
  /** Decides the row's event from its stream's history (throws DomainError to refuse the row). */
  readonly decide: (history: readonly Event[]) => Event
  /** The first event of its stream ('no_stream': a code that must be new), or appended after what it holds. */
  readonly firstEvent: boolean
  /**
   * A claim the row's event needs first, on a stream of its own (a registration code's
   * `code-claim-<code>`): recorded before the row's event, unless the claim stream shows it held
   * by this row's holder already (`mine`, an import cut off between the two); held by another
   * (`taken`), the row is refused as taken, by a dry run too. Its id, like the row's, derives
   * from the row.
   */
  readonly claim?: RowClaim<Event>
}

export interface RowClaim<Event extends DecidedEvent> {
  readonly streamName: string
  readonly id: string
  readonly event: Event
  /** Who holds the claim, from its stream's history: this row's holder, nobody, or another. */
  readonly status: (history: readonly Event[]) => 'mine' | 'free' | 'taken'
}

/** What every import takes besides its layout: where, who, and how it runs. */
export interface CsvImportRunOptions {
  readonly store: EventStore
  /** Who imports: the events' metadata actor. */
  readonly actor: Actor
  /** Validate and decide, record nothing. */
  readonly dryRun?: boolean | undefined
  /** Appends in flight at once (group commit in the store makes this pay on PostgreSQL). Default 16. */
  readonly concurrency?: number
  readonly progressEvery?: number
  readonly onProgress?: (progress: ImportProgress) => void
  readonly correlationId?: string | undefined
  /** Row errors kept for the report (those of the lowest lines); the rest are counted. Default all. */
  readonly maxErrors?: number
}

export interface CsvImportOptions<Event extends DecidedEvent> extends CsvImportRunOptions {
  /** Columns the header may hold, and those it must. */
  readonly columns: readonly string[]
  readonly required: readonly string[]
  /** The column named by in-file duplicates and by "already recorded with different content". */
  readonly keyColumn: string
  /** A row's identity within the file (two rows with one key: the second is refused). Default its key column. */
  readonly rowKey?: (record: Record<string, string>) => string
  /** Message for a first event whose stream is taken. */
  readonly takenMessage?: string
  /** A row to its event, or its errors (validation, authorisation). Awaited in file order. */
  readonly prepare: (
    line: number,
    record: Record<string, string>,
  ) => PreparedRow<Event> | RowError[] | Promise<PreparedRow<Event> | RowError[]>
}

/** Rows handled between two turns of the event loop: an import never starves other requests. */
const rowsPerTurn = 200
/** String input is fed to the parser in slices of this many characters, for the same reason. */
const sliceChars = 64 * 1024

/** JSON with sorted keys: stored jsonb does not keep key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  )
}

/** A PreparedRow's `decide` for a command appended after what the stream holds: its history folded, then decided. */
export function decideAfterHistory<Command, Event extends DecidedEvent, State>(
  decider: {
    initialState: () => State
    evolve: (state: State, event: Event) => State
    decide: (command: Command, state: State) => readonly Event[]
  },
  command: Command,
): (history: readonly Event[]) => Event {
  return (history) => decider.decide(command, history.reduce(decider.evolve, decider.initialState()))[0]!
}

/** A row's schema issues, one error per column. */
export function zodRowErrors(line: number, error: z.ZodError): RowError[] {
  return error.issues.map((issue) => ({ line, field: issue.path.join('.') || '(row)', message: issue.message }))
}

/** A decider's refusal of a row, named by the first field it names. */
export function domainRowError(line: number, error: DomainError): RowError {
  return { line, field: error.fields[0] ?? '(row)', message: error.message }
}

/** A row's dates outside the window of their kind (rule table `dateWindow`: no field day in the future, no 1970 record). */
export function windowRowErrors(line: number, fields: readonly DateWindowField[], row: unknown, now: Date): RowError[] {
  return dateWindowProblems(fields, row, now, 'en').map((p) => ({ line, field: p.field, message: p.message }))
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

export async function importCsv<Event extends DecidedEvent>(
  input: string | Buffer | AsyncIterable<string | Buffer>,
  options: CsvImportOptions<Event>,
): Promise<CsvImportResult> {
  const started = Date.now()
  const { columns, required, keyColumn } = options
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
    message: options.takenMessage ?? 'already registered (登记编号已被使用)',
  })

  /**
   * Whether the row holds its claim: recorded now (not in a dry run), or held by it already. A
   * file of new rows appends the claim directly (a taken one is then refused by its revision and
   * read); a re-import or a dry run reads the claim stream first.
   */
  async function claimed(
    claim: RowClaim<Event>,
    probe: boolean,
    metadataOf: (type: string) => EventMetadata,
  ): Promise<boolean> {
    let read = probe
    for (let attempt = 1; ; attempt++) {
      const history = read ? (await options.store.readStream(claim.streamName)).map(upcastCatalogueEvent) : []
      const status = claim.status(history as unknown as Event[])
      if (status !== 'free') return status === 'mine'
      if (options.dryRun) return true
      try {
        const last = history.at(-1)
        await options.store.appendToStream(
          claim.streamName,
          [{ id: claim.id, type: claim.event.type, data: claim.event.data, metadata: metadataOf(claim.event.type) }],
          { expectedRevision: last === undefined ? 'no_stream' : last.revision },
        )
        return true
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= 8) throw error
        read = true
      }
    }
  }

  async function write(item: PreparedRow<Event>): Promise<void> {
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
            canonicalJson(item.decide(history.slice(0, earlier.revision) as unknown as Event[]).data)
          ) {
            throw new EventIdConflictError(item.id, item.streamName)
          }
          alreadyRecorded++
          alreadyStreak++
          return
        }
        // A first event on a stream that holds others: the code is taken (the append would be refused).
        if (item.firstEvent && history.length > 0) return reject([codeTaken(item.line)])
        const event = item.decide(history as unknown as Event[])
        const metadataOf = (type: string): EventMetadata => ({
          actor: options.actor,
          occurredAt: item.occurredAt,
          schemaVersion: catalogueSchemaVersionOf(type),
          ...(options.correlationId ? { correlationId: options.correlationId } : {}),
        })
        if (item.claim && !(await claimed(item.claim, probe, metadataOf))) return reject([codeTaken(item.line)])
        if (options.dryRun) return
        const metadata = metadataOf(event.type)
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
          // Rows of one stream in flight together (a person's certificates): decided again after the other.
          if (attempt < 8) continue
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
  const rowKey = options.rowKey ?? ((record: Record<string, string>) => record[keyColumn] ?? '')
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
      const prepared = badCharacters.length > 0 ? badCharacters : await options.prepare(line, record)
      if (Array.isArray(prepared)) {
        reject(prepared)
      } else {
        const key = rowKey(record)
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
    dryRun: options.dryRun ?? false,
    ...final,
    errors,
    errorsOmitted: errorCount - errors.length,
  }
}
