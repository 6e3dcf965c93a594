import {
  isPassing,
  type EquipmentCategory,
  type EquipmentEventOf,
  type InspectionConclusion,
  type InspectionKind,
  type InspectionSubjectKind,
} from '@gsr/events/equipment'
import { regionContains } from '@gsr/events'
import { assertActsInRegion, assertKind, authorityKinds, type Actor } from '../Actor.ts'
import { DomainError } from '../Decider.ts'
import { inspectionIntervalFor, inspectionIntervals, type InspectionIntervalRule } from './inspectionIntervals.ts'
import type { RuleTable } from '../RuleTable.ts'
import { addMonths } from '../calendar.ts'
import { declarationDeadlineFor } from './periodicDeclarationDeadline.ts'
import type { NamedOrganisation } from './namedOrganisation.ts'

/**
 * Inspection decisions shared by equipment and pipelines (and usable for any subject with a
 * category and a due date): recording an agency's result and declaring a periodic inspection.
 */
export interface InspectionSubject {
  readonly subjectKind: InspectionSubjectKind
  readonly subjectId: string
  readonly organisationId: string
  readonly region: string
  readonly category: EquipmentCategory
  readonly safetyGrade?: number | undefined
  /** Pipeline grade (管道级别, e.g. GB1, GC2): picks the pipeline's interval rule. */
  readonly pipelineGrade?: string | undefined
  readonly subtype?: string | undefined
  readonly nextDueDate?: string | undefined
  /**
   * The day of the latest agency result that moved the due date: a result dated before it is
   * recorded, not followed. (A user's stated last inspection is no bar: an agency's older report
   * corrects a due date that followed a wrong statement.)
   */
  readonly dueSetOn?: string | undefined
  /** The agency each open declaration names, by inspection kind (see DeclaredAgencies). */
  readonly declaredAgencies?: DeclaredAgencies | undefined
}

/**
 * The agency an inspection was declared to (申报), by kind, until a passing result of that kind:
 * only it may record that result. A declaration naming no agency leaves any agency accredited
 * for the region.
 */
export type DeclaredAgencies = Readonly<Partial<Record<InspectionKind, string>>>

/** An agency named in a declaration, as the identity tables know it (undefined: no such organisation). */
export interface NamedAgency extends NamedOrganisation {
  readonly accreditedRegions: readonly string[]
}

export interface RecordInspectionResultData {
  /** The inspection agency recording its result, or an authority recording an agency's result. */
  readonly actor: Actor
  /** An authority names the agency whose result (report) it records; an agency only itself. */
  readonly agencyId?: string | undefined
  /** The organisation `agencyId` names, looked up by the caller. */
  readonly agency?: NamedAgency | undefined
  readonly kind: InspectionKind
  readonly conclusion: InspectionConclusion
  readonly reportNumber: string
  readonly inspectors: readonly string[]
  readonly inspectionDate: string
  readonly nextDueDate?: string | undefined
  readonly safetyGrade?: number | undefined
}

export interface DeclarePeriodicInspectionData {
  readonly byOrganisationId: string
  readonly declaredOn: string
  readonly plannedDate?: string | undefined
  readonly agencyId?: string | undefined
  /** The organisation `agencyId` names, looked up by the caller. */
  readonly agency?: NamedAgency | undefined
}

/**
 * A declaration may name the agency it is declared to: an existing inspection agency
 * accredited for the subject's region, or the declaration is refused.
 */
export function assertDeclaredAgency(
  region: string,
  agencyId: string | undefined,
  agency: NamedAgency | undefined,
): void {
  if (agencyId === undefined) return
  if (!agency || agency.organisationId !== agencyId || agency.organisationKind !== 'inspection_agency') {
    throw new DomainError('agency-not-found', { en: 'no inspection agency with this id', 'zh-CN': '无此检验机构' }, [
      'agencyId',
    ])
  }
  if (!agency.accreditedRegions.some((accredited) => regionContains(accredited, region))) {
    throw new DomainError(
      'declared-agency-not-accredited',
      {
        en: `the agency is not accredited for region ${region}`,
        'zh-CN': `所申报的检验机构无地区 ${region} 的检验资质`,
      },
      ['agencyId'],
    )
  }
}

/** The declared agencies after a declaration of this kind (naming an agency or not). */
export function withDeclaredAgency(
  declared: DeclaredAgencies | undefined,
  kind: InspectionKind,
  agencyId: string | undefined,
): DeclaredAgencies {
  const { [kind]: _previous, ...others } = declared ?? {}
  return agencyId === undefined ? others : { ...others, [kind]: agencyId }
}

