import type { RecordedEvent } from '@gsr/event-store'
import { chinaDate } from '@gsr/domain'
import type { PipelineStageFacts } from '@gsr/domain/enforcement'
import { parseEquipmentEvent, type EquipmentEvent } from '@gsr/events/equipment'
import type { Projection } from '@gsr/projections'
import { BatchRows } from '../BatchRows.ts'
import { pipelineEventTypes } from '../equipment/pipelineRegisterProjection.ts'

export const pipelineStagesProjectionName = 'enforcement_pipeline_stages'

export const pipelineStageEventTypes = pipelineEventTypes

/** What is stored per pipeline: the dated facts, evaluated on any day by pipelineRatesAt (in SQL: regionFiguresInSql). */
export type StoredPipelineFacts = Omit<PipelineStageFacts, 'pipelineId'>

const earliest = (current: string | undefined, day: string) => (current === undefined || day < current ? day : current)

function withDueDate(facts: StoredPipelineFacts, dueDate: string, knownOn: string): StoredPipelineFacts {
  const existing = facts.dueDates.find((d) => d.dueDate === dueDate)
  if (existing && existing.knownOn <= knownOn) return facts
  return {
    ...facts,
    dueDates: [...facts.dueDates.filter((d) => d.dueDate !== dueDate), { dueDate, knownOn }].sort((a, b) =>
      a.dueDate < b.dueDate ? -1 : 1,
    ),
  }
}

/** Folds one pipeline lifecycle event into the pipeline's dated facts (field dates, not log time). */
export function evolvePipelineFacts(facts: StoredPipelineFacts, event: EquipmentEvent): StoredPipelineFacts {
  switch (event.type) {
    case 'PipelineConstructionNotified':
      // Region and owner are those first recorded: a later notification never takes a pipeline over.
      return {
        ...facts,
        region: facts.region || event.data.region,
        organisationId: facts.organisationId || event.data.organisationId,
        notifiedOn: earliest(facts.notifiedOn, event.data.notifiedOn),
      }
    case 'PipelineConstructionStarted':
      return {
        ...facts,
        region: event.data.region,
        organisationId: event.data.organisationId ?? facts.organisationId,
        constructionStartedOn: earliest(facts.constructionStartedOn, event.data.startedOn),
      }
    case 'InstallationInspectionDeclared':
      return {
        ...facts,
        region: event.data.region,
        organisationId: event.data.organisationId,
        installationDeclaredOn: earliest(facts.installationDeclaredOn, event.data.declaredOn),
      }
    case 'PipelineInUseRecorded': {
      const d = event.data
      const next: StoredPipelineFacts = {
        ...facts,
        region: facts.region || d.region,
        organisationId: facts.organisationId || d.organisationId,
        inUseRecords: [...facts.inUseRecords, { recordedOn: d.recordedOn, complete: d.complete }],
      }
      return d.nextInspectionDue ? withDueDate(next, d.nextInspectionDue, d.recordedOn) : next
    }
    case 'PipelineFoundInUse':
      // Found in use: in the in-use denominator from that day, with or without a record.
      return {
        ...facts,
        region: facts.region || event.data.region,
        organisationId: facts.organisationId || (event.data.organisationId ?? ''),
        inUseKnownOn: earliest(facts.inUseKnownOn, event.data.foundOn),
      }
    case 'PipelinePartiesNamed':
      return { ...facts, organisationId: facts.organisationId || (event.data.organisationId ?? '') }
    case 'InspectionResultRecorded': {
      const d = event.data
      const located = { ...facts, region: d.region, organisationId: d.organisationId }
      if (d.kind === 'installation_supervision')
        return { ...located, installationInspectedOn: earliest(facts.installationInspectedOn, d.inspectionDate) }
      if (d.kind !== 'periodic') return located
      const inUse = { ...located, inUseKnownOn: earliest(facts.inUseKnownOn, d.inspectionDate) }
      return d.nextDueDate && d.conclusion !== 'fail' ? withDueDate(inUse, d.nextDueDate, d.inspectionDate) : inUse
    }
    case 'PeriodicInspectionDeclared': {
      const d = event.data
      const declared = {
        ...facts,
        region: d.region,
        organisationId: d.organisationId,
        inUseKnownOn: earliest(facts.inUseKnownOn, d.declaredOn),
        declarations: [...facts.declarations, { dueDate: d.dueDate, declaredOn: d.declaredOn }],
      }
      return withDueDate(declared, d.dueDate, d.declaredOn)
    }
    case 'InspectionDue':
      return withDueDate(
        { ...facts, region: event.data.region, organisationId: event.data.organisationId },
        event.data.dueDate,
        event.data.dueOn,
      )
    case 'InspectionOverdue':
      return withDueDate(
        { ...facts, region: event.data.region, organisationId: event.data.organisationId },
        event.data.dueDate,
        event.data.overdueSince,
      )
    default:
      return facts
  }
}

