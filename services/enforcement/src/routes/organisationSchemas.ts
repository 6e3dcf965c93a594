import { z } from 'zod'
import { IsoDate, RegionCode } from '@gsr/events'
import { violationCategories } from '@gsr/domain/enforcement'
import { Cursor, OrganisationKind } from '@gsr/http-kit'
import { KnownAt } from './enforcementQuery.ts'

export const SummaryQuery = z.strictObject({ on: IsoDate.optional(), knownAt: KnownAt })
export const OrganisationSummary = z.object({
  organisationId: z.string(),
  name: z.string(),
  on: z.string(),
  knownAt: z.string().optional().describe('as the log stood at this instant'),
  openViolations: z.number().int(),
  window: z.object({ from: z.string(), to: z.string() }),
  byCategory: z.array(
    z.object({ category: z.enum(violationCategories), open: z.number().int(), resolved: z.number().int() }),
  ),
  lateReported: z
    .object({ facts: z.number().int(), maxDelayDays: z.number().int() })
    .describe('facts reported late (迟报): recorded more than the dateWindow rule days after their field day'),
  risk: z
    .object({
      grade: z.enum(['A', 'B', 'C', 'D', 'E']),
      score: z.number(),
      rule: z.object({ name: z.string(), version: z.string() }),
      explanation: z.string().describe('path of the grade’s explanation (the risk catalogue)'),
    })
    .describe('the risk catalogue’s grade (rule table riskCatalogueRules) in the caller’s region'),
})
export const OrganisationParams = z.strictObject({ organisationId: z.string().min(1).max(64) })

export const DirectoryQuery = Cursor.extend({
  region: RegionCode.optional().describe('default: the caller’s region'),
  kind: OrganisationKind.optional(),
})
export const DirectoryEntry = z
  .object({
    id: z.string(),
    kind: OrganisationKind,
    name: z.string(),
    region: z.string().describe('the seat (住所所在地)'),
    uscc: z.string().nullable().describe('unified social credit code (统一社会信用代码)'),
    address: z.string().nullable(),
    legalRepresentative: z.string().nullable(),
    contact: z.string().nullable(),
    seatedInRegion: z.boolean(),
    operatesInRegion: z
      .object({ equipment: z.number().int(), pipelines: z.number().int(), cylinders: z.number().int() })
      .describe('what it owns installed in the region asked for (equipment not cancelled, cylinders not scrapped)'),
    updatedAt: z.iso.datetime({ offset: true }).nullable().describe('China time (+08:00)'),
  })
  .meta({
    id: 'DirectoryEntry',
    examples: [
      {
        id: 'gas-utility-1',
        kind: 'equipment_user',
        name: '某燃气有限公司',
        region: '330108',
        uscc: '91330100716105852F',
        address: '杭州市滨江区某路1号',
        legalRepresentative: '张三',
        contact: '李四 0571-88880000',
        seatedInRegion: false,
        operatesInRegion: { equipment: 0, pipelines: 12, cylinders: 0 },
        updatedAt: '2026-03-01T16:00:00.000+08:00',
      },
    ],
  })
