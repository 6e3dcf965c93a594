import { ruleRef, ruleTable } from '../RuleTable.ts'

/**
 * Rule table `pipelineInUseRequiredFields`: the fields an in-use gas pipeline record
 * (在用管道信息录入) must carry to count as complete for the "in-use information entry rate".
 */
export const pipelineInUseRequiredFields = ruleTable<readonly string[]>('pipelineInUseRequiredFields', [
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
])

/** Which required fields the record lacks (absent, or an empty string). */
export function missingPipelineFields(
  record: Readonly<Record<string, string | number>>,
  onDate: string,
): { missing: string[]; rule: { name: string; version: string } } {
  const version = pipelineInUseRequiredFields.at(onDate)
  const missing = version.rules.filter((field) => {
    const value = record[field]
    return value === undefined || (typeof value === 'string' && value.trim() === '')
  })
  return { missing, rule: ruleRef(pipelineInUseRequiredFields, version) }
}