/**
 * One stage event as the pipeline's row keeps it beside the folded facts: enough to fold it
 * again (`type`, `data`) and to say when the log learnt it (`recordedAt`) and of which field day.
 */
export interface StageEvent {
  readonly id: string
  readonly type: EquipmentEvent['type']
  readonly data: unknown
  /** recordedAt, ISO 8601 UTC (milliseconds). */
  readonly recordedAt: string
  /** The field day the actor states (YYYY-MM-DD, China time). */
  readonly fieldDay: string
}

/**
 * The columns of enf_pipeline_facts, the facts typed, with their SQL types: what the rates
 * statement reads (regionFiguresInSql), so a region's rates parse no jsonb per pipeline. The
 * arrays are parallel: element i of `in_use_recorded_on` and `in_use_complete` is the i-th
 * in-use record in log order; of `due_on`/`due_known_on` the i-th due date; of
 * `declared_due_on`/`declared_on` the i-th declaration.
 */
export const pipelineFactColumnTypes = {
  region: 'text',
  organisation_id: 'text',
  notified_on: 'date',
  construction_started_on: 'date',
  installation_declared_on: 'date',
  installation_inspected_on: 'date',
  in_use_known_on: 'date',
  in_use_recorded_on: 'date[]',
  in_use_complete: 'boolean[]',
  due_on: 'date[]',
  due_known_on: 'date[]',
  declared_due_on: 'date[]',
  declared_on: 'date[]',
} as const

export type PipelineFactColumns = {
  -readonly [C in keyof typeof pipelineFactColumnTypes]: (typeof pipelineFactColumnTypes)[C] extends 'text'
    ? string
    : (typeof pipelineFactColumnTypes)[C] extends 'date'
      ? string | null
      : (typeof pipelineFactColumnTypes)[C] extends 'boolean[]'
        ? boolean[]
        : string[]
}

/** The facts as their typed columns (dates YYYY-MM-DD, NULL when the fact is not there). */
export function pipelineFactColumns(facts: StoredPipelineFacts): PipelineFactColumns {
  return {
    region: facts.region,
    organisation_id: facts.organisationId,
    notified_on: facts.notifiedOn ?? null,
    construction_started_on: facts.constructionStartedOn ?? null,
    installation_declared_on: facts.installationDeclaredOn ?? null,
    installation_inspected_on: facts.installationInspectedOn ?? null,
    in_use_known_on: facts.inUseKnownOn ?? null,
    in_use_recorded_on: facts.inUseRecords.map((r) => r.recordedOn),
    in_use_complete: facts.inUseRecords.map((r) => r.complete),
    due_on: facts.dueDates.map((d) => d.dueDate),
    due_known_on: facts.dueDates.map((d) => d.knownOn),
    declared_due_on: facts.declarations.map((d) => d.dueDate),
    declared_on: facts.declarations.map((d) => d.declaredOn),
  }
}

