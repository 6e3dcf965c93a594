import type { ProblemDefinition } from '@gsr/http-kit'

/** The complaint workflow's DomainError codes (complaintDecider, complaintRoutes) as HTTP problems. */
export const complaintProblems: Record<string, ProblemDefinition> = {
  'complaint-not-found': { status: 404, title: { en: 'Unknown complaint', 'zh-CN': '投诉举报不存在' } },
  'complaint-already-received': {
    status: 409,
    title: { en: 'Complaint id already received', 'zh-CN': '投诉举报编号已登记' },
  },
  'complaint-unknown-category': { status: 422, title: { en: 'Unknown complaint category', 'zh-CN': '未知的投诉类别' } },
  'complaint-step-before-previous': {
    status: 422,
    title: { en: 'Dated before the previous step', 'zh-CN': '日期早于上一环节' },
  },
  'complaint-team-not-enforcement': {
    status: 422,
    title: { en: 'Not an enforcement team', 'zh-CN': '承办单位不是执法队伍' },
  },
  'complaint-team-outside-region': {
    status: 422,
    title: { en: 'The team does not cover the region', 'zh-CN': '承办单位辖区不含该区域' },
  },
  'complaint-already-assigned': {
    status: 409,
    title: { en: 'Assigned and awaiting the team', 'zh-CN': '已派转，待承办单位接收或退回' },
  },
  'complaint-not-assigned': { status: 409, title: { en: 'Not assigned', 'zh-CN': '尚未派转' } },
  'complaint-not-assigned-team': {
    status: 403,
    title: { en: 'Not the team it is assigned to', 'zh-CN': '非承办单位' },
  },
  'complaint-already-accepted': { status: 409, title: { en: 'Already accepted', 'zh-CN': '已被承办单位接收' } },
  'complaint-not-accepted': { status: 409, title: { en: 'Not accepted yet', 'zh-CN': '尚未被承办单位接收' } },
  'complaint-already-handled': { status: 409, title: { en: 'Already handled', 'zh-CN': '已办理' } },
  'complaint-not-handled': { status: 409, title: { en: 'Not handled yet', 'zh-CN': '尚未办理' } },
  'complaint-already-replied': { status: 409, title: { en: 'Already replied', 'zh-CN': '已答复' } },
  'complaint-not-replied': { status: 409, title: { en: 'Not replied yet', 'zh-CN': '尚未答复' } },
  'complaint-satisfaction-recorded': {
    status: 409,
    title: { en: 'Satisfaction already recorded', 'zh-CN': '满意度已记录' },
  },
  'complaint-not-on-ledger': {
    status: 409,
    title: { en: 'Not on the rectification ledger', 'zh-CN': '不在整改台账内' },
  },
  'complaint-already-verified': { status: 409, title: { en: 'Already verified closed', 'zh-CN': '已核验销号' } },
  'complaint-reference-not-found': {
    status: 422,
    title: { en: 'Unknown referenced record', 'zh-CN': '关联记录不存在' },
  },
}
