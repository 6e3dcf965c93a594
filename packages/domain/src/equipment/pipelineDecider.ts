import type { EquipmentEvent } from '@gsr/events/equipment'
import { assertActsInRegion, assertKind, authorityKinds, equipmentUsingKinds, type Actor } from '../Actor.ts'
import { DomainError, type Decider } from '../Decider.ts'
import {
  assertOwner,
  decideInspectionResult,
  decidePeriodicDeclaration,
  evolveInspectionResult,
  assertDeclaredAgency,
  assertDueDateAuthority,
  type AssertedDueDate,
  withDeclaredAgency,
  type DeclaredAgencies,
  type NamedAgency,
  type DeclarePeriodicInspectionData,
  type RecordInspectionResultData,
} from './inspectionDecisions.ts'
import { inspectionIntervalFor } from './inspectionIntervals.ts'
import { addMonths, isIsoDate } from '../calendar.ts'
import { missingPipelineFields } from './pipelineInUseRequiredFields.ts'
import { dateWindow } from '../dateWindow.ts'

/**
 * Stream `pipeline-<pipelineId>`: the gas pressure pipeline lifecycle. Stages out of order are
 * accepted (they are facts: a pipeline found under construction that nobody notified); the
 * read model marks what is missing. What is refused: recording the same stage twice, acting
 * on a pipeline nobody knows, writing another organisation's pipeline, and acting outside the
 * actor's region (the record's region, never the one a command names). A pipeline's owner,
 * installer and region are set by the first event that names them and never changed by a
 * later one: a notification or an in-use record naming another owner or region is refused.
 */