/**
 * The row of enf_pipeline_facts: the current facts typed, in a narrow table of their own (a
 * region's rates read every row of the region; the stage events would make each row ten times
 * wider), with the record time of the latest stage event (a `knownAt` query reads these rows
 * for the pipelines the log learnt nothing about since).
 */
export interface PipelineFactsRow extends PipelineFactColumns {
  pipeline_id: string
  last_recorded_at: string | Date
}

/** The row of enf_pipeline_stages. */
export interface PipelineStagesRow {
  pipeline_id: string
  facts: StoredPipelineFacts
  /** The stage events in log order: the facts are their fold. */
  stage_events: StageEvent[]
  /** The latest recordedAt of them: a query as of a later instant needs no re-fold. */
  last_recorded_at: string | Date
  /** Every region the facts have named: a pipeline moved later is still found where it stood. */
  regions: string[]
}

export const emptyPipelineFacts: StoredPipelineFacts = {
  region: '',
  organisationId: '',
  inUseRecords: [],
  dueDates: [],
  declarations: [],
}

/** The day of the field fact each stage event states (the one the rates use), else its occurredAt. */
function fieldDayOf(event: EquipmentEvent, recorded: RecordedEvent): string {
  const d = event.data as Record<string, unknown>
  const day = {
    PipelineConstructionNotified: d['notifiedOn'],
    PipelineConstructionStarted: d['startedOn'],
    InstallationInspectionDeclared: d['declaredOn'],
    PipelineInUseRecorded: d['recordedOn'],
    PipelineFoundInUse: d['foundOn'],
    InspectionResultRecorded: d['inspectionDate'],
    PeriodicInspectionDeclared: d['declaredOn'],
    InspectionDue: d['dueOn'],
    InspectionOverdue: d['overdueSince'],
  }[event.type as string]
  if (typeof day === 'string') return day
  const occurredAt = recorded.metadata.occurredAt
  return chinaDate(occurredAt !== undefined ? new Date(occurredAt) : recorded.recordedAt)
}

/**
 * The facts as the log stood at `knownAt`: the same fold over the stage events recorded by then
 * (undefined when none was). One code path with the projection, so "as reported" and "as now
 * known" can only differ by the events themselves.
 */
export function pipelineFactsKnownAt(row: PipelineStagesRow, knownAt: Date): StoredPipelineFacts | undefined {
  if (new Date(row.last_recorded_at).getTime() <= knownAt.getTime()) return row.facts
  const known = row.stage_events.filter((e) => Date.parse(e.recordedAt) <= knownAt.getTime())
  if (known.length === 0) return undefined
  // evolvePipelineFacts reads only the type and the data, which the row keeps as parsed.
  return known.reduce((facts, e) => evolvePipelineFacts(facts, e as unknown as EquipmentEvent), emptyPipelineFacts)
}

function pipelineIdOf(event: EquipmentEvent): string | undefined {
  const d = event.data as { pipelineId?: string; subjectKind?: string; subjectId?: string }
  if (d.pipelineId) return d.pipelineId
  return d.subjectKind === 'pipeline' ? d.subjectId : undefined
}

/**
 * The "four 100%" read model: per pipeline, the dated facts of each lifecycle stage. The rates
 * are not stored: queries evaluate these facts on the asked day (pipelineRatesAt), so any past
 * day is answered from what the log says, not from a snapshot. Beside the facts, the row keeps
 * its stage events with their record time, so a query as the log stood at an earlier instant
 * (knownAt) folds again only the events recorded by then (pipelineFactsKnownAt).
 */