/** A last inspection as its subject's user states it, unconfirmed by any agency. */
export interface StatedInspection {
  readonly date: string
  readonly reportNumber: string
}

/** A due date taken from a register, with who asserts it. */
export interface AssertedDueDate {
  readonly date: string
  readonly assertedBy: Actor
}

/**
 * Due dates follow from the rule tables and inspection results; a register's due date is taken
 * only from an authority (an administrator importing the bureau's register), never a user.
 */
export function assertDueDateAuthority(due: AssertedDueDate | undefined): void {
  if (due !== undefined && due.assertedBy.organisationKind !== 'administrator') {
    throw new DomainError(
      'due-date-from-rules',
      {
        en: 'the next inspection date follows from the rule tables and inspection results; state the last inspection instead',
        'zh-CN': '下次检验日期由规则表和检验结论确定，请填写上次检验信息',
      },
      ['nextInspectionDue'],
    )
  }
}

export function assertOwner(subject: { organisationId?: string | undefined }, byOrganisationId: string): void {
  if (subject.organisationId !== byOrganisationId) {
    throw new DomainError(
      'not-your-record',
      { en: 'this record belongs to another organisation', 'zh-CN': '该记录属于其他单位' },
      ['organisationId'],
    )
  }
}

/**
 * Whose result it is: the agency recording it, or the agency an authority (administrator, or
 * enforcement of the subject's region) records it for, from the agency's report.
 */
function resultAgency(subject: InspectionSubject, command: RecordInspectionResultData): NamedAgency {
  const actor = command.actor
  assertKind(actor, ['inspection_agency', ...authorityKinds])
  if (actor.organisationKind === 'inspection_agency') {
    if (command.agencyId !== undefined && command.agencyId !== actor.organisationId) {
      throw new DomainError(
        'not-your-result',
        { en: 'an agency records its own results only', 'zh-CN': '检验机构只能录入本机构的检验结论' },
        ['agencyId'],
      )
    }
    return actor
  }
  assertActsInRegion(actor, subject.region)
  const agency = command.agency
  if (command.agencyId === undefined || !agency || agency.organisationId !== command.agencyId) {
    throw new DomainError(
      'agency-not-found',
      { en: 'name the inspection agency whose result this is', 'zh-CN': '须填写出具检验结论的检验机构' },
      ['agencyId'],
    )
  }
  if (agency.organisationKind !== 'inspection_agency') {
    throw new DomainError('agency-not-found', { en: 'no inspection agency with this id', 'zh-CN': '无此检验机构' }, [
      'agencyId',
    ])
  }
  return agency
}

export function decideInspectionResult(
  subject: InspectionSubject,
  command: RecordInspectionResultData,
  /** The effective `inspectionIntervals` (code and published versions), where the route loaded it. */
  intervals: RuleTable<readonly InspectionIntervalRule[]> = inspectionIntervals,
): EquipmentEventOf<'InspectionResultRecorded'> {
  const agency = resultAgency(subject, command)
  if (!agency.accreditedRegions.some((accredited) => regionContains(accredited, subject.region))) {
    throw new DomainError(
      'agency-not-accredited-for-region',
      {
        en: `the inspection agency is not accredited for region ${subject.region}`,
        'zh-CN': `检验机构无地区 ${subject.region} 的检验资质`,
      },
      ['region'],
    )
  }
  const declaredTo = subject.declaredAgencies?.[command.kind]
  if (declaredTo !== undefined && declaredTo !== agency.organisationId) {
    throw new DomainError(
      'declared-to-another-agency',
      {
        en: `this inspection was declared to agency ${declaredTo}; only it records the result`,
        'zh-CN': `该检验已申报给检验机构 ${declaredTo}，只能由其录入结论`,
      },
      ['agencyId'],
    )
  }
  const safetyGrade = command.safetyGrade ?? subject.safetyGrade
  let nextDueDate: string | undefined
  let intervalRule: { name: string; version: string } | undefined
  // A report older than the inspection the due date follows from (a backlog entered late) is
  // evidence of that inspection; it does not move the due date back (evolveInspectionResult).
  const older = olderThanDue(subject.dueSetOn, command.inspectionDate)
  const movesDueDate = command.kind !== 'other' && isPassing(command.conclusion) && !older
  if (movesDueDate) {
    const interval = inspectionIntervalFor(
      subject.category,
      { safetyGrade, pipelineGrade: subject.pipelineGrade, subtype: subject.subtype },
      command.inspectionDate,
      intervals,
    )
    const months = command.kind === 'installation_supervision' ? interval.firstWithinMonths : interval.intervalMonths
    const latest = addMonths(command.inspectionDate, months)
    nextDueDate = command.nextDueDate ?? latest
    intervalRule = interval.rule
    if (nextDueDate > latest || nextDueDate <= command.inspectionDate) {
      throw new DomainError(
        'next-due-outside-interval',
        {
          en: `next due date must be after the inspection and no later than ${latest} (${interval.rule.name} ${interval.rule.version})`,
          'zh-CN': `下次检验日期须晚于检验日期且不晚于 ${latest}（${interval.rule.name} ${interval.rule.version}）`,
        },
        ['nextDueDate'],
      )
    }
  } else if (command.nextDueDate !== undefined) {
    throw new DomainError(
      'next-due-not-allowed',
      older
        ? {
            en: `an inspection before ${subject.dueSetOn}, the one the due date follows from, does not set a next due date`,
            'zh-CN': `早于 ${subject.dueSetOn}（现行下次检验日期所依据的检验）的检验不设下次检验日期`,
          }
        : {
            en: 'a failed or non-periodic inspection does not set a next due date',
            'zh-CN': '不合格或其他检验不设下次检验日期',
          },
      ['nextDueDate'],
    )
  }

  return {
    type: 'InspectionResultRecorded',
    data: {
      subjectKind: subject.subjectKind,
      subjectId: subject.subjectId,
      organisationId: subject.organisationId,
      region: subject.region,
      agencyId: agency.organisationId,
      kind: command.kind,
      conclusion: command.conclusion,
      reportNumber: command.reportNumber,
      inspectors: [...command.inspectors],
      inspectionDate: command.inspectionDate,
      ...(nextDueDate !== undefined ? { nextDueDate } : {}),
      ...(command.safetyGrade !== undefined ? { safetyGrade: command.safetyGrade } : {}),
      ...(intervalRule ? { intervalRule } : {}),
    },
  }
}

