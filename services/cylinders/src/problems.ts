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
  'certificate-already-suspended': { status: 409, title: { en: 'Already suspended', 'zh-CN': '证书已暂停' } },
  'certificate-not-suspended': { status: 409, title: { en: 'Not suspended', 'zh-CN': '证书未暂停' } },
  'record-id-conflict': { status: 409, title: { en: 'Record id already used', 'zh-CN': '记录编号已被占用' } },
}
