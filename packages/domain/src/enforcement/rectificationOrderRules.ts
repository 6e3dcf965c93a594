import { z } from 'zod'
import { ruleTable } from '../RuleTable.ts'
import { violationCategories, type ViolationCategory } from './violationCatalogue.ts'

/**
 * Rule table `rectificationOrderRules` (责令改正/整改通知书): the article each kind of problem
 * is ordered under, the term for rectifying, and the rebound window.
 *
 * - `legalBasis`: the article that orders the rectification, per violation category, from the
 *   Special Equipment Safety Law (《中华人民共和国特种设备安全法》, in force 2014-01-01) and, for
 *   household gas appliances under compulsory certification, the Certification and Accreditation
 *   Regulations (《中华人民共和国认证认可条例》).
 * - `defaultDeadlineDays`, `maxDeadlineDays`: the law orders rectification "within a time limit"
 *   (责令限期改正) without fixing it; these are the bureau's working terms (the order may set a
 *   shorter one, never a longer one).
 * - `reboundWindowDays`: a problem of the same category at the same organisation issued within
 *   this many days after an order was found rectified is a rebound (反弹). The source document
 *   names rebounding problems without a figure; one year is the bureau's working window.
 */
export interface RectificationOrderRules {
  readonly legalBasis: Readonly<Record<ViolationCategory, string>>
  readonly defaultDeadlineDays: number
  readonly maxDeadlineDays: number
  readonly reboundWindowDays: number
}

/** The rules of a version an administrator publishes (`POST /admin/rule-tables/rectificationOrderRules/versions`). */
const RectificationOrderRulesSchema = z
  .strictObject({
    /** An article for every violation category. */
    legalBasis: z.record(
      z.enum(violationCategories as [ViolationCategory, ...ViolationCategory[]]),
      z.string().min(1).max(200),
    ),
    defaultDeadlineDays: z.int().min(1).max(365),
    maxDeadlineDays: z.int().min(1).max(365),
    reboundWindowDays: z.int().min(1).max(3650),
  })
  .refine((r) => r.defaultDeadlineDays <= r.maxDeadlineDays, {
    path: ['defaultDeadlineDays'],
    message: 'at most maxDeadlineDays',
  })

export const rectificationOrderRules = ruleTable<RectificationOrderRules>(
  'rectificationOrderRules',
  [
    {
      version: '2014.1',
      effectiveFrom: '2014-01-01',
      rules: {
        legalBasis: {
          equipment_unregistered_or_uninspected: '《中华人民共和国特种设备安全法》第八十三条第（一）项、第（四）项',
          operator_uncertified: '《中华人民共和国特种设备安全法》第八十六条第（一）项',
          noncompliant_cylinder_filled: '《中华人民共和国特种设备安全法》第八十五条第（二）项',
          fill_checks_missing: '《中华人民共和国特种设备安全法》第八十五条第（一）项',
          uncertified_gas_appliance: '《中华人民共和国认证认可条例》第六十六条',
        },
        defaultDeadlineDays: 15,
        maxDeadlineDays: 90,
        reboundWindowDays: 365,
      },
    },
  ],
  { rulesSchema: RectificationOrderRulesSchema },
)
