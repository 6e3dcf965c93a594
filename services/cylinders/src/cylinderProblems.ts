import type { ProblemDefinition } from '@gsr/http-kit'

/** DomainError codes of the gas-safety side: HTTP status and titles (zh-CN / English). */
export const cylinderProblems: Record<string, ProblemDefinition> = {
  'cylinder-already-registered': {
    status: 409,
    title: { en: 'Cylinder code already registered', 'zh-CN': '气瓶编码已登记' },
  },
  'cylinder-not-registered': { status: 404, title: { en: 'Cylinder not registered', 'zh-CN': '气瓶未登记' } },
  'cylinder-scrapped': { status: 409, title: { en: 'Cylinder is scrapped', 'zh-CN': '气瓶已报废' } },
  'manufacture-date-in-future': {
    status: 422,
    title: { en: 'Manufacture date in the future', 'zh-CN': '制造日期晚于登记日期' },
  },
  'cylinder-already-owned': {
    status: 422,
    title: { en: 'Station owns the cylinder', 'zh-CN': '本单位自有气瓶，无需委托' },
  },
  'not-the-owner': {
    status: 403,
    title: { en: 'Only the owner entrusts its cylinder', 'zh-CN': '委托充装须由产权单位授予' },
  },
  'not-allowed-to-mark': {
    status: 403,
    title: { en: 'Not allowed to mark this cylinder', 'zh-CN': '无权标记该气瓶' },
  },
  'evidence-required': { status: 422, title: { en: 'Evidence required', 'zh-CN': '须附证据' } },
  'cylinder-already-refurbished': {
    status: 409,
    title: { en: 'Already marked refurbished', 'zh-CN': '气瓶已标记为翻新' },
  },
  'contract-required': { status: 422, title: { en: 'Contract number required', 'zh-CN': '须填写委托合同编号' } },
  'station-not-found': { status: 422, title: { en: 'No such filling station', 'zh-CN': '充装单位不存在' } },
  'ended-before-entrustment': {
    status: 422,
    title: { en: 'Ended before the entrustment began', 'zh-CN': '终止日期早于委托起始日' },
  },
  'entrustment-backdated': {
    status: 422,
    title: { en: 'Entrustment back-dated', 'zh-CN': '委托充装起始日早于登记日' },
  },
  'cylinder-not-entrusted': { status: 409, title: { en: 'Not entrusted', 'zh-CN': '气瓶未委托给本单位' } },
  'invalid-period': { status: 422, title: { en: 'Invalid period', 'zh-CN': '起止日期无效' } },
  'fill-id-conflict': {
    status: 409,
    title: { en: 'Fill id already used for another fill', 'zh-CN': '充装记录编号已被占用' },
  },
  'check-id-conflict': { status: 409, title: { en: 'Check id already used', 'zh-CN': '核验编号已被占用' } },
  'certificate-exists': { status: 409, title: { en: 'Certificate already issued', 'zh-CN': '证书编号已存在' } },
  'certificate-not-found': { status: 404, title: { en: 'Certificate not found', 'zh-CN': '证书不存在' } },
  'certificate-revoked': { status: 409, title: { en: 'Certificate revoked', 'zh-CN': '证书已撤销' } },
  'certificate-withdrawn': { status: 409, title: { en: 'Certificate withdrawn', 'zh-CN': '证书已撤销或注销' } },
  'certificate-suspended-elsewhere': {
    status: 409,
    title: { en: 'Another certificate of this person is suspended', 'zh-CN': '此人另一证书处于暂停期' },
  },
  'certificate-already-suspended': { status: 409, title: { en: 'Already suspended', 'zh-CN': '证书已暂停' } },
  'validity-beyond-rule': {
    status: 422,
    title: { en: 'Validity beyond the rule', 'zh-CN': '有效期超出规定年限' },
  },
  'certificate-not-suspended': { status: 409, title: { en: 'Not suspended', 'zh-CN': '证书未暂停' } },
  'reinstated-before-suspension': {
    status: 422,
    title: { en: 'Dated before the suspension it ends', 'zh-CN': '恢复日期早于暂停起始日' },
  },
  'dated-before-issue': {
    status: 422,
    title: { en: 'Dated before the certificate was issued', 'zh-CN': '日期早于证书有效期起始日' },
  },
}
