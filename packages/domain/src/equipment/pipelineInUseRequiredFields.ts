import { z } from 'zod'
import { ruleRef, ruleTable, type RuleTable } from '../RuleTable.ts'

/**
 * Rule table `pipelineInUseRequiredFields`: the fields an in-use gas pipeline record
 * (在用管道信息录入) must carry to count as complete for the "in-use information entry rate".
 * Publishable (`POST /admin/rule-tables/pipelineInUseRequiredFields/versions`): a record entered
 * from a version's effective day is judged complete by it and cites it (`requiredFieldsRule`);
 * the rate reads the record's own `complete`, so the read side follows.
 */
const PipelineInUseRequiredFieldsSchema = z
  .array(z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/, 'a record field name'))
  .min(1)
  .max(64)
  .refine((fields) => new Set(fields).size === fields.length, 'each field once')

export const pipelineInUseRequiredFields = ruleTable<readonly string[]>(
  'pipelineInUseRequiredFields',
  [
    {
      version: '2022.1',
      effectiveFrom: '2000-01-01',
      rules: [
        'name', // 管道名称
        'location', // 起止点/位置
        'medium', // 介质
        'grade', // 管道级别
        'designPressureMPa', // 设计压力
        'diameterMm', // 公称直径
        'lengthMeters', // 长度
        'material', // 材质
        'installer', // 安装单位
        'putIntoServiceDate', // 投用日期
        'lastInspectionDate', // 上次检验日期
        'nextInspectionDate', // 下次检验日期
      ],
    },
  ],
  { rulesSchema: PipelineInUseRequiredFieldsSchema },
)

/** Which required fields the record lacks (absent, or an empty string). */
export function missingPipelineFields(
  record: Readonly<Record<string, string | number>>,
  onDate: string,
  table: RuleTable<readonly string[]> = pipelineInUseRequiredFields,
): { missing: string[]; rule: { name: string; version: string } } {
  const version = table.at(onDate)
  const missing = version.rules.filter((field) => {
    const value = record[field]
    return value === undefined || (typeof value === 'string' && value.trim() === '')
  })
  return { missing, rule: ruleRef(table, version) }
}
