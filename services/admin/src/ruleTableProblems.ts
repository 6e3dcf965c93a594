import type { ProblemDefinition } from '@gsr/http-kit'

/** The DomainError codes of a rule-table publication (`ruleTablePublicationDecider`) as HTTP problems. */
export const ruleTableProblems: Record<string, ProblemDefinition> = {
  'rule-version-exists': { status: 409, title: { en: 'Rule version id already used', 'zh-CN': '规则版本号已被使用' } },
  'rule-table-not-publishable': {
    status: 422,
    title: { en: 'This rule table is changed in code only', 'zh-CN': '该规则表仅能在代码中修改' },
  },
  'corrected-version-not-found': {
    status: 422,
    title: { en: 'No such version to correct', 'zh-CN': '被更正的版本不存在' },
  },
  'rule-version-already-corrected': {
    status: 422,
    title: { en: 'The version is already corrected', 'zh-CN': '该版本已被更正' },
  },
  'correction-not-on-corrected-day': {
    status: 422,
    title: { en: 'A correction starts on the corrected version’s day', 'zh-CN': '更正版本须与被更正版本同日生效' },
  },
  'rule-version-not-after-newest': {
    status: 422,
    title: { en: 'A new version starts after the newest one', 'zh-CN': '新版本须晚于最新版本生效' },
  },
  'rule-version-backdated': {
    status: 422,
    title: { en: 'A new version cannot take effect in the past', 'zh-CN': '新版本不得追溯生效' },
  },
}
