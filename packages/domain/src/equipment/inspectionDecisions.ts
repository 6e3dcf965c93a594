import {
  isPassing,
  type EquipmentCategory,
  type EquipmentEventOf,
  type InspectionConclusion,
  type InspectionKind,
  type InspectionSubjectKind,
} from '@gsr/events/equipment'
import { regionContains } from '@gsr/events'
import { DomainError } from '../Decider.ts'
import { inspectionIntervalFor } from './inspectionIntervals.ts'
import { addMonths } from './isoDates.ts'
import { declarationDeadlineFor } from './periodicDeclarationDeadline.ts'

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
  readonly subtype?: string | undefined
  readonly nextDueDate?: string | undefined
}

export interface RecordInspectionResultData {
  readonly agencyId: string
  /** Regions the agency is accredited for (from its organisation record). */
  readonly agencyRegions: readonly string[]
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

export function decideInspectionResult(
  subject: InspectionSubject,
  command: RecordInspectionResultData,
): EquipmentEventOf<'InspectionResultRecorded'> {
  if (!command.agencyRegions.some((region) => regionContains(region, subject.region))) {
    throw new DomainError(
      'agency-not-accredited-for-region',
      {
        en: `the inspection agency is not accredited for region ${subject.region}`,
        'zh-CN': `检验机构无地区 ${subject.region} 的检验资质`,
      },
      ['region'],
    )
  }
  const safetyGrade = command.safetyGrade ?? subject.safetyGrade
  let nextDueDate: string | undefined
  let intervalRule: { name: string; version: string } | undefined
  const movesDueDate = command.kind !== 'other' && isPassing(command.conclusion)
  if (movesDueDate) {
    const interval = inspectionIntervalFor(
      subject.category,
      { safetyGrade, subtype: subject.subtype },
      command.inspectionDate,
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
      {
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
      agencyId: command.agencyId,
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
 * moves the due date (the result carries the next one), fail leaves it.
 */
export function evolveInspectionResult<
  State extends { safetyGrade?: number | undefined; nextDueDate?: string | undefined },
>(state: State, result: { safetyGrade?: number | undefined; nextDueDate?: string | undefined }): State {
  return {
    ...state,
    safetyGrade: result.safetyGrade ?? state.safetyGrade,
    nextDueDate: result.nextDueDate ?? state.nextDueDate,
  }
}
