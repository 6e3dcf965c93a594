import type { ProblemDefinition } from '@gsr/http-kit'

/** The enforcement workflows' DomainError codes (from @gsr/domain/enforcement) as HTTP problems. */
export const enforcementProblems: Record<string, ProblemDefinition> = {
  'order-not-found': { status: 404, title: { en: 'Unknown rectification order', 'zh-CN': '整改通知书不存在' } },
  'order-already-issued': { status: 409, title: { en: 'Order id already issued', 'zh-CN': '整改通知书编号已下达' } },
  'order-already-delivered': { status: 409, title: { en: 'Order already delivered', 'zh-CN': '整改通知书已送达' } },
  'order-not-delivered': { status: 409, title: { en: 'Order not delivered yet', 'zh-CN': '整改通知书尚未送达' } },
  'order-already-rechecked': { status: 409, title: { en: 'Order already re-checked', 'zh-CN': '整改通知书已复查' } },
  'deadline-before-issue': {
    status: 422,
    title: { en: 'Deadline before the issue day', 'zh-CN': '整改期限早于下达日期' },
  },
  'deadline-beyond-rule': {
    status: 422,
    title: { en: 'Term longer than the rule allows', 'zh-CN': '整改期限超过规定' },
  },
  'delivered-before-issue': { status: 422, title: { en: 'Delivered before issued', 'zh-CN': '送达日期早于下达日期' } },
  'recheck-before-deadline': { status: 422, title: { en: 'Re-check before the deadline', 'zh-CN': '整改期限未届满' } },
  'duplicate-problem': { status: 422, title: { en: 'A problem is named twice', 'zh-CN': '问题重复列出' } },
  'unknown-problem-category': {
    status: 422,
    title: { en: 'No article for this problem', 'zh-CN': '无此类问题的法律依据' },
  },
  'problem-not-found': { status: 422, title: { en: 'Unknown problem', 'zh-CN': '问题不存在' } },
  'problem-of-another-organisation': {
    status: 422,
    title: { en: 'The problem concerns another organisation', 'zh-CN': '问题涉及其他单位' },
  },
  'organisation-not-found': { status: 422, title: { en: 'Unknown organisation', 'zh-CN': '单位不存在' } },
  // Random inspection plans (双随机、一公开)
  'plan-not-found': { status: 404, title: { en: 'Unknown inspection plan', 'zh-CN': '抽查计划不存在' } },
  'plan-already-committed': { status: 409, title: { en: 'Plan id already used', 'zh-CN': '抽查计划编号已存在' } },
  'plan-already-drawn': { status: 409, title: { en: 'Plan already drawn', 'zh-CN': '抽查计划已抽取' } },
  'seed-mismatch': { status: 422, title: { en: 'Seed does not match the commitment', 'zh-CN': '种子与承诺不符' } },
  'period-reversed': { status: 422, title: { en: 'Period ends before it starts', 'zh-CN': '计划期间颠倒' } },
  'duplicate-inspector': { status: 422, title: { en: 'An inspector is named twice', 'zh-CN': '执法人员重复' } },
  'roster-too-small': { status: 422, title: { en: 'Too few inspectors', 'zh-CN': '执法人员不足' } },
  'inspector-not-on-roster': {
    status: 422,
    title: { en: 'Inspector not on the roster', 'zh-CN': '执法人员不在名单中' },
  },
  'inspector-not-found': { status: 422, title: { en: 'Unknown inspector', 'zh-CN': '执法人员不存在' } },
  'previous-plan-not-found': {
    status: 422,
    title: { en: 'Unknown previous plan', 'zh-CN': '上一期抽查计划不存在' },
  },
  'drawn-before-planned': { status: 422, title: { en: 'Drawn before planned', 'zh-CN': '抽取早于计划' } },
}
