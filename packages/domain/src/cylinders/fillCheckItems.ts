import { ruleTable, type RuleVersion } from '../RuleTable.ts'

/**
 * Rule table `fillCheckItems`: the pre-fill (充装前检查) and post-fill (充装后检查) check items
 * (defaults after TSG 23). Which items apply to a cylinder type is in `cylinderTypeRules`.
 */
export interface CheckItem {
  readonly code: string
  readonly label: { readonly 'zh-CN': string; readonly en: string }
}

export interface FillCheckItemRules {
  readonly preFill: readonly CheckItem[]
  readonly postFill: readonly CheckItem[]
}

export const fillCheckItems = ruleTable<FillCheckItemRules>('fillCheckItems', [
  {
    version: 'fillCheckItems/2026-1',
    effectiveFrom: '2000-01-01',
    rules: {
      preFill: [
        { code: 'registered_coded', label: { 'zh-CN': '已登记并有唯一编码', en: 'registered and coded' } },
        { code: 'owned_or_entrusted', label: { 'zh-CN': '自有产权或已委托', en: 'owned or entrusted' } },
        { code: 'within_inspection_date', label: { 'zh-CN': '在检验有效期内', en: 'within inspection date' } },
        { code: 'within_service_life', label: { 'zh-CN': '未超设计使用年限', en: 'not past service life' } },
        { code: 'valve_accessories_intact', label: { 'zh-CN': '瓶阀及附件完好', en: 'valve and accessories intact' } },
        {
          code: 'no_damage',
          label: { 'zh-CN': '无损伤、腐蚀、变形、火烧痕迹', en: 'no damage, corrosion, deformation or fire marks' },
        },
        { code: 'colour_marking', label: { 'zh-CN': '颜色标志正确', en: 'correct colour and marking for the gas' } },
        { code: 'residual_gas', label: { 'zh-CN': '余气（压）已检查', en: 'residual gas/pressure checked' } },
        { code: 'filler_porous_mass', label: { 'zh-CN': '填料及丙酮量合格', en: 'porous mass and solvent checked' } },
      ],
      postFill: [
        { code: 'quantity_weighed', label: { 'zh-CN': '充装量复秤合格', en: 'fill quantity within limits (weighed)' } },
        { code: 'pressure_within_limits', label: { 'zh-CN': '充装压力合格', en: 'fill pressure within limits' } },
        { code: 'no_leak', label: { 'zh-CN': '瓶阀、接头、瓶体无泄漏', en: 'no leak at valve, joints or body' } },
        { code: 'temperature_normal', label: { 'zh-CN': '瓶体温度正常', en: 'temperature normal' } },
        { code: 'cap_seal_fitted', label: { 'zh-CN': '瓶帽、密封已装', en: 'cap and seal fitted' } },
        { code: 'filling_label', label: { 'zh-CN': '已粘贴充装标签', en: 'filling label attached' } },
      ],
    },
  },
])

export function fillCheckItemsOn(date: string): RuleVersion<FillCheckItemRules> {
  return fillCheckItems.at(date)
}
