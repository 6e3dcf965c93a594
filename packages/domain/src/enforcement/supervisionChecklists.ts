import type { ChecklistSubjectKind } from '@gsr/events/enforcement'
import { ruleTable } from '../RuleTable.ts'

/**
 * Rule table `supervisionChecklists`: the items a routine supervision inspection (日常监督检查)
 * answers, per kind of subject. Each item cites where it comes from. The lists follow the
 * Special Equipment Safety Law (《中华人民共和国特种设备安全法》, 2014-01-01) and the TSG
 * rules named per item, read as the market-supervision checklists of users of special
 * equipment (特种设备使用单位监督检查) are built; they are working lists of the bureau, not
 * copied clause by clause from a published checklist: items marked `unverified` cite a
 * general reading of the rule, to be checked against the current text before relying on them.
 */
export interface ChecklistItem {
  readonly id: string
  readonly zh: string
  readonly en: string
  readonly source: string
  /** The source was read in general, not checked clause by clause. */
  readonly unverified?: true
}

export type SupervisionChecklists = Readonly<Record<ChecklistSubjectKind, readonly ChecklistItem[]>>

const law = '《中华人民共和国特种设备安全法》'

/** Items every user of special equipment answers (特种设备安全法 第三章 使用). */
const userItems: readonly ChecklistItem[] = [
  {
    id: 'use_registration',
    zh: '特种设备已办理使用登记，登记标志置于显著位置',
    en: 'equipment registered for use, registration mark displayed',
    source: `${law}第三十三条；TSG 08-2017 特种设备使用管理规则 2.5`,
  },
  {
    id: 'periodic_inspection_valid',
    zh: '在检验有效期内，按期申报定期检验',
    en: 'within the periodic inspection validity, inspection applied for in time',
    source: `${law}第四十条`,
  },
  {
    id: 'safety_manager',
    zh: '配备安全管理人员（安全管理负责人、安全管理员）',
    en: 'safety management personnel appointed',
    source: `${law}第三十六条；TSG 08-2017 2.3`,
  },
  {
    id: 'operators_certified',
    zh: '作业人员持证上岗',
    en: 'operators hold valid certificates',
    source: `${law}第十四条；TSG Z6001-2019`,
  },
  {
    id: 'safety_technical_records',
    zh: '建立安全技术档案',
    en: 'safety technical records kept',
    source: `${law}第三十五条`,
  },
  {
    id: 'emergency_plan',
    zh: '制定事故应急专项预案并定期演练',
    en: 'emergency plan made and drilled',
    source: `${law}第六十九条`,
  },
]

export const supervisionChecklists = ruleTable<SupervisionChecklists>('supervisionChecklists', [
  {
    version: '2021.1',
    effectiveFrom: '2021-06-01',
    rules: {
      lpg_filling_station: [
        {
          id: 'filling_licence_valid',
          zh: '充装许可证在有效期内，充装介质与许可范围一致',
          en: 'filling licence valid, gases within its scope',
          source: `${law}第四十九条；TSG 07-2019 特种设备生产和充装单位许可规则`,
        },
        ...userItems.filter((i) => i.id !== 'use_registration' && i.id !== 'periodic_inspection_valid'),
        {
          id: 'own_or_entrusted_cylinders',
          zh: '只充装自有产权或托管的气瓶',
          en: 'only own or entrusted cylinders filled',
          source: 'TSG 23-2021 气瓶安全技术规程 7.1',
          unverified: true,
        },
        {
          id: 'fill_checks_recorded',
          zh: '实施充装前、充装后检查并记录',
          en: 'pre-fill and post-fill checks done and recorded',
          source: `${law}第四十九条；TSG 23-2021 7.2`,
          unverified: true,
        },
        {
          id: 'cylinder_traceability',
          zh: '气瓶一瓶一码，充装信息可追溯',
          en: 'one code per cylinder, fills traceable',
          source: 'TSG 23-2021 7.3 气瓶追溯',
          unverified: true,
        },
        {
          id: 'storage_vessels_inspected',
          zh: '储罐等压力容器已登记并在检验有效期内',
          en: 'storage tanks and other pressure vessels registered and within inspection validity',
          source: `${law}第三十三条、第四十条；TSG 21-2016 固定式压力容器安全技术监察规程`,
        },
        {
          id: 'safety_accessories_checked',
          zh: '安全阀、压力表等安全附件定期校验',
          en: 'safety valves and gauges calibrated',
          source: `${law}第三十九条`,
        },
      ],
      gas_pipeline_user: [
        ...userItems,
        {
          id: 'annual_check',
          zh: '管道年度检查已进行并记录',
          en: 'annual check of the pipeline made and recorded',
          source: 'TSG D7004-2010 压力管道定期检验规则—公用管道',
          unverified: true,
        },
        {
          id: 'markers_and_protection',
          zh: '管道标志桩、警示标识完好，无占压',
          en: 'markers and warning signs intact, nothing built over the line',
          source: 'TSG D7004-2010；《城镇燃气管理条例》第三十三条',
          unverified: true,
        },
      ],
      elevator_user: [
        ...userItems.filter((i) => i.id !== 'operators_certified'),
        {
          id: 'maintenance_contract',
          zh: '与有资质的维护保养单位签订合同，每15日至少维保一次',
          en: 'maintenance contracted to a licensed company, at least every 15 days',
          source: `${law}第四十五条；TSG T5002-2017 电梯维护保养规则 第五条`,
        },
        {
          id: 'emergency_alarm',
          zh: '轿厢紧急报警装置有效，应急救援电话畅通',
          en: 'car emergency alarm works, rescue phone answered',
          source: 'TSG T7001-2009 电梯监督检验和定期检验规则—曳引与强制驱动电梯',
          unverified: true,
        },
        {
          id: 'safety_notice',
          zh: '安全注意事项和警示标志置于易于为乘客注意的显著位置',
          en: 'safety notice and warnings displayed for passengers',
          source: `${law}第四十二条`,
        },
      ],
      boiler_user: [
        ...userItems,
        {
          id: 'water_treatment',
          zh: '水（介）质处理并定期检测',
          en: 'water treatment and regular water quality tests',
          source: 'TSG 11-2020 锅炉安全技术规程 第十章',
          unverified: true,
        },
        {
          id: 'safety_accessories_checked',
          zh: '安全阀、压力表、水位表等安全附件定期校验、检修',
          en: 'safety valves, gauges and water-level gauges checked',
          source: `${law}第三十九条；TSG 11-2020`,
        },
        {
          id: 'energy_efficiency_test',
          zh: '按规定进行锅炉能效测试',
          en: 'boiler energy efficiency tested as required',
          source: 'TSG 91-2021 锅炉节能环保技术规程',
          unverified: true,
        },
      ],
    },
  },
])
