import type { ProblemDefinition } from '@gsr/http-kit'

/** The supervision inspections' DomainError codes (supervisionInspectionDecider, inspectionAssignmentDecider). */
export const inspectionProblems: Record<string, ProblemDefinition> = {
  'inspection-already-recorded': {
    status: 409,
    title: { en: 'Inspection id already recorded', 'zh-CN': '检查编号已记录' },
  },
  'inspectors-too-few': { status: 422, title: { en: 'Two inspectors at least', 'zh-CN': '执法人员不少于两人' } },
  'inspection-outside-region': {
    status: 403,
    title: { en: 'Outside your region without an assignment', 'zh-CN': '无互查任务，不得检查辖区外' },
  },
  'assignment-not-covering': {
    status: 403,
    title: { en: 'The assignment does not cover this inspection', 'zh-CN': '互查任务不涵盖本次检查' },
  },
  'checklist-item-unknown': { status: 422, title: { en: 'Not a checklist item', 'zh-CN': '非检查表项目' } },
  'checklist-item-repeated': { status: 422, title: { en: 'Checklist item answered twice', 'zh-CN': '检查项目重复' } },
  'checklist-incomplete': { status: 422, title: { en: 'Checklist not fully answered', 'zh-CN': '检查表未填写完整' } },
  'inspection-result-contradicts-items': {
    status: 422,
    title: { en: 'The result contradicts the items', 'zh-CN': '检查结论与检查项目不符' },
  },
  'findings-on-clean-inspection': {
    status: 422,
    title: { en: 'Findings on a clean inspection', 'zh-CN': '未发现问题的检查不应关联检查发现' },
  },
  'finding-repeated': { status: 422, title: { en: 'A finding is named twice', 'zh-CN': '检查发现重复' } },
  'inspection-finding-not-found': { status: 422, title: { en: 'Unknown field finding', 'zh-CN': '检查发现不存在' } },
  'inspection-finding-mismatch': {
    status: 422,
    title: { en: 'The finding is of another organisation or day', 'zh-CN': '检查发现涉及其他单位或日期' },
  },
  'assignment-already-recorded': { status: 409, title: { en: 'Assignment id taken', 'zh-CN': '互查任务编号已使用' } },
  'assignment-not-from-above': {
    status: 403,
    title: { en: 'Assigned only by the level above both regions', 'zh-CN': '互查任务须由上级指派' },
  },
  'assignment-not-cross-region': {
    status: 422,
    title: { en: 'Not a cross-region check', 'zh-CN': '不属于异地交叉互查' },
  },
  'assignment-window-reversed': {
    status: 422,
    title: { en: 'The window ends before it starts', 'zh-CN': '互查期限有误' },
  },
}
