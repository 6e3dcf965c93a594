import type { EquipmentEvent } from '@gsr/events/equipment'
import { DomainError, type Decider } from '../Decider.ts'
import {
  assertOwner,
  decideInspectionResult,
  decidePeriodicDeclaration,
  evolveInspectionResult,
  type DeclarePeriodicInspectionData,
  type RecordInspectionResultData,
} from './inspectionDecisions.ts'
import { inspectionIntervalFor } from './inspectionIntervals.ts'
import { addMonths } from './isoDates.ts'
import { missingPipelineFields } from './pipelineInUseRequiredFields.ts'

/**
 * Stream `pipeline-<pipelineId>`: the gas pressure pipeline lifecycle. Stages out of order are
 * accepted (they are facts: a pipeline found under construction that nobody notified); the
 * read model marks what is missing. What is refused: recording the same stage twice, acting
 * on a pipeline nobody knows, and writing another organisation's pipeline.
 */
export type PipelineCommand =
  | {
      type: 'NotifyPipelineConstruction'
      data: {
        pipelineId: string
        installerId: string
        organisationId: string
        region: string
        name: string
        location: string
        grade: string
        lengthMeters?: number | undefined
        plannedStartDate: string
        notifiedOn: string
      }
    }
  | {
      type: 'RecordPipelineConstructionStarted'
      data: {
        pipelineId: string
        source: 'reported' | 'found'
        reportedBy: string
        startedOn: string
        /** Needed when the pipeline is not known yet (found in the field). */
        region?: string | undefined
        organisationId?: string | undefined
        installerId?: string | undefined
        location?: string | undefined
      }
    }
  | {
      type: 'DeclareInstallationInspection'
      data: { byOrganisationId: string; declaredOn: string; agencyId?: string | undefined }
    }
  | {
      type: 'RecordPipelineInUse'
      data: {
        pipelineId: string
        byOrganisationId: string
        /** Needed when the pipeline is not known yet (an old pipeline entered for the first time). */
        region?: string | undefined
        record: Readonly<Record<string, string | number>>
        recordedOn: string
        putIntoServiceDate?: string | undefined
        safetyGrade?: number | undefined
        nextInspectionDue?: string | undefined
      }
    }
  | { type: 'DeclarePeriodicInspection'; data: DeclarePeriodicInspectionData }
  | { type: 'RecordInspectionResult'; data: RecordInspectionResultData }

export interface PipelineState {
  readonly known: boolean
  readonly pipelineId?: string
  readonly organisationId?: string | undefined
  readonly installerId?: string | undefined
  readonly region?: string
  readonly safetyGrade?: number | undefined
  readonly nextDueDate?: string | undefined
  readonly notified: boolean
  readonly started: boolean
  readonly installationDeclared: boolean
  readonly inUseRecorded: boolean
}

const initialState = (): PipelineState => ({
  known: false,
  notified: false,
  started: false,
  installationDeclared: false,
  inUseRecorded: false,
})

function known(state: PipelineState): PipelineState & { pipelineId: string; region: string } {
  if (!state.known || !state.pipelineId || !state.region) {
    throw new DomainError('pipeline-not-found', { en: 'no pipeline with this id', 'zh-CN': '无此管道' }, ['pipelineId'])
  }
  return state as PipelineState & { pipelineId: string; region: string }
}

function ownedPipeline(state: PipelineState) {
  const s = known(state)
  if (!s.organisationId) {
    throw new DomainError(
      'pipeline-owner-unknown',
      { en: 'the using organisation of this pipeline is not recorded yet', 'zh-CN': '管道使用单位未登记' },
      ['organisationId'],
    )
  }
  return { ...s, organisationId: s.organisationId }
}

function subject(state: ReturnType<typeof ownedPipeline>) {
  return {
    subjectKind: 'pipeline' as const,
    subjectId: state.pipelineId,
    organisationId: state.organisationId,
    region: state.region,
    category: 'pressure_pipeline' as const,
    safetyGrade: state.safetyGrade,
    nextDueDate: state.nextDueDate,
  }
}

/** The pipeline's region, or the one a command gives for a pipeline not known yet. */
function regionOf(state: PipelineState, given: string | undefined): string {
  const region = state.region ?? given
  if (!region) {
    throw new DomainError(
      'region-required',
      { en: 'region is required for a pipeline not known yet', 'zh-CN': '未知管道须填写地区' },
      ['region'],
    )
  }
  return region
}

function stageRecorded(stage: string): DomainError {
  return new DomainError(
    'stage-already-recorded',
    { en: `${stage} is already recorded for this pipeline`, 'zh-CN': `该管道的 ${stage} 环节已记录` },
    [],
  )
}

