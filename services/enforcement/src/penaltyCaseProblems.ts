import type { ProblemDefinition } from '@gsr/http-kit'

/** The penalty cases' DomainError codes (penaltyCaseDecider, penaltyCaseRoutes) as HTTP problems. */
export const penaltyCaseProblems: Record<string, ProblemDefinition> = {
  'case-not-found': { status: 404, title: { en: 'Unknown penalty case', 'zh-CN': '案件不存在' } },
  'case-already-opened': { status: 409, title: { en: 'Case id already opened', 'zh-CN': '案件编号已立案' } },
  'case-already-investigated': { status: 409, title: { en: 'Investigation already recorded', 'zh-CN': '调查已记录' } },
  'case-already-decided': { status: 409, title: { en: 'Case already decided', 'zh-CN': '案件已作出处罚决定' } },
  'case-ended': { status: 409, title: { en: 'Case closed or dropped', 'zh-CN': '案件已结案或撤销' } },
  'case-referral-pending': {
    status: 409,
    title: { en: 'Awaiting the police’s receipt', 'zh-CN': '案件已移送，待公安机关回执' },
  },
  'case-with-police': { status: 409, title: { en: 'The police accepted the case', 'zh-CN': '公安机关已立案' } },
  'case-not-decided': { status: 409, title: { en: 'Case not decided yet', 'zh-CN': '案件尚未作出处罚决定' } },
  'case-no-pending-referral': { status: 409, title: { en: 'No referral awaits a receipt', 'zh-CN': '无待回执的移送' } },
  'case-extension-limit': { status: 409, title: { en: 'Term already extended', 'zh-CN': '办案期限已延长' } },
  'case-approval-required': {
    status: 403,
    title: { en: 'An approver (admin) must take this step', 'zh-CN': '须由审批人（管理员）批准' },
  },
  'case-date-before-opening': { status: 422, title: { en: 'Before the case was opened', 'zh-CN': '早于立案日期' } },
  'case-extension-too-late': {
    status: 422,
    title: { en: 'Extension after the due day', 'zh-CN': '办案期限届满后申请延期' },
  },
  'case-extension-too-long': {
    status: 422,
    title: { en: 'Extension longer than the rule allows', 'zh-CN': '延长期限超过规定' },
  },
  'case-duplicate-source': { status: 422, title: { en: 'A source is named twice', 'zh-CN': '案件来源重复列出' } },
  'case-duplicate-penalty': { status: 422, title: { en: 'A penalty kind is named twice', 'zh-CN': '处罚种类重复' } },
  'case-fine-amount-required': { status: 422, title: { en: 'A fine needs an amount', 'zh-CN': '罚款须注明金额' } },
  'case-amount-not-allowed': {
    status: 422,
    title: { en: 'This penalty has no amount', 'zh-CN': '该处罚种类不涉及金额' },
  },
  'case-without-category': {
    status: 422,
    title: { en: 'Name the violation categories', 'zh-CN': '请注明违法行为类别' },
  },
  'case-unknown-category': {
    status: 422,
    title: { en: 'No penalty article for this category', 'zh-CN': '无此类违法行为的处罚依据' },
  },
  'case-closed-before-decision': {
    status: 422,
    title: { en: 'Closed before the decision', 'zh-CN': '结案日期早于处罚决定' },
  },
  'case-collected-exceeds-fine': {
    status: 422,
    title: { en: 'More collected than imposed', 'zh-CN': '收缴罚款超过处罚金额' },
  },
  'case-receipt-before-referral': {
    status: 422,
    title: { en: 'Receipt before the referral', 'zh-CN': '回执日期早于移送日期' },
  },
  'case-criminal-number-required': {
    status: 422,
    title: { en: 'Criminal case number required', 'zh-CN': '须注明刑事案件编号' },
  },
  'case-decline-reason-required': { status: 422, title: { en: 'Reason required', 'zh-CN': '须注明不予立案理由' } },
  'case-source-not-found': { status: 422, title: { en: 'Unknown case source', 'zh-CN': '案件来源不存在' } },
  'case-source-of-another-party': {
    status: 422,
    title: { en: 'The source concerns another organisation', 'zh-CN': '案件来源涉及其他单位' },
  },
  'case-order-not-escalated': {
    status: 422,
    title: { en: 'The order was not found unrectified', 'zh-CN': '整改通知书未经复查认定未改正' },
  },
}
