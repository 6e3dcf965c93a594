import type { FastifyInstance, FastifyRequest } from 'fastify'
import { requestLanguage } from '../i18n/language.ts'
import { ProblemError, type FieldProblem } from '../errors/ProblemError.ts'
import { checkCorrelationId } from './correlationId.ts'

/** With the `u` flag a surrogate code unit only matches when it is not half of a pair. */
const loneSurrogate = /[\uD800-\uDFFF]/u

/** What is wrong with a text PostgreSQL (and any UTF-8 consumer) cannot store, if anything. */
export function unsafeTextReason(text: string): 'nul' | 'lone-surrogate' | undefined {
  if (text.includes('\u0000')) return 'nul'
  if (loneSurrogate.test(text)) return 'lone-surrogate'
  return undefined
}

const messages = {
  nul: { en: 'must not contain a NUL character (U+0000)', 'zh-CN': '不得包含空字符（U+0000）' },
  'lone-surrogate': {
    en: 'must not contain a lone surrogate (not valid Unicode)',
    'zh-CN': '不得包含孤立的代理字符（不是有效的 Unicode）',
  },
} as const

/**
 * Every string (and object key) in a parsed value that holds a NUL or a lone surrogate, by
 * dotted path (`fills.3.gas`). Iterative, so a deeply nested body cannot overflow the stack.
 */
export function findUnsafeText(value: unknown): { field: string; reason: 'nul' | 'lone-surrogate' }[] {
  const found: { field: string; reason: 'nul' | 'lone-surrogate' }[] = []
  const stack: [unknown, string][] = [[value, '']]
  while (stack.length > 0 && found.length < 20) {
    const [current, path] = stack.pop()!
    if (typeof current === 'string') {
      const reason = unsafeTextReason(current)
      if (reason) found.push({ field: path || '(root)', reason })
    } else if (current !== null && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) {
        const childPath = path ? `${path}.${key}` : key
        const keyReason = unsafeTextReason(key)
        if (keyReason) found.push({ field: childPath, reason: keyReason })
        else stack.push([child, childPath])
      }
    }
  }
  return found.sort((a, b) => a.field.localeCompare(b.field))
}

const isJson = (request: FastifyRequest) =>
  /^application\/([\w.+-]+\+)?json\b/i.test(request.headers['content-type'] ?? '')

/**
 * One place for every route: after parsing, before the schemas, refuse a NUL or a lone
 * surrogate in a JSON body, the query string or a path parameter (PostgreSQL text and jsonb
 * cannot hold them: stored, they would fail the append or stall a projection), and a bad
 * X-Correlation-Id. A 400 `validation-failed` naming each field. Non-JSON bodies (the CSV
 * import) check their own rows.
 */
export function installUnsafeTextRefusal(app: FastifyInstance): void {
  // A callback hook: no promise per request on the hot paths (the pre-fill check).
  app.addHook('preValidation', (request, _reply, done) => {
    const problem = unsafeInputProblem(request)
    if (problem) done(problem)
    else done()
  })
}

/** The 400 for a request carrying text that cannot be stored or a bad X-Correlation-Id, if any. */
function unsafeInputProblem(request: FastifyRequest): ProblemError | undefined {
  const language = requestLanguage(request)
  const errors: FieldProblem[] = []
  const parts = [
    ['params', request.params],
    ['querystring', request.query],
    ['body', isJson(request) ? request.body : undefined],
  ] as const
  for (const [where, value] of parts) {
    for (const { field, reason } of findUnsafeText(value)) {
      errors.push({ field, message: messages[reason][language], in: where })
    }
  }
  const correlation = checkCorrelationId(request.headers['x-correlation-id'])
  if (correlation) errors.push({ ...correlation, message: correlation.message[language] })
  if (errors.length === 0) return undefined
  const fields = errors.map((e) => e.field)
  return new ProblemError({
    code: 'validation-failed',
    detail: {
      en: `invalid characters or header: ${fields.join(', ')}`,
      'zh-CN': `包含无效字符或请求头：${fields.join('、')}`,
    },
    errors,
  })
}
