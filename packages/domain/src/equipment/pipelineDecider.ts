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
import { inspectionIntervalFor, inspectionIntervals, type InspectionIntervalRule } from './inspectionIntervals.ts'
import type { RuleTable } from '../RuleTable.ts'
import { addMonths, isIsoDate } from '../calendar.ts'
import { missingPipelineFields, pipelineInUseRequiredFields } from './pipelineInUseRequiredFields.ts'
import { dateWindow } from '../dateWindow.ts'
import { assertNamedOrganisation, type NamedOrganisation } from './namedOrganisation.ts'

/**
 * Stream `pipeline-<pipelineId>`: the gas pressure pipeline lifecycle. Stages out of order are
 * accepted (they are facts: a pipeline found under construction that nobody notified); the
 * read model marks what is missing. What is refused: recording the same stage twice, acting
 * on a pipeline nobody knows, writing another organisation's pipeline, and an authority acting
 * outside its region (the record's region, never the one a command names). A pipeline stands
 * where it is installed: its owner and installer may be seated anywhere; who writes is decided
 * by ownership and role, never by the writer's seat. A pipeline's owner, installer and region
 * are set by the first event that names them and never changed by a later one: a command naming
 * another owner, installer or region is refused, and an owner or installer named for the first
 * time must exist and be of its kind (`namedOrganisation.ts`).
 */
