import type { FastifyInstance, FastifyRequest, preHandlerHookHandler } from 'fastify'
import { dateWindowRefusal, type DateWindowRefusal } from '@gsr/domain'
import type { DateWindowKind } from '@gsr/events'
import { ProblemError, type FieldProblem } from '../errors/ProblemError.ts'
import { requestLanguage, type Language } from '../i18n/language.ts'
import { dateWindowFields, valuesAt, type DateWindowField } from './dateWindowFields.ts'
import { requestNow } from './requestNow.ts'

const writeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * Every date and instant a write route accepts is checked against the window of its kind (rule
 * table `dateWindow` in @gsr/domain) with the request's clock (`requestNow`), after the schema validated it: 400
 * naming each field outside. A write body's date field that declares no window is a programming
 * error, refused when the route is added. A query string field that declares a window (an
 * instant the log is asked about, `knownAt`) is checked the same way, on any route.
 */
export function installDateWindowCheck(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const queryFields = dateWindowFields(route.schema?.querystring).filter((f) => f.kind !== undefined)
    if (queryFields.length > 0) {
      const check: preHandlerHookHandler = async (request) => {
        const problems = dateWindowProblems(
          queryFields,
          request.query,
          requestNow(request),
          requestLanguage(request),
          'querystring',
        )
        if (problems.length > 0) throw dateWindowProblem(problems)
      }
      const existing = route.preHandler
      route.preHandler =
        existing === undefined ? [check] : [check, ...(Array.isArray(existing) ? existing : [existing])]
    }
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    if (!methods.some((m) => writeMethods.has(m))) return
    const fields = dateWindowFields(route.schema?.body)
    const unwindowed = fields.filter((f) => f.kind === undefined)
    if (unwindowed.length > 0) {
      throw new Error(
        `${methods.join(',')} ${route.url}: the body's date fields ${unwindowed.map((f) => f.path.join('.')).join(', ')} ` +
          'must declare their window (HappenedDate, HappenedAt, HistoricalDate or ScheduledDate of @gsr/events)',
      )
    }
    if (fields.length === 0) return
    const check: preHandlerHookHandler = async (request) => {
      const problems = dateWindowProblems(fields, request.body, requestNow(request), requestLanguage(request))
      if (problems.length > 0) throw dateWindowProblem(problems)
    }
    const existing = route.preHandler
    route.preHandler = existing === undefined ? [check] : [check, ...(Array.isArray(existing) ? existing : [existing])]
  })
}

/** For bodies validated item by item (a batch): the window problems of one parsed item. */
export function dateWindowProblemsOf(schema: object, value: unknown, request: FastifyRequest): FieldProblem[] {
  let fields = fieldsBySchema.get(schema)
  if (!fields) fieldsBySchema.set(schema, (fields = dateWindowFields(schema)))
  return dateWindowProblems(fields, value, requestNow(request), requestLanguage(request))
}

const fieldsBySchema = new WeakMap<object, DateWindowField[]>()

export function dateWindowProblems(
  fields: readonly DateWindowField[],
  body: unknown,
  now: Date,
  language: Language,
  location: 'body' | 'querystring' = 'body',
): FieldProblem[] {
  const problems: FieldProblem[] = []
  for (const field of fields) {
    for (const { field: name, value } of valuesAt(body, field.path)) {
      const refusal = dateWindowRefusal(field.kind as DateWindowKind, value, now)
      if (refusal) problems.push({ field: name, message: refusalMessage(refusal, language), in: location })
    }
  }
  return problems
}

export function dateWindowProblem(errors: readonly FieldProblem[]): ProblemError {
  const names = errors.map((e) => e.field)
  return new ProblemError({
    code: 'validation-failed',
    detail: {
      en: `outside the accepted date window: ${names.join(', ')}`,
      'zh-CN': `日期超出允许范围：${names.join('、')}`,
    },
    errors,
  })
}

function refusalMessage(refusal: DateWindowRefusal, language: Language): string {
  switch (refusal.reason) {
    case 'too-early':
      return language === 'zh-CN' ? `不得早于 ${refusal.bound}` : `must not be before ${refusal.bound}`
    case 'in-the-future':
      return language === 'zh-CN'
        ? `不得晚于当前时间（${refusal.bound}，北京时间）：未来的事实不予登记`
        : `must not be in the future (after ${refusal.bound}, China time)`
    case 'too-far-ahead':
      return language === 'zh-CN' ? `不得晚于 ${refusal.bound}` : `must not be after ${refusal.bound}`
  }
}