export function decidePeriodicDeclaration(
  subject: InspectionSubject,
  command: DeclarePeriodicInspectionData,
): EquipmentEventOf<'PeriodicInspectionDeclared'> {
  assertOwner(subject, command.byOrganisationId)
  assertDeclaredAgency(subject.region, command.agencyId, command.agency)
  if (subject.nextDueDate === undefined) {
    throw new DomainError('no-due-date', { en: 'no periodic inspection is due yet', 'zh-CN': '尚无下次检验日期' }, [
      'dueDate',
    ])
  }
  const { deadline, rule } = declarationDeadlineFor(subject.nextDueDate)
  return {
    type: 'PeriodicInspectionDeclared',
    data: {
      subjectKind: subject.subjectKind,
      subjectId: subject.subjectId,
      organisationId: subject.organisationId,
      region: subject.region,
      declaredOn: command.declaredOn,
      dueDate: subject.nextDueDate,
      ...(command.plannedDate !== undefined ? { plannedDate: command.plannedDate } : {}),
      ...(command.agencyId !== undefined ? { agencyId: command.agencyId } : {}),
      inTime: command.declaredOn <= deadline,
      declarationRule: rule,
    },
  }
}

/**
 * How a recorded result evolves a subject's state: a new safety grade when it gives one; pass
 * moves the due date (the result carries the next one), fail leaves it; a pass closes the
 * declaration of its kind (a fail leaves it with its agency, for the re-inspection).
 */
export function evolveInspectionResult<
  State extends {
    safetyGrade?: number | undefined
    nextDueDate?: string | undefined
    dueSetOn?: string | undefined
    declaredAgencies?: DeclaredAgencies | undefined
  },
>(
  state: State,
  result: {
    kind: InspectionKind
    conclusion: InspectionConclusion
    inspectionDate: string
    safetyGrade?: number | undefined
    nextDueDate?: string | undefined
  },
): State {
  // An older report (recorded late) changes nothing: not the grade, nor the open declaration.
  if (result.nextDueDate === undefined && olderThanDue(state.dueSetOn, result.inspectionDate)) return state
  return {
    ...state,
    safetyGrade: result.safetyGrade ?? state.safetyGrade,
    nextDueDate: result.nextDueDate ?? state.nextDueDate,
    dueSetOn: result.nextDueDate !== undefined ? result.inspectionDate : state.dueSetOn,
    declaredAgencies: isPassing(result.conclusion)
      ? withDeclaredAgency(state.declaredAgencies, result.kind, undefined)
      : state.declaredAgencies,
  }
}

/** Whether an inspection on `day` is older than the one the due date follows from. */
export function olderThanDue(dueSetOn: string | undefined, day: string): boolean {
  return dueSetOn !== undefined && day < dueSetOn
}
