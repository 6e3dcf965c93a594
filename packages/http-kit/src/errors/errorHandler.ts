import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod'
import { isConnectionLoss } from '@gsr/db'
import { DomainError } from '@gsr/domain'
import { EventIdConflictError, EventStoreUnavailableError, WrongExpectedRevisionError } from '@gsr/event-store'
import { en, zhCN } from 'zod/locales'
import { requestLanguage, type Language } from '../i18n/language.ts'
import { kitProblems, problemType, type ProblemDefinition } from './problemCatalogue.ts'
import { maxPathParamLength } from '../validation/maxPathParamLength.ts'
import { localise, ProblemError, type FieldProblem, type ProblemInit } from './ProblemError.ts'

export interface ProblemBody {
  type: string
  title: string
  status: number
  detail?: string
  instance?: string
  errors?: FieldProblem[]
}

/** At most this many field errors (and unknown keys) in one reply. */
const maxReportedIssues = 20

const zhLocale = zhCN()
const enLocale = en()

/**
 * One error handler for the whole app: everything leaves as application/problem+json with a
 * stable type. Unknown errors are logged with their stack and answered with a bare 500.
 */
export function installErrorHandling(
  app: FastifyInstance,
  catalogue: Record<string, ProblemDefinition>,
): (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => FastifyReply {
  const send = (request: FastifyRequest, reply: FastifyReply, init: ProblemInit) => {
    const body = renderProblem(init, catalogue, requestLanguage(request), request.url)
    return reply
      .code(body.status)
      .header('content-type', 'application/problem+json; charset=utf-8')
      .header('content-language', requestLanguage(request))
      .serializer(JSON.stringify)
      .send(body)
  }

  const handle = (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const init = problemFor(error, requestLanguage(request), request)
    if (init.code === 'internal') request.log.error({ err: error }, 'unhandled error')
    else if (init.code === 'database-unavailable' || init.code === 'event-store-unavailable') {
      request.log.warn({ err: error }, init.code)
      // Nothing was acknowledged; the pool reconnects. With the same Idempotency-Key a retry
      // records at most once even if the lost connection had committed.
      reply.header('retry-after', '1')
    } else request.log.info({ problem: init.code, status: init.status }, 'request refused')
    return send(request, reply, init)
  }
  app.setErrorHandler(handle)

  app.setNotFoundHandler((request, reply) =>
    send(request, reply, { code: 'not-found', detail: `no route ${request.method} ${request.url.split('?')[0]}` }),
  )
  // Also for the router's own refusals (createApp's `frameworkErrors`), which no hook sees.
  return handle
}

export function renderProblem(
  init: ProblemInit & { domain?: boolean },
  catalogue: Record<string, ProblemDefinition>,
  language: Language,
  instance?: string,
): ProblemBody {
  // A DomainError code no module registered is still a refused command: 422, generic title.
  // An unlisted code with a status borrows the title of the kit's problem with that status.
  const byStatus = init.status ? Object.values(kitProblems).find((p) => p.status === init.status) : undefined
  const known = catalogue[init.code] ?? (init.domain ? kitProblems['rule-violated'] : byStatus)
  const status = init.status ?? known?.status ?? 500
  const title = localise(init.title, language) ?? known?.title[language] ?? init.code
  const detail = localise(init.detail, language)
  return {
    type: problemType(init.code),
    title,
    status,
    ...(detail ? { detail } : {}),
    ...(instance ? { instance: instance.split('?')[0] } : {}),
    ...(init.errors?.length ? { errors: [...init.errors] } : {}),
  }
}

function problemFor(
  error: FastifyError,
  language: Language,
  request: FastifyRequest,
): ProblemInit & { domain?: boolean } {
  if (error instanceof ProblemError) return error.init
  if (error instanceof DomainError) {
    return {
      domain: true,
      code: error.code,
      detail: error.text,
      errors: error.fields.map((field) => ({ field, message: error.text[language] })),
    }
  }
  if (error instanceof WrongExpectedRevisionError) {
    return { code: 'concurrent-modification', detail: `${error.streamName} was changed by another request` }
  }
  if (error instanceof EventIdConflictError && typeof request.headers['idempotency-key'] === 'string') {
    // Event ids derive from the Idempotency-Key: a key reused (its record purged after 24 h)
    // for another request names events already recorded with other content.
    return {
      code: 'idempotency-key-reused',
      detail: {
        en: 'this Idempotency-Key was used for a request with a different method, path or body',
        'zh-CN': '此幂等键已用于方法、路径或请求体不同的另一个请求',
      },
      errors: [{ field: 'Idempotency-Key', in: 'headers', message: 'already used for a different request' }],
    }
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? 'body'
    const source = (request as unknown as Record<string, unknown>)[where === 'querystring' ? 'query' : where]
    // A body of 100,000 bad entries must not come back as 100,000 errors.
    const issues = error.validation.slice(0, maxReportedIssues)
    return {
      code: 'validation-failed',
      detail: {
        en: `invalid ${where}: ${issues.map((v) => fieldName(v)).join(', ')}`,
        'zh-CN': `${where} 参数无效：${issues.map((v) => fieldName(v)).join('、')}`,
      },
      errors: issues.map((v) => ({
        field: fieldName(v),
        message: shortened(issueMessage(v, language, source)),
        in: where,
      })),
    }
  }
  if (isResponseSerializationError(error)) return { code: 'internal' }
  if (isConnectionLoss(error)) {
    return {
      code: 'database-unavailable',
      detail: {
        en: 'the database connection was lost or could not be made; nothing was acknowledged, retry the request',
        'zh-CN': '数据库连接中断或无法建立；请求未被确认，请重试',
      },
    }
  }
  if (error instanceof EventStoreUnavailableError) {
    return {
      code: 'event-store-unavailable',
      detail: {
        en: 'the event store could not be reached or the connection was lost; nothing was acknowledged, retry the request',
        'zh-CN': '事件存储无法连接或连接中断；请求未被确认，请重试',
      },
    }
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'payload-too-large', detail: 'the request body exceeds the size limit' }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { code: 'unsupported-media-type', detail: 'send application/json' }
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return {
        code: 'uri-too-long',
        detail: {
          en: `a path segment is longer than ${maxPathParamLength} characters`,
          'zh-CN': `路径参数超过 ${maxPathParamLength} 个字符`,
        },
        errors: [
          {
            field: '(path)',
            in: 'params',
            message: language === 'zh-CN' ? '路径参数过长' : 'path segment too long',
          },
        ],
      }
    case 'FST_ERR_BAD_URL':
      return {
        code: 'validation-failed',
        detail: { en: 'the path is not valid percent-encoded UTF-8', 'zh-CN': '路径不是有效的 UTF-8 百分号编码' },
        errors: [{ field: '(path)', in: 'params', message: language === 'zh-CN' ? '编码无效' : 'invalid encoding' }],
      }
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: 'malformed-body', detail: 'empty JSON body', errors: [{ field: '(body)', message: 'empty' }] }
  }
  const status = error.statusCode ?? 500
  if (status === 429) return { code: 'rate-limited', detail: error.message }
  if (status === 405) return { code: 'method-not-allowed' }
  if (status === 400 && (error instanceof SyntaxError || /JSON/i.test(error.message))) {
    return {
      code: 'malformed-body',
      detail: 'the body is not valid JSON',
      errors: [{ field: '(body)', message: 'not valid JSON' }],
    }
  }
  if (status >= 400 && status < 500) {
    // A client error raised by fastify or a plugin: keep its status, drop internals.
    const code = Object.entries(kitProblems).find(([, p]) => p.status === status)?.[0] ?? 'validation-failed'
    return { code, status, detail: error.message }
  }
  return { code: 'internal' }
}

