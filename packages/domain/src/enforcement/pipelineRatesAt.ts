import { declarationDeadlineFor } from '../equipment/periodicDeclarationDeadline.ts'

/**
 * The dated facts of one gas pressure pipeline's lifecycle, as the log shows them (field
 * dates, YYYY-MM-DD). Every stage keeps its date, so the rates can be evaluated on any day.
 */
export interface PipelineStageFacts {
  readonly pipelineId: string
  readonly region: string
  readonly organisationId: string
  readonly notifiedOn?: string
  readonly constructionStartedOn?: string
  readonly installationDeclaredOn?: string
  readonly installationInspectedOn?: string
  /** The first day it was known to be in use (periodic declaration or result, found in use by enforcement). */
  readonly inUseKnownOn?: string
  readonly inUseRecords: readonly { readonly recordedOn: string; readonly complete: boolean }[]
  readonly dueDates: readonly { readonly dueDate: string; readonly knownOn: string }[]
  readonly declarations: readonly { readonly dueDate: string; readonly declaredOn: string }[]
}

export const pipelineRateKinds = [
  'construction_notification',
  'installation_inspection_declaration',
  'in_use_information_entry',
  'periodic_inspection_declaration',
] as const
export type PipelineRateKind = (typeof pipelineRateKinds)[number]

export const pipelineRateLabels: Record<PipelineRateKind, { 'zh-CN': string; en: string }> = {
  construction_notification: { 'zh-CN': '新建管道施工告知率', en: 'construction notification rate' },
  installation_inspection_declaration: { 'zh-CN': '安装监检申报率', en: 'installation-inspection declaration rate' },
  in_use_information_entry: { 'zh-CN': '在用管道信息录入率', en: 'in-use information entry rate' },
  periodic_inspection_declaration: { 'zh-CN': '定期检验申报率', en: 'periodic-inspection declaration rate' },
}

export type ShortfallReason =
  'not_notified' | 'notified_late' | 'not_declared' | 'no_record' | 'record_incomplete' | 'declared_late'

/** Why a pipeline falls short of a rate, for people (the rates list only the code). */
export const shortfallReasonLabels: Record<ShortfallReason, { 'zh-CN': string; en: string }> = {
  not_notified: { 'zh-CN': '未施工告知', en: 'construction not notified' },
  notified_late: { 'zh-CN': '开工后才告知', en: 'notified after construction started' },
  not_declared: { 'zh-CN': '未申报', en: 'not declared' },
  no_record: { 'zh-CN': '未录入在用管道信息', en: 'no in-use record' },
  record_incomplete: { 'zh-CN': '在用管道信息不完整', en: 'in-use record incomplete' },
  declared_late: { 'zh-CN': '逾期申报', en: 'declared after the deadline' },
}

/** One pipeline's standing in one rate on one day: counted or not, and why it falls short. */
export interface PipelineRateStanding {
  readonly rate: PipelineRateKind
  readonly counted: boolean
  readonly shortfall?: ShortfallReason
}

function minDay(...days: (string | undefined)[]): string | undefined {
  return days.filter((d): d is string => d !== undefined).sort()[0]
}

/** The declaration deadline of a due date, from the equipment rule table `periodicDeclarationDeadline`. */
export type DeadlineOf = (dueDate: string) => string
export const periodicDeclarationDeadlineOf: DeadlineOf = (dueDate) => declarationDeadlineFor(dueDate).deadline

/**
 * Which of the four denominators the pipeline is in on `day`, and whether it is in the
 * numerator. Definitions (numerator / denominator):
 * - construction notification: notified on or before construction started / new pipelines whose
 *   construction has started by the day (start = reported or found start, else the
 *   installation inspection) ;
 * - installation-inspection declaration: declared by the day / the same started new pipelines;
 * - in-use information entry: the latest in-use record by the day is complete / pipelines known
 *   in use by the day;
 * - periodic-inspection declaration: for the latest due date whose declaration deadline (due
 *   date minus the lead days of rule table `periodicDeclarationDeadline`) has passed, declared by
 *   that deadline / pipelines with such a date.
 */