function decide(command: PipelineCommand, state: PipelineState): EquipmentEvent[] {
  switch (command.type) {
    case 'NotifyPipelineConstruction': {
      if (state.notified) throw stageRecorded('construction notification')
      const c = command.data
      return [
        {
          type: 'PipelineConstructionNotified',
          data: {
            pipelineId: c.pipelineId,
            installerId: c.installerId,
            organisationId: c.organisationId,
            region: c.region,
            name: c.name,
            location: c.location,
            grade: c.grade,
            ...(c.lengthMeters !== undefined ? { lengthMeters: c.lengthMeters } : {}),
            plannedStartDate: c.plannedStartDate,
            notifiedOn: c.notifiedOn,
          },
        },
      ]
    }
    case 'RecordPipelineConstructionStarted': {
      if (state.started) throw stageRecorded('construction start')
      const c = command.data
      const region = regionOf(state, c.region)
      if (
        c.source === 'reported' &&
        state.known &&
        c.reportedBy !== state.installerId &&
        c.reportedBy !== state.organisationId
      ) {
        assertOwner(state, c.reportedBy)
      }
      const organisationId = state.organisationId ?? c.organisationId
      const installerId = state.installerId ?? c.installerId
      const location = c.location
      return [
        {
          type: 'PipelineConstructionStarted',
          data: {
            pipelineId: c.pipelineId,
            region,
            ...(organisationId !== undefined ? { organisationId } : {}),
            ...(installerId !== undefined ? { installerId } : {}),
            ...(location !== undefined ? { location } : {}),
            startedOn: c.startedOn,
            source: c.source,
            reportedBy: c.reportedBy,
          },
        },
      ]
    }
    case 'DeclareInstallationInspection': {
      const s = ownedPipeline(state)
      if (s.installationDeclared) throw stageRecorded('installation inspection declaration')
      if (command.data.byOrganisationId !== s.installerId) assertOwner(s, command.data.byOrganisationId)
      return [
        {
          type: 'InstallationInspectionDeclared',
          data: {
            pipelineId: s.pipelineId,
            organisationId: s.organisationId,
            region: s.region,
            ...(s.installerId !== undefined ? { installerId: s.installerId } : {}),
            ...(command.data.agencyId !== undefined ? { agencyId: command.data.agencyId } : {}),
            declaredOn: command.data.declaredOn,
          },
        },
      ]
    }
    case 'RecordPipelineInUse': {
      const c = command.data
      if (state.known && state.organisationId !== undefined) assertOwner(state, c.byOrganisationId)
      const region = regionOf(state, c.region)
      const { missing, rule } = missingPipelineFields(c.record, c.recordedOn)
      const safetyGrade = c.safetyGrade ?? state.safetyGrade
      let nextInspectionDue = c.nextInspectionDue
      if (nextInspectionDue === undefined && typeof c.record['nextInspectionDate'] === 'string') {
        nextInspectionDue = c.record['nextInspectionDate']
      }
      if (nextInspectionDue === undefined && c.putIntoServiceDate !== undefined) {
        const interval = inspectionIntervalFor('pressure_pipeline', { safetyGrade }, c.putIntoServiceDate)
        nextInspectionDue = addMonths(c.putIntoServiceDate, interval.firstWithinMonths)
      }
      nextInspectionDue ??= state.nextDueDate
      return [
        {
          type: 'PipelineInUseRecorded',
          data: {
            pipelineId: c.pipelineId,
            organisationId: c.byOrganisationId,
            region,
            record: { ...c.record },
            missingFields: missing,
            complete: missing.length === 0,
            requiredFieldsRule: rule,
            recordedOn: c.recordedOn,
            ...(c.putIntoServiceDate !== undefined ? { putIntoServiceDate: c.putIntoServiceDate } : {}),
            ...(safetyGrade !== undefined ? { safetyGrade } : {}),
            ...(nextInspectionDue !== undefined ? { nextInspectionDue } : {}),
          },
        },
      ]
    }
    case 'DeclarePeriodicInspection':
      return [decidePeriodicDeclaration(subject(ownedPipeline(state)), command.data)]
    case 'RecordInspectionResult':
      return [decideInspectionResult(subject(ownedPipeline(state)), command.data)]
  }
}

function evolve(state: PipelineState, event: EquipmentEvent): PipelineState {
  switch (event.type) {
    case 'PipelineConstructionNotified':
      return {
        ...state,
        known: true,
        notified: true,
        pipelineId: event.data.pipelineId,
        organisationId: event.data.organisationId,
        installerId: event.data.installerId,
        region: event.data.region,
      }
    case 'PipelineConstructionStarted':
      return {
        ...state,
        known: true,
        started: true,
        pipelineId: event.data.pipelineId,
        region: state.region ?? event.data.region,
        organisationId: state.organisationId ?? event.data.organisationId,
        installerId: state.installerId ?? event.data.installerId,
      }
    case 'InstallationInspectionDeclared':
      return { ...state, installationDeclared: true }
    case 'PipelineInUseRecorded':
      return {
        ...state,
        known: true,
        inUseRecorded: true,
        pipelineId: event.data.pipelineId,
        organisationId: event.data.organisationId,
        region: event.data.region,
        safetyGrade: event.data.safetyGrade ?? state.safetyGrade,
        nextDueDate: event.data.nextInspectionDue ?? state.nextDueDate,
      }
    case 'InspectionResultRecorded':
      return evolveInspectionResult(state, event.data)
    default:
      return state
  }
}

export const pipelineDecider: Decider<PipelineCommand, EquipmentEvent, PipelineState> = {
  initialState,
  evolve,
  decide,
}