export type PipelineCommand =
  | {
      type: 'NotifyPipelineConstruction'
      data: {
        pipelineId: string
        /** The installer notifying (安装单位): it names the owner it works for. */
        actor: Actor
        organisationId: string
        /** The organisation `organisationId` names, looked up by the caller. */
        owner?: NamedOrganisation | undefined
        region: string
        name: string
        location: string
        grade: string
        lengthMeters?: number | undefined
        plannedStartDate: string
        notifiedOn: string
        /** The construction project (工程编号) and section (管段编号) it is built as. */
        projectCode?: string | undefined
        sectionCode?: string | undefined
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
        /** The organisations `organisationId` and `installerId` name, looked up by the caller. */
        owner?: NamedOrganisation | undefined
        installer?: NamedOrganisation | undefined
        location?: string | undefined
      }
    }
  | {
      /** An enforcement team found the pipeline in use (with or without an in-use record). */
      type: 'RecordPipelineFoundInUse'
      data: {
        actor: Actor
        findingId: string
        pipelineId: string
        region: string
        location: string
        foundOn: string
        organisationId?: string | undefined
        installerId?: string | undefined
        owner?: NamedOrganisation | undefined
        installer?: NamedOrganisation | undefined
        description?: string | undefined
      }
    }
  | {
      /**
       * Names the owner and/or installer of a pipeline known without them: an authority of the
       * record's region (it found it or verified it), or the recorded installer naming the owner
       * it works for. Never an owner claiming a pipeline by itself.
       */
      type: 'NamePipelineParties'
      data: {
        actor: Actor
        pipelineId: string
        namedOn: string
        organisationId?: string | undefined
        installerId?: string | undefined
        owner?: NamedOrganisation | undefined
        installer?: NamedOrganisation | undefined
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
        projectCode?: string | undefined
        sectionCode?: string | undefined
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
  /**
   * The earliest day a notification, construction start, finding or in-use record names: the
   * pipeline is on record from it, and nothing is declared of it before.
   */
  readonly knownOn?: string | undefined
  readonly safetyGrade?: number | undefined
  /** 管道级别 (GB1 city gas, GC1-3 industrial…) from the construction notification: picks the interval rule. */
  readonly grade?: string | undefined
  readonly nextDueDate?: string | undefined
  /** The day of the inspection the due date follows from (inspectionDecisions). */
  readonly dueSetOn?: string | undefined
  readonly declaredAgencies?: DeclaredAgencies | undefined
  readonly notified: boolean
  readonly started: boolean
  readonly installationDeclared: boolean
  readonly inUseRecorded: boolean
  /** Findings recorded on this stream (found in use), by id: each once. */
  readonly findingIds?: readonly string[]
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
    dueSetOn: state.dueSetOn,
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

/** A command naming an installer other than the recorded one is refused. */
function assertRecordInstaller(state: PipelineState, given: string | undefined): void {
  if (state.installerId !== undefined && given !== undefined && given !== state.installerId) {
    throw new DomainError(
      'installer-differs',
      {
        en: 'the pipeline is recorded with another installer',
        'zh-CN': '该管道已登记其他安装单位',
      },
      ['installerId'],
    )
  }
}

interface NamedParties {
  readonly organisationId?: string | undefined
  readonly installerId?: string | undefined
  readonly owner?: NamedOrganisation | undefined
  readonly installer?: NamedOrganisation | undefined
}

/**
 * The owner and installer a command names that the record does not hold yet, each checked
 * (it exists and can take the role); naming others than those recorded is refused.
 */
function newlyNamed(state: PipelineState, c: NamedParties): { organisationId?: string; installerId?: string } {
  assertRecordOwner(state, c.organisationId)
  assertRecordInstaller(state, c.installerId)
  const named: { organisationId?: string; installerId?: string } = {}
  if (state.organisationId === undefined && c.organisationId !== undefined) {
    assertNamedOrganisation('owner', c.organisationId, c.owner, 'organisationId')
    named.organisationId = c.organisationId
  }
  if (state.installerId === undefined && c.installerId !== undefined) {
    assertNamedOrganisation('installer', c.installerId, c.installer, 'installerId')
    named.installerId = c.installerId
  }
  return named
}

/** A declaration is a fact about the pipeline on record: never dated before the record began. */
function notBeforeRecord(state: PipelineState, on: string, field: string): void {
  if (state.knownOn !== undefined && on < state.knownOn) {
    throw new DomainError(
      'dated-before-registration',
      {
        en: `the pipeline is on record from ${state.knownOn} (its earliest notification, construction start, finding or in-use record); ${field} cannot be before it`,
        'zh-CN': `该管道自 ${state.knownOn} 起有记录（最早的施工告知、开工、检查发现或在用信息录入），${field} 不能早于该日期`,
      },
      [field],
    )
  }
}

/** The earlier of two days (facts of a pipeline are recorded in any order). */
const earliest = (a: string | undefined, b: string): string => (a !== undefined && a < b ? a : b)

function stageRecorded(stage: string): DomainError {
  return new DomainError(
    'stage-already-recorded',
    { en: `${stage} is already recorded for this pipeline`, 'zh-CN': `该管道的 ${stage} 环节已记录` },
    [],
  )
}

/** The project and section identifiers a command carries, only those given. */
function projectIdentity(c: { projectCode?: string | undefined; sectionCode?: string | undefined }) {
  return {
    ...(c.projectCode !== undefined ? { projectCode: c.projectCode } : {}),
    ...(c.sectionCode !== undefined ? { sectionCode: c.sectionCode } : {}),
  }
}

function decide(command: PipelineCommand, state: PipelineState, tables: PipelineRuleTables): EquipmentEvent[] {
  const intervals = tables.inspectionIntervals
  switch (command.type) {
    case 'NotifyPipelineConstruction': {
      const c = command.data
      assertKind(c.actor, ['installer'])
      if (state.notified) throw stageRecorded('construction notification')
      assertRecordRegion(state, c.region)
      if (state.installerId !== undefined && state.installerId !== c.actor.organisationId) {
        assertOwner({ organisationId: state.installerId }, c.actor.organisationId)
      }
      newlyNamed(state, { organisationId: c.organisationId, owner: c.owner })
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
            ...projectIdentity(c),
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
      // A finding is in the team's region (the record's); a report is the parties', wherever seated.
      if (c.source === 'found') assertActsInRegion(c.actor, region)
      // A reporter is the party of its own kind: an installer names the owner it works for, a
      // user reports for itself; an enforcement team names both (each checked by newlyNamed).
      const reporter = c.source === 'reported' ? c.actor : undefined
      const asReporter = (kind: string) => (reporter?.organisationKind === kind ? reporter.organisationId : undefined)
      const named = newlyNamed(
        state,
        !reporter ? c : asReporter('installer') ? { organisationId: c.organisationId, owner: c.owner } : {},
      )
      const organisationId = state.organisationId ?? asReporter('equipment_user') ?? named.organisationId
      const installerId = state.installerId ?? asReporter('installer') ?? named.installerId
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
      notBeforeRecord(s, command.data.declaredOn, 'declaredOn')
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
      // A known pipeline with no recorded owner is not claimed by whoever records first: its
      // owner is named (NamePipelineParties) by an authority of its region or its installer.
      if (state.known && state.organisationId === undefined) {
        throw new DomainError(
          'pipeline-owner-unknown',
          {
            en: 'the using organisation of this pipeline is not named yet: the enforcement team of its region, or its installer, names it',
            'zh-CN': '该管道使用单位尚未确认，须由所在地执法部门或安装单位指定',
          },
          ['pipelineId'],
        )
      }
      assertDueDateAuthority(c.nextInspectionDue)
      const { missing, rule } = missingPipelineFields(c.record, c.recordedOn, tables.pipelineInUseRequiredFields)
      const safetyGrade = c.safetyGrade ?? state.safetyGrade
      // The due date is the one already known (an agency's result, an earlier record), or follows
      // from the rule table: after the last inspection the record states (unconfirmed), else
      // after putting into service. The record's own nextInspectionDate is information, not a due date.
      let nextInspectionDue = c.nextInspectionDue?.date ?? state.nextDueDate
      // The interval version a due date derived here came from (the fact cites it).
      let nextInspectionDueRule: { name: string; version: string } | undefined
      const statedLast = statedRecordDate(c.record, 'lastInspectionDate', c.recordedOn)
      const putIntoService = c.putIntoServiceDate ?? statedRecordDate(c.record, 'putIntoServiceDate', c.recordedOn)
      if (nextInspectionDue === undefined && statedLast !== undefined) {
        const interval = inspectionIntervalFor(
          'pressure_pipeline',
          { safetyGrade, pipelineGrade: state.grade },
          statedLast,
          intervals,
        )
        nextInspectionDue = addMonths(statedLast, interval.intervalMonths)
        nextInspectionDueRule = interval.rule
      }
      if (nextInspectionDue === undefined && putIntoService !== undefined && isIsoDate(putIntoService)) {
        const interval = inspectionIntervalFor(
          'pressure_pipeline',
          { safetyGrade, pipelineGrade: state.grade },
          putIntoService,
          intervals,
        )
        nextInspectionDue = addMonths(putIntoService, interval.firstWithinMonths)
        nextInspectionDueRule = interval.rule
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
            ...(nextInspectionDueRule !== undefined ? { nextInspectionDueRule } : {}),
            ...projectIdentity(c),
          },
        },
      ]
    }
    case 'RecordPipelineFoundInUse': {
      const c = command.data
      assertKind(c.actor, authorityKinds)
      if (state.findingIds?.includes(c.findingId)) {
        throw new DomainError(
          'finding-already-recorded',
          { en: 'this finding id is already recorded', 'zh-CN': '该检查记录编号已存在' },
          ['findingId'],
        )
      }
      assertRecordRegion(state, c.region)
      const region = regionOf(state, c.region)
      assertActsInRegion(c.actor, region)
      const named = newlyNamed(state, c)
      const organisationId = state.organisationId ?? named.organisationId
      const installerId = state.installerId ?? named.installerId
      return [
        {
          type: 'PipelineFoundInUse',
          data: {
            findingId: c.findingId,
            enforcementOrganisationId: c.actor.organisationId,
            pipelineId: c.pipelineId,
            region,
            location: c.location,
            foundOn: c.foundOn,
            ...(organisationId !== undefined ? { organisationId } : {}),
            ...(installerId !== undefined ? { installerId } : {}),
            ...(c.description !== undefined ? { description: c.description } : {}),
          },
        },
      ]
    }
    case 'NamePipelineParties': {
      const c = command.data
      const s = known(state)
      const byInstaller = c.actor.organisationKind === 'installer'
      if (byInstaller) {
        // The installer names the owner it works for, on its own record; never another installer.
        assertOwner({ organisationId: s.installerId }, c.actor.organisationId)
      } else {
        assertKind(c.actor, authorityKinds)
        assertActsInRegion(c.actor, s.region)
      }
      const named = newlyNamed(s, c)
      if (named.organisationId === undefined && named.installerId === undefined) {
        throw new DomainError(
          'parties-already-named',
          {
            en: 'nothing new to name: the owner and installer given are already recorded (or none given)',
            'zh-CN': '所填使用单位和安装单位均已登记（或未填写）',
          },
          ['organisationId', 'installerId'],
        )
      }
      return [
        {
          type: 'PipelinePartiesNamed',
          data: {
            pipelineId: s.pipelineId,
            region: s.region,
            ...named,
            namedOn: c.namedOn,
            namedBy: c.actor.organisationId,
          },
        },
      ]
    }
    case 'DeclarePeriodicInspection': {
      const s = ownedPipeline(state)
      // Dated before the record began it would count as in time for a due date nobody knew yet.
      notBeforeRecord(s, command.data.declaredOn, 'declaredOn')
      return [decidePeriodicDeclaration(subject(s), command.data)]
    }
    case 'RecordInspectionResult':
      return [decideInspectionResult(subject(ownedPipeline(state)), command.data, intervals)]
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
        knownOn: earliest(state.knownOn, event.data.notifiedOn),
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
        knownOn: earliest(state.knownOn, event.data.startedOn),
      }
    case 'PipelineFoundInUse':
      return {
        ...state,
        known: true,
        pipelineId: event.data.pipelineId,
        region: state.region ?? event.data.region,
        organisationId: state.organisationId ?? event.data.organisationId,
        installerId: state.installerId ?? event.data.installerId,
        findingIds: [...(state.findingIds ?? []), event.data.findingId],
        knownOn: earliest(state.knownOn, event.data.foundOn),
      }
    case 'PipelinePartiesNamed':
      return {
        ...state,
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
        knownOn: earliest(state.knownOn, event.data.recordedOn),
      }
    case 'InspectionResultRecorded':
      return evolveInspectionResult(state, event.data)
    default:
      return state
  }
}

/** The publishable rule tables a pipeline's facts are judged by, passed in by the route. */
export interface PipelineRuleTables {
  readonly inspectionIntervals: RuleTable<readonly InspectionIntervalRule[]>
  readonly pipelineInUseRequiredFields: RuleTable<readonly string[]>
}

/**
 * The pipeline decider over the effective tables (code versions and those an administrator
 * published), which the route loads; the facts cite the versions they were judged by.
 */
export function pipelineDeciderWith(
  tables: PipelineRuleTables,
): Decider<PipelineCommand, EquipmentEvent, PipelineState> {
  return { initialState, evolve, decide: (command, state) => decide(command, state, tables) }
}

/** Over the versions in code only: folding a stream, and decisions no published table changes. */
export const pipelineDecider = pipelineDeciderWith({ inspectionIntervals, pipelineInUseRequiredFields })
