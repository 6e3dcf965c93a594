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
}
