import { z } from 'zod'

/** What an inspection, a declaration or a due/overdue event is about. */
export const InspectionSubjectKind = z.enum(['equipment', 'pipeline', 'cylinder'])
export type InspectionSubjectKind = z.infer<typeof InspectionSubjectKind>

export const InspectionKind = z
  .enum(['installation_supervision', 'periodic', 'other'])
  .describe('installation supervision (安装监检), periodic (定期检验) or other')
export type InspectionKind = z.infer<typeof InspectionKind>

export const InspectionConclusion = z
  .enum(['pass', 'conditional_pass', 'fail'])
  .describe('pass (合格), conditional pass (基本符合要求), fail (不合格)')
export type InspectionConclusion = z.infer<typeof InspectionConclusion>

/** Pass and conditional pass allow continued use until the next due date; fail does not. */
export function isPassing(conclusion: InspectionConclusion): boolean {
  return conclusion !== 'fail'
}