export type PipelineCommand =
  | {
      type: 'NotifyPipelineConstruction'
      data: {
        pipelineId: string
        /** The installer notifying (安装单位). */
        actor: Actor
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
        /** The installer or using organisation (reported), or the enforcement team (found). */
        actor: Actor
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
      data: {
        byOrganisationId: string
        declaredOn: string
        agencyId?: string | undefined
        /** The organisation `agencyId` names, looked up by the caller. */
        agency?: NamedAgency | undefined
      }
    }
  | {
      type: 'RecordPipelineInUse'
      data: {
        pipelineId: string
        /** The using organisation (使用单位) recording it. */
        actor: Actor
        /** Needed when the pipeline is not known yet (an old pipeline entered for the first time). */
        region?: string | undefined
        record: Readonly<Record<string, string | number>>
        recordedOn: string
        putIntoServiceDate?: string | undefined
        safetyGrade?: number | undefined
        /** From an authority's register being imported (an administrator asserts it); never a user's. */
        nextInspectionDue?: AssertedDueDate | undefined
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
  /** 管道级别 (GB1 city gas, GC1-3 industrial…) from the construction notification: picks the interval rule. */
  readonly grade?: string | undefined
  readonly nextDueDate?: string | undefined
  readonly declaredAgencies?: DeclaredAgencies | undefined
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
    pipelineGrade: state.grade,
    nextDueDate: state.nextDueDate,
    declaredAgencies: state.declaredAgencies,
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

/** A command naming a region other than the record's is refused: the record's region never moves. */
function assertRecordRegion(state: PipelineState, given: string | undefined): void {
  if (state.region !== undefined && given !== undefined && given !== state.region) {
    throw new DomainError(
      'region-differs',
      {
        en: `the pipeline is recorded in region ${state.region}; a transfer, not this command, would move it`,
        'zh-CN': `该管道登记地区为 ${state.region}，本操作不能变更地区`,
      },
      ['region'],
    )
  }
}

/** A command naming an owner other than the recorded one is refused (no takeover by notification). */
function assertRecordOwner(state: PipelineState, given: string | undefined): void {
  if (state.organisationId !== undefined && given !== undefined && given !== state.organisationId) {
    throw new DomainError(
      'owner-differs',
      {
        en: 'the pipeline is recorded with another using organisation; only a transfer it accepts changes that',
        'zh-CN': '该管道已登记其他使用单位，只有经接收方确认的过户才能变更',
      },
      ['organisationId'],
    )
  }
}

/**
 * A date the in-use record states (last inspection, put into service) that a due date follows
 * from: a day already past when the record is made, not before the `historical` floor of the
 * dateWindow rule table. A stated last inspection in 2099 would otherwise put the due date
 * beyond any inspection, and one in year 9999 a due date no reader could take back.
 */
function statedRecordDate(record: Readonly<Record<string, string | number>>, field: string, recordedOn: string) {
  const value = record[field]
  if (typeof value !== 'string' || !isIsoDate(value)) return undefined
  const earliest = dateWindow.at(recordedOn).rules.earliest.historical
  if (value < earliest || value > recordedOn) {
    throw new DomainError(
      'record-date-out-of-range',
      {
        en: `${field} must be a day from ${earliest} to the day of the record (${recordedOn})`,
        'zh-CN': `${field} 须在 ${earliest} 至录入日（${recordedOn}）之间`,
      },
      [`record.${field}`],
    )
  }
  return value
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
      const c = command.data
      assertKind(c.actor, ['installer'])
      if (state.notified) throw stageRecorded('construction notification')
      assertRecordRegion(state, c.region)
      assertActsInRegion(c.actor, state.region ?? c.region)
      assertRecordOwner(state, c.organisationId)
      if (state.installerId !== undefined && state.installerId !== c.actor.organisationId) {
        assertOwner({ organisationId: state.installerId }, c.actor.organisationId)
      }
      return [
        {
          type: 'PipelineConstructionNotified',
          data: {
            pipelineId: c.pipelineId,
            installerId: c.actor.organisationId,
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
      const c = command.data
      assertKind(c.actor, c.source === 'found' ? authorityKinds : ['installer', ...equipmentUsingKinds])
      if (state.started) throw stageRecorded('construction start')
      const region = regionOf(state, c.region)
      assertRecordRegion(state, c.region)
      const party = c.actor.organisationId === state.installerId || c.actor.organisationId === state.organisationId
      if (c.source === 'reported' && state.known && !party) assertOwner(state, c.actor.organisationId)
      // A finding, or a report of a pipeline nobody knew, is in the actor's region (the record's).
      if (c.source === 'found' || !state.known) assertActsInRegion(c.actor, region)
      const reporter = c.source === 'reported' ? c.actor : undefined
      const organisationId =
        state.organisationId ??
        c.organisationId ??
        (reporter?.organisationKind === 'equipment_user' ? reporter.organisationId : undefined)
      const installerId =
        state.installerId ??
        c.installerId ??
        (reporter?.organisationKind === 'installer' ? reporter.organisationId : undefined)
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
            reportedBy: c.actor.organisationId,
          },
        },
      ]
    }
    case 'DeclareInstallationInspection': {
      const s = ownedPipeline(state)
      if (s.installationDeclared) throw stageRecorded('installation inspection declaration')
      if (command.data.byOrganisationId !== s.installerId) assertOwner(s, command.data.byOrganisationId)
      assertDeclaredAgency(s.region, command.data.agencyId, command.data.agency)
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
      assertKind(c.actor, equipmentUsingKinds)
      if (state.known && state.organisationId !== undefined) assertOwner(state, c.actor.organisationId)
      const region = regionOf(state, c.region)
      assertRecordRegion(state, c.region)
      // Claiming a pipeline with no recorded owner: only within the claimant's region.
      if (state.organisationId === undefined) assertActsInRegion(c.actor, region)
      assertDueDateAuthority(c.nextInspectionDue)
      const { missing, rule } = missingPipelineFields(c.record, c.recordedOn)
      const safetyGrade = c.safetyGrade ?? state.safetyGrade
      // The due date is the one already known (an agency's result, an earlier record), or follows
      // from the rule table: after the last inspection the record states (unconfirmed), else
      // after putting into service. The record's own nextInspectionDate is information, not a due date.
      let nextInspectionDue = c.nextInspectionDue?.date ?? state.nextDueDate
      const statedLast = statedRecordDate(c.record, 'lastInspectionDate', c.recordedOn)
      const putIntoService = c.putIntoServiceDate ?? statedRecordDate(c.record, 'putIntoServiceDate', c.recordedOn)
      if (nextInspectionDue === undefined && statedLast !== undefined) {
        const interval = inspectionIntervalFor(
          'pressure_pipeline',
          { safetyGrade, pipelineGrade: state.grade },
          statedLast,
        )
        nextInspectionDue = addMonths(statedLast, interval.intervalMonths)
      }
      if (nextInspectionDue === undefined && putIntoService !== undefined && isIsoDate(putIntoService)) {
        const interval = inspectionIntervalFor(
          'pressure_pipeline',
          { safetyGrade, pipelineGrade: state.grade },
          putIntoService,
        )
        nextInspectionDue = addMonths(putIntoService, interval.firstWithinMonths)
      }
      return [
        {
          type: 'PipelineInUseRecorded',
          data: {
            pipelineId: c.pipelineId,
            organisationId: c.actor.organisationId,
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
        // The log may hold notifications that named another owner or region (before they were
        // refused): the first one recorded stays.
        organisationId: state.organisationId ?? event.data.organisationId,
        installerId: state.installerId ?? event.data.installerId,
        region: state.region ?? event.data.region,
        grade: state.grade ?? event.data.grade,
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
      return {
        ...state,
        installationDeclared: true,
        declaredAgencies: withDeclaredAgency(state.declaredAgencies, 'installation_supervision', event.data.agencyId),
      }
    case 'PeriodicInspectionDeclared':
      return { ...state, declaredAgencies: withDeclaredAgency(state.declaredAgencies, 'periodic', event.data.agencyId) }
    case 'PipelineInUseRecorded':
      return {
        ...state,
        known: true,
        inUseRecorded: true,
        pipelineId: event.data.pipelineId,
        organisationId: state.organisationId ?? event.data.organisationId,
        region: state.region ?? event.data.region,
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