export function pipelineStandingsAt(
  facts: PipelineStageFacts,
  day: string,
  deadlineOf: DeadlineOf = periodicDeclarationDeadlineOf,
): PipelineRateStanding[] {
  const standings: PipelineRateStanding[] = []
  const known = (d: string | undefined): string | undefined => (d !== undefined && d <= day ? d : undefined)
  const startedOn = minDay(known(facts.constructionStartedOn), known(facts.installationInspectedOn))
  if (startedOn) {
    const notifiedOn = known(facts.notifiedOn)
    standings.push(
      notifiedOn && notifiedOn <= startedOn
        ? { rate: 'construction_notification', counted: true }
        : {
            rate: 'construction_notification',
            counted: false,
            shortfall: notifiedOn ? 'notified_late' : 'not_notified',
          },
    )
    standings.push(
      known(facts.installationDeclaredOn)
        ? { rate: 'installation_inspection_declaration', counted: true }
        : { rate: 'installation_inspection_declaration', counted: false, shortfall: 'not_declared' },
    )
  }
  const records = facts.inUseRecords.filter((r) => r.recordedOn <= day)
  const inUseOn = minDay(known(facts.inUseKnownOn), ...records.map((r) => r.recordedOn))
  if (inUseOn) {
    // Latest by day; a later record of the same day wins (log order is kept in the array).
    let latest: { recordedOn: string; complete: boolean } | undefined
    for (const r of records) if (!latest || r.recordedOn >= latest.recordedOn) latest = r
    standings.push(
      latest?.complete
        ? { rate: 'in_use_information_entry', counted: true }
        : { rate: 'in_use_information_entry', counted: false, shortfall: latest ? 'record_incomplete' : 'no_record' },
    )
  }
  const due = facts.dueDates
    .filter((d) => d.knownOn <= day && deadlineOf(d.dueDate) <= day)
    .map((d) => d.dueDate)
    .sort()
    .at(-1)
  if (due) {
    const deadline = deadlineOf(due)
    const declarations = facts.declarations.filter((d) => d.dueDate === due && d.declaredOn <= day)
    standings.push(
      declarations.some((d) => d.declaredOn <= deadline)
        ? { rate: 'periodic_inspection_declaration', counted: true }
        : {
            rate: 'periodic_inspection_declaration',
            counted: false,
            shortfall: declarations.length > 0 ? 'declared_late' : 'not_declared',
          },
    )
  }
  return standings
}

export interface RateFigure {
  readonly rate: PipelineRateKind
  readonly numerator: number
  readonly denominator: number
  /** numerator / denominator, or null when nothing is in the denominator. */
  readonly value: number | null
  readonly shortfalls: readonly {
    readonly pipelineId: string
    readonly region: string
    readonly organisationId: string
    readonly reason: ShortfallReason
  }[]
}

/** The four rates over a set of pipelines (a county, a city, a province) on `day`. */
export function pipelineRatesAt(
  pipelines: readonly PipelineStageFacts[],
  day: string,
  deadlineOf: DeadlineOf = periodicDeclarationDeadlineOf,
): RateFigure[] {
  const figures = new Map(
    pipelineRateKinds.map((rate) => [
      rate,
      { rate, numerator: 0, denominator: 0, shortfalls: [] as RateFigure['shortfalls'][number][] },
    ]),
  )
  const sorted = [...pipelines].sort((a, b) => (a.pipelineId < b.pipelineId ? -1 : 1))
  for (const pipeline of sorted) {
    for (const standing of pipelineStandingsAt(pipeline, day, deadlineOf)) {
      const figure = figures.get(standing.rate)!
      figure.denominator += 1
      if (standing.counted) figure.numerator += 1
      else
        figure.shortfalls.push({
          pipelineId: pipeline.pipelineId,
          region: pipeline.region,
          organisationId: pipeline.organisationId,
          reason: standing.shortfall!,
        })
    }
  }
  return pipelineRateKinds.map((rate) => {
    const f = figures.get(rate)!
    return { ...f, value: f.denominator === 0 ? null : f.numerator / f.denominator }
  })
}
