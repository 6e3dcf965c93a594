import type { RecordedEvent } from '@gsr/event-store'
import type { PipelineStageFacts } from '@gsr/domain/enforcement'
import { parseEquipmentEvent, type EquipmentEvent } from '@gsr/events/equipment'
import type { Projection } from '@gsr/projections'
import { BatchRows } from '../BatchRows.ts'

export const pipelineStagesProjectionName = 'enforcement_pipeline_stages'

export const pipelineStageEventTypes = [
  'PipelineConstructionNotified',
  'PipelineConstructionStarted',
  'InstallationInspectionDeclared',
  'PipelineInUseRecorded',
  'PipelineFoundInUse',
  'PipelinePartiesNamed',
  'InspectionResultRecorded',
  'PeriodicInspectionDeclared',
  'InspectionDue',
  'InspectionOverdue',
] as const

/** What is stored per pipeline: the dated facts, evaluated on any day by pipelineRatesAt. */
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

function pipelineIdOf(event: EquipmentEvent): string | undefined {
  const d = event.data as { pipelineId?: string; subjectKind?: string; subjectId?: string }
  if (d.pipelineId) return d.pipelineId
  return d.subjectKind === 'pipeline' ? d.subjectId : undefined
}

/**
 * The "four 100%" read model: per pipeline, the dated facts of each lifecycle stage. The rates
 * are not stored: queries evaluate these facts on the asked day (pipelineRatesAt), so any past
 * day is answered from what the log says, not from a snapshot.
 */
export function pipelineStagesProjection(): Projection {
  return {
    name: pipelineStagesProjectionName,
    migrations: [
      {
        name: 'enforcement_pipeline_stages_001_tables',
        up: `
          CREATE TABLE enf_pipeline_stages (pipeline_id text PRIMARY KEY, facts jsonb NOT NULL);
        `,
      },
    ],
    eventTypes: pipelineStageEventTypes,
    async reset(tx) {
      await tx.query('DELETE FROM enf_pipeline_stages')
    },
    async apply(events, tx) {
      const parsed = events
        .map((recorded: RecordedEvent) => parseEquipmentEvent(recorded))
        .filter((e): e is EquipmentEvent => e !== undefined && pipelineIdOf(e) !== undefined)
      const empty: StoredPipelineFacts = {
        region: '',
        organisationId: '',
        inUseRecords: [],
        dueDates: [],
        declarations: [],
      }
      await new BatchRows<{ pipeline_id: string; facts: StoredPipelineFacts }>(
        'enf_pipeline_stages',
        'pipeline_id',
      ).evolveAll(
        tx,
        parsed.map((event) => ({ key: pipelineIdOf(event)!, event })),
        (row, event) => ({ pipeline_id: pipelineIdOf(event)!, facts: evolvePipelineFacts(row?.facts ?? empty, event) }),
      )
    },
  }
}
