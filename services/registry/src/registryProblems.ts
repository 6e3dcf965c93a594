import type { ProblemDefinition } from '@gsr/http-kit'

/** The registry's DomainError codes (from @gsr/domain/equipment) as HTTP problems. */
export const registryProblems: Record<string, ProblemDefinition> = {
  'registration-code-taken': {
    status: 409,
    title: { en: 'Registration code already registered', 'zh-CN': '登记编号已被使用' },
  },
  'application-not-found': {
    status: 404,
    title: { en: 'Unknown registration application', 'zh-CN': '登记申请不存在' },
  },
  'application-already-recorded': {
    status: 409,
    title: { en: 'Application id already used', 'zh-CN': '该申请编号已存在' },
  },
  'application-already-decided': {
    status: 409,
    title: { en: 'The application is already accepted or refused', 'zh-CN': '该申请已受理或已被拒绝' },
  },
  'dated-before-application': {
    status: 422,
    title: { en: 'Dated before the application', 'zh-CN': '日期早于申请日期' },
  },
  'finding-not-found': { status: 404, title: { en: 'Unknown equipment finding', 'zh-CN': '设备检查记录不存在' } },
  'finding-already-linked': {
    status: 409,
    title: { en: 'The finding is linked to another registration', 'zh-CN': '该检查记录已关联其他登记' },
  },
  'dated-before-finding': { status: 422, title: { en: 'Dated before the finding', 'zh-CN': '日期早于检查日期' } },
  'equipment-not-found': { status: 404, title: { en: 'Unknown equipment', 'zh-CN': '设备不存在' } },
  'pipeline-not-found': { status: 404, title: { en: 'Unknown pipeline', 'zh-CN': '管道不存在' } },
  'not-your-record': {
    status: 403,
    title: { en: 'The record belongs to another organisation', 'zh-CN': '该记录属于其他单位' },
  },
  'not-allowed-for-kind': {
    status: 403,
    title: { en: 'Not for this kind of organisation', 'zh-CN': '该类单位无权提交此项' },
  },
  'owner-differs': {
    status: 409,
    title: { en: 'Recorded with another owner', 'zh-CN': '已登记其他使用单位' },
  },
  'region-differs': {
    status: 409,
    title: { en: 'Recorded in another region', 'zh-CN': '已登记在其他地区' },
  },
  'agency-not-accredited-for-region': {
    status: 403,
    title: { en: 'Inspection agency not accredited for this region', 'zh-CN': '检验机构无该地区检验资质' },
  },
  'declared-to-another-agency': {
    status: 403,
    title: { en: 'Declared to another inspection agency', 'zh-CN': '该检验已申报给其他检验机构' },
  },
  'not-your-result': {
    status: 422,
    title: { en: 'An agency records its own results', 'zh-CN': '只能录入本机构的检验结论' },
  },
  'agency-not-found': { status: 422, title: { en: 'No such inspection agency', 'zh-CN': '检验机构不存在' } },
  'declared-agency-not-accredited': {
    status: 422,
    title: { en: 'The declared agency is not accredited for the region', 'zh-CN': '所申报的检验机构无该地区资质' },
  },
  'equipment-cancelled': { status: 409, title: { en: 'Equipment registration cancelled', 'zh-CN': '设备已注销' } },
  'already-suspended': { status: 409, title: { en: 'Equipment already suspended', 'zh-CN': '设备已停用' } },
  'not-suspended': { status: 409, title: { en: 'Equipment is not suspended', 'zh-CN': '设备未停用' } },
  'stage-already-recorded': {
    status: 409,
    title: { en: 'This pipeline stage is already recorded', 'zh-CN': '该管道环节已记录' },
  },
  'finding-already-recorded': {
    status: 409,
    title: { en: 'Finding id already recorded', 'zh-CN': '检查记录编号已存在' },
  },
  'pipeline-owner-unknown': {
    status: 409,
    title: { en: 'The pipeline has no known using organisation yet', 'zh-CN': '管道使用单位尚未登记' },
  },
  'no-due-date': { status: 409, title: { en: 'No inspection due date yet', 'zh-CN': '尚无下次检验日期' } },
  'transfer-to-self': {
    status: 422,
    title: { en: 'Already owned by this organisation', 'zh-CN': '不能过户给本单位' },
  },
  'transfer-pending': {
    status: 409,
    title: { en: 'A transfer is already pending', 'zh-CN': '已有待确认的过户' },
  },
  'no-pending-transfer': { status: 409, title: { en: 'No pending transfer', 'zh-CN': '无待确认的过户' } },
  'not-the-recipient': {
    status: 403,
    title: { en: 'Not the recipient of this transfer', 'zh-CN': '非过户接收单位' },
  },
  'record-date-out-of-range': {
    status: 422,
    title: { en: 'A stated date is out of range', 'zh-CN': '录入日期超出范围' },
  },
  'dated-before-last-change': {
    status: 422,
    title: {
      en: 'Dated before the last suspension, resumption or transfer',
      'zh-CN': '日期早于最近一次停用、启用或过户',
    },
  },
  'answered-before-offer': {
    status: 422,
    title: { en: 'Dated before the transfer offer', 'zh-CN': '日期早于过户申请' },
  },
  'recipient-not-found': {
    status: 422,
    title: { en: 'No such recipient organisation', 'zh-CN': '接收单位不存在' },
  },
  'recipient-cannot-use-equipment': {
    status: 422,
    title: { en: 'The recipient cannot hold equipment', 'zh-CN': '接收单位不能作为设备使用单位' },
  },
  'owner-cannot-use-equipment': {
    status: 422,
    title: { en: 'The named owner cannot hold equipment', 'zh-CN': '所填单位不能作为使用单位' },
  },
  'installer-not-found': { status: 422, title: { en: 'No such installer', 'zh-CN': '安装单位不存在' } },
  'installer-not-an-installer': {
    status: 422,
    title: { en: 'The named installer is not an installer', 'zh-CN': '所填单位不是安装单位' },
  },
  'installer-differs': {
    status: 409,
    title: { en: 'Recorded with another installer', 'zh-CN': '已登记其他安装单位' },
  },
  'parties-already-named': {
    status: 409,
    title: { en: 'Owner and installer already named', 'zh-CN': '使用单位和安装单位已登记' },
  },
  'safety-grade-not-usable': {
    status: 422,
    title: { en: 'Safety grade forbids use', 'zh-CN': '安全状况等级不允许使用' },
  },
  'next-due-outside-interval': {
    status: 422,
    title: { en: 'Next due date outside the inspection interval', 'zh-CN': '下次检验日期超出检验周期' },
  },
  'next-due-not-allowed': {
    status: 422,
    title: { en: 'No next due date for this result', 'zh-CN': '该检验结论不设下次检验日期' },
  },
  'region-required': { status: 422, title: { en: 'Region required', 'zh-CN': '须填写地区' } },
  'invalid-cursor': { status: 400, title: { en: 'Invalid cursor', 'zh-CN': '分页游标无效' } },
}
