/**
 * Every problem the kit answers with, by stable code. The `type` URI of a reply is
 * `urn:gsr:problem:<code>`; clients switch on it, people read the localised title.
 * Services add their DomainError codes through `ServiceModule.problems`.
 */
export interface ProblemDefinition {
  readonly status: number
  readonly title: { readonly en: string; readonly 'zh-CN': string }
}

export const problemTypePrefix = 'urn:gsr:problem:'

export function problemType(code: string): string {
  return problemTypePrefix + code
}

export const kitProblems = {
  unauthenticated: { status: 401, title: { en: 'Authentication required', 'zh-CN': '需要身份认证' } },
  forbidden: { status: 403, title: { en: 'Not allowed', 'zh-CN': '无权执行此操作' } },
  'not-found': { status: 404, title: { en: 'Not found', 'zh-CN': '资源不存在' } },
  'validation-failed': { status: 400, title: { en: 'Invalid request', 'zh-CN': '请求参数无效' } },
  'malformed-body': { status: 400, title: { en: 'Malformed request body', 'zh-CN': '请求体格式错误' } },
  'payload-too-large': { status: 413, title: { en: 'Request body too large', 'zh-CN': '请求体过大' } },
  'uri-too-long': {
    status: 414,
    title: { en: 'A path segment is too long', 'zh-CN': '路径参数过长' },
  },
  'unsupported-media-type': {
    status: 415,
    title: { en: 'Unsupported content type', 'zh-CN': '不支持的内容类型' },
  },
  'method-not-allowed': { status: 405, title: { en: 'Method not allowed', 'zh-CN': '不支持的请求方法' } },
  'concurrent-modification': {
    status: 409,
    title: { en: 'Changed by someone else; reload and retry', 'zh-CN': '数据已被他人修改，请刷新后重试' },
  },
  conflict: { status: 409, title: { en: 'Conflict', 'zh-CN': '数据冲突' } },
  'record-id-conflict': { status: 409, title: { en: 'Record id already used', 'zh-CN': '记录编号已被占用' } },
  // Refusals every wing gives alike (equipment, pipelines, cylinders, orders): one code, one title.
  'outside-your-region': {
    status: 403,
    title: { en: 'The record is outside your region', 'zh-CN': '该记录超出您的辖区' },
  },
  // Shared by the registry (equipment, pipelines) and cylinders: a fact dated before its record existed.
  'dated-before-registration': {
    status: 422,
    title: { en: 'Dated before the registration', 'zh-CN': '日期早于登记日期' },
  },
  'owner-not-found': {
    status: 422,
    title: { en: 'No such owner organisation', 'zh-CN': '所填产权（使用）单位不存在' },
  },
  'idempotency-key-reused': {
    status: 422,
    title: {
      en: 'Idempotency-Key already used for a different request',
      'zh-CN': '幂等键已用于另一个不同的请求',
    },
  },
  'idempotency-in-progress': {
    status: 409,
    title: { en: 'A request with this Idempotency-Key is in progress', 'zh-CN': '相同幂等键的请求正在处理中' },
  },
  'idempotency-reply-not-kept': {
    status: 409,
    title: {
      en: 'Already done with this Idempotency-Key; its reply held a secret, which is never stored',
      'zh-CN': '此幂等键的请求已完成；其响应含有密钥，不予保存，无法重放',
    },
  },
  'rule-violated': { status: 422, title: { en: 'Refused by a business rule', 'zh-CN': '不符合业务规则' } },
  'rate-limited': { status: 429, title: { en: 'Too many requests', 'zh-CN': '请求过于频繁' } },
  'not-ready': { status: 503, title: { en: 'Service not ready', 'zh-CN': '服务尚未就绪' } },
  'database-unavailable': {
    status: 503,
    title: { en: 'Database unavailable; retry shortly', 'zh-CN': '数据库暂时不可用，请稍后重试' },
  },
  'event-store-unavailable': {
    status: 503,
    title: { en: 'Event store unavailable; retry shortly', 'zh-CN': '事件存储暂时不可用，请稍后重试' },
  },
  internal: { status: 500, title: { en: 'Internal error', 'zh-CN': '服务器内部错误' } },
} as const satisfies Record<string, ProblemDefinition>

export type KitProblemCode = keyof typeof kitProblems