interface ValidationEntry {
  instancePath: string
  message?: string
  keyword: string
  params: Record<string, unknown>
}

function fieldName(v: ValidationEntry): string {
  const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.')
  if (v.keyword === 'unrecognized_keys' && Array.isArray(v.params.keys)) {
    const all = v.params.keys as string[]
    const keys = all.slice(0, maxReportedIssues).map((k) => (path ? `${path}.${k}` : k))
    return keys.join(', ') + (all.length > keys.length ? `, … (${all.length} in all)` : '')
  }
  return path || '(root)'
}

/** zod lists every unknown key in its message: a reply names the field, not the whole input. */
function shortened(message: string): string {
  return message.length > 300 ? `${message.slice(0, 300)}…` : message
}

/** zod's own messages come in English; rebuild them in Chinese unless a schema set its own. */
function issueMessage(v: ValidationEntry, language: Language, source: unknown): string {
  const message = v.message ?? 'invalid'
  if (language === 'en') return message
  // zod does not keep the input in issues; the messages need it ("received number").
  const path = v.instancePath.split('/').filter(Boolean)
  const input = path.reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], source)
  const issue = { code: v.keyword, input, ...v.params, path } as unknown as Parameters<typeof enLocale.localeError>[0]
  try {
    const asEnglish = enLocale.localeError(issue)
    const english = typeof asEnglish === 'string' ? asEnglish : asEnglish?.message
    if (english !== message) return message
    const chinese = zhLocale.localeError(issue)
    return (typeof chinese === 'string' ? chinese : chinese?.message) ?? message
  } catch {
    return message
  }
}
