import { z } from 'zod'
import { IsoDate, RegionCode } from '@gsr/events'
import { riskGrades } from '@gsr/domain/enforcement'
import { Cursor, OrganisationKind } from '@gsr/http-kit'
import { KnownAt } from './enforcementQuery.ts'

const Grade = z.enum(riskGrades).describe('risk grade: A most trustworthy … E highest risk')
const Rule = z.object({ name: z.string(), version: z.string() })

export const CatalogueFilter = z.strictObject({
  region: RegionCode.optional().describe('default: the caller’s region'),
  on: IsoDate.optional().describe('the day graded (default today, China time)'),
  knownAt: KnownAt,
  grade: Grade.optional(),
  kind: OrganisationKind.optional(),
})
export const CatalogueQuery = CatalogueFilter.extend(Cursor.shape)
export const CatalogueEntry = z
  .object({
    organisationId: z.string(),
    name: z.string(),
    kind: OrganisationKind,
    region: z.string(),
    grade: Grade,
    score: z.number(),
    rule: Rule,
    explanation: z.string().describe('path of the grade’s explanation'),
  })
  .meta({ id: 'RiskCatalogueEntry' })
export const RiskCatalogue = z.object({
  region: z.string(),
  on: z.string(),
  knownAt: z.string().optional(),
  items: z.array(CatalogueEntry),
  next: z.string().optional().describe('cursor of the next page'),
})

export const ExplanationParams = z.strictObject({ organisationId: z.string().min(1).max(64) })
export const ExplanationQuery = z.strictObject({ on: IsoDate.optional(), knownAt: KnownAt })
export const RiskExplanation = z
  .object({
    organisationId: z.string(),
    name: z.string(),
    kind: OrganisationKind,
    region: z.string().describe('the region the grade was read in (the caller’s)'),
    on: z.string(),
    knownAt: z.string().optional(),
    grade: Grade,
    score: z.number(),
    rule: Rule,
    indicators: z.array(
      z.object({
        indicator: z.string(),
        label: z.object({ en: z.string(), 'zh-CN': z.string() }),
        points: z.number(),
        signals: z
          .array(z.object({ ref: z.string(), kind: z.string(), on: z.string(), points: z.number() }))
          .describe('the records behind the points: violation ids, order ids, registration codes'),
      }),
    ),
  })
  .meta({ id: 'RiskExplanation' })

export const HistoryQuery = z.strictObject({
  to: IsoDate.optional().describe('the last month-end is the month of this day (default today)'),
  months: z.coerce.number().int().min(1).max(36).default(12),
})
export const RiskHistory = z.object({
  organisationId: z.string(),
  months: z.array(z.object({ on: z.string(), grade: Grade, score: z.number(), rule: Rule })),
})