export function pipelineStagesProjection(): Projection {
  return {
    name: pipelineStagesProjectionName,
    // 2: the stage events with their record time beside the facts (queries with knownAt).
    // 3: the facts also typed, in enf_pipeline_facts (the rates statement reads them, not the document).
    version: 3,
    migrations: [
      {
        name: 'enforcement_pipeline_stages_001_tables',
        up: `
          CREATE TABLE enf_pipeline_stages (pipeline_id text PRIMARY KEY, facts jsonb NOT NULL);
        `,
      },
      {
        name: 'enforcement_pipeline_stages_002_record_time',
        up: `
          ALTER TABLE enf_pipeline_stages
            ADD COLUMN stage_events jsonb NOT NULL DEFAULT '[]',
            ADD COLUMN last_recorded_at timestamptz NOT NULL DEFAULT '-infinity',
            ADD COLUMN regions text[] NOT NULL DEFAULT '{}';
        `,
      },
      {
        // The rates are evaluated in SQL over a region's pipelines: a county or a city reads
        // its own rows (LIKE 'prefix%' on the pattern index), a knownAt query the rows
        // recorded since.
        name: 'enforcement_pipeline_stages_003_rate_indexes',
        up: `
          CREATE INDEX enf_pipeline_stages_region ON enf_pipeline_stages ((facts->>'region') text_pattern_ops);
          CREATE INDEX enf_pipeline_stages_last_recorded ON enf_pipeline_stages (last_recorded_at);
        `,
      },
      {
        // A region's rates read every pipeline of the region: typed columns in a narrow table,
        // not a jsonb document parsed per pipeline per query in a row ten times wider (version
        // 3 rebuilds the rows that fill it).
        name: 'enforcement_pipeline_stages_004_fact_columns',
        up: `
          CREATE TABLE enf_pipeline_facts (
            pipeline_id text PRIMARY KEY,
            last_recorded_at timestamptz NOT NULL,
            ${Object.entries(pipelineFactColumnTypes)
              .map(([column, type]) => `${column} ${type}${type === 'date' ? '' : ' NOT NULL'}`)
              .join(',\n            ')}
          );
          CREATE INDEX enf_pipeline_facts_region ON enf_pipeline_facts (region text_pattern_ops);
        `,
      },
    ],
    eventTypes: pipelineStageEventTypes,
    async reset(tx) {
      await tx.query('DELETE FROM enf_pipeline_stages')
      await tx.query('DELETE FROM enf_pipeline_facts')
    },
    async apply(events, tx) {
      const parsed = events
        .map((recorded: RecordedEvent) => ({ recorded, event: parseEquipmentEvent(recorded) }))
        .filter(
          (e): e is { recorded: RecordedEvent; event: EquipmentEvent } =>
            e.event !== undefined && pipelineIdOf(e.event) !== undefined,
        )
      const typed = new BatchRows<PipelineFactsRow>('enf_pipeline_facts', 'pipeline_id')
      await new BatchRows<PipelineStagesRow>('enf_pipeline_stages', 'pipeline_id').evolveAll(
        tx,
        parsed.map((item) => ({ key: pipelineIdOf(item.event)!, event: item })),
        (row, { recorded, event }) => {
          const facts = evolvePipelineFacts(row?.facts ?? emptyPipelineFacts, event)
          const recordedAt = recorded.recordedAt.toISOString()
          const regions = row?.regions ?? []
          const next: PipelineStagesRow = {
            pipeline_id: pipelineIdOf(event)!,
            facts,
            stage_events: [
              ...(row?.stage_events ?? []),
              {
                id: recorded.id,
                type: event.type,
                data: event.data,
                recordedAt,
                fieldDay: fieldDayOf(event, recorded),
              },
            ],
            // The latest record time (read back from the table as a Date, written as ISO text).
            last_recorded_at:
              row && new Date(row.last_recorded_at).getTime() > recorded.recordedAt.getTime()
                ? new Date(row.last_recorded_at).toISOString()
                : recordedAt,
            regions: facts.region && !regions.includes(facts.region) ? [...regions, facts.region] : regions,
          }
          typed.set(next.pipeline_id, {
            pipeline_id: next.pipeline_id,
            last_recorded_at: next.last_recorded_at,
            ...pipelineFactColumns(facts),
          })
          return next
        },
      )
      await typed.flush(tx)
    },
  }
}
