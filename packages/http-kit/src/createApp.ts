import { randomUUID } from 'node:crypto'
import Fastify, { type FastifyInstance } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod'
import { installAuthentication } from './auth/authentication.ts'
import { installErrorHandling } from './errors/errorHandler.ts'
import { kitProblems, type ProblemDefinition } from './errors/problemCatalogue.ts'
import { installIdempotency, type IdempotencyOwner } from './idempotency/idempotency.ts'
import { createKitMetrics, instrumentEventStore } from './ops/KitMetrics.ts'
import { registerProjectionMetrics } from '@gsr/projections'
import { installOperations, type ProjectionOperations, type ReadinessCheck } from './ops/operations.ts'
import { installProjectionAdminRoutes } from './ops/projectionAdminRoutes.ts'
import { assertStrictSchemas } from './docs/assertStrictSchemas.ts'
import { assertBoundedSchemas } from './docs/assertBoundedSchemas.ts'
import { installUnsafeTextRefusal } from './validation/refuseUnsafeText.ts'
import { maxPathParamLength } from './validation/maxPathParamLength.ts'
import { problemContentTypes } from './docs/problemContentTypes.ts'
import type { KitApp, ServiceContext, ServiceModule } from './ServiceModule.ts'
import type { KitRouteInfo } from './auth/RouteAuth.ts'
import { securityHeaders } from './security/securityHeaders.ts'
import { validatedEventStore } from './validatedEventStore.ts'
import { installDateWindowCheck } from './dates/dateWindowCheck.ts'
import { installRateLimits } from './security/installRateLimits.ts'

export interface CreateAppOptions {
  readonly modules: readonly ServiceModule[]
  readonly ctx: ServiceContext
  readonly readinessChecks?: readonly ReadinessCheck[]
  /**
   * The projection runner of this process: its lag, failures and quarantine make /ready and
   * /metrics, and administrators list and retry its quarantined events (/admin/projections).
   */
  readonly projections?: ProjectionOperations
  /** OpenAPI title; default "Gas Safety Registry API". */
  readonly title?: string
  /** Who this process is, for its Idempotency-Key claims; default: a fresh incarnation of `ctx.config.instanceId`. */
  readonly idempotencyOwner?: IdempotencyOwner
  /** Include Node.js process metrics (off in tests: they register timers). */
  readonly defaultMetrics?: boolean
}

const requestIdPattern = /^[\w.:-]{1,64}$/

/**
 * Builds the app: kit plugins (errors, auth, idempotency, rate limit, security headers, docs,
 * health/ready/metrics) and then every module's routes. Does not listen; tests inject.
 */
export async function createApp(options: CreateAppOptions): Promise<FastifyInstance> {
  const metrics = createKitMetrics({ defaultMetrics: options.defaultMetrics ?? false })
  const ctx: ServiceContext = {
    ...options.ctx,
    eventStore: validatedEventStore(instrumentEventStore(options.ctx.eventStore, metrics)),
    metrics,
  }
  const requestTimeoutMs = (ctx.config.requestTimeoutSeconds ?? 30) * 1000
  // The API serves JSON only: nothing may load from it. /docs sets swagger-ui's own CSP.
  const headers = securityHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"] },
    },
  })
  let handleError: ReturnType<typeof installErrorHandling> = () => {
    throw new Error('error handling not installed yet')
  }
  const app = Fastify({
    loggerInstance: ctx.logger,
    bodyLimit: ctx.config.bodyLimitBytes,
    genReqId: (req) => {
      const given = req.headers['x-request-id']
      return typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID()
    },
    // In-flight requests finish on close; idle keep-alive sockets are closed at once.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // A request must arrive whole within this time (a slow or stalled body is answered 408 and
    // its connection closed); checked every second, not every 30 s as by default. Given to the
    // server at construction too: only then does Node bound the headers' time by it as well,
    // without which the timeout never fires.
    requestTimeout: requestTimeoutMs,
    http: { requestTimeout: requestTimeoutMs, connectionsCheckingInterval: 1000 },
    ajv: { customOptions: { removeAdditional: false } },
    routerOptions: { maxParamLength: maxPathParamLength },
    // The router's own refusals (a path parameter too long, bad percent-encoding) skip every
    // hook: answer them as problem+json with the security headers like everything else.
    frameworkErrors: (error, request, reply) => {
      reply.headers(headers).header('x-request-id', request.id)
      return handleError(error, request, reply)
    },
  })
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  app.decorate('kit', ctx)
  app.addHook('onRequest', async (request, reply) => {
    reply.headers(headers).header('x-request-id', request.id)
  })
  // Refused before its body was read (401, 429, 413...): close the connection after the reply,
  // so a slow body cannot keep it open past the refusal (the request timeout no longer applies).
  app.addHook('onSend', async (request, reply) => {
    const hasBody =
      request.headers['content-length'] !== undefined || request.headers['transfer-encoding'] !== undefined
    if (reply.statusCode >= 400 && hasBody && !request.raw.complete) reply.header('connection', 'close')
  })

  const catalogue: Record<string, ProblemDefinition> = { ...kitProblems }
  for (const module of options.modules) Object.assign(catalogue, module.problems ?? {})
  handleError = installErrorHandling(app, catalogue)
  assertStrictSchemas(app)
  installDateWindowCheck(app)
  assertBoundedSchemas(app)
  installUnsafeTextRefusal(app)

  // Before authentication: the per-source limit must run ahead of any credential lookup.
  await installRateLimits(app, {
    perSourcePerMinute: ctx.config.rateLimitPerSourcePerMinute ?? ctx.config.rateLimitPerMinute * 5,
    perCallerPerMinute: ctx.config.rateLimitPerMinute,
  })
  installAuthentication(app, ctx)
  // Every route with its auth declaration, for the tests that sweep all of them.
  const routes: KitRouteInfo[] = []
  app.decorate('kitRoutes', routes)
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    const { body, querystring, params } = route.schema ?? {}
    for (const method of methods)
      routes.push({ method, url: route.url, auth: route.config?.auth, schema: { body, querystring, params } })
  })
  installIdempotency(
    app,
    ctx.sql,
    options.idempotencyOwner ?? { instance: ctx.config.instanceId ?? 'unnamed', incarnation: randomUUID() },
  )

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: options.title ?? 'Gas Safety Registry API',
        description:
          'Event-sourced registry for special equipment and gas safety (特种设备和燃气安全登记). ' +
          'Authenticate with `Authorization: Bearer <API key or token>`. Errors are application/problem+json; ' +
          'writes accept an `Idempotency-Key` header. Send `Accept-Language: zh-CN` for Chinese messages.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API key (`gsr_k...`) or a person token from POST /auth/token',
          },
        },
      },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (document) => problemContentTypes(jsonSchemaTransformObject(document)),
  })
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, uiConfig: { deepLinking: true } })
  app.get('/openapi.json', { config: { auth: 'public', rateLimit: false }, schema: { hide: true } }, async () =>
    app.swagger(),
  )

  installOperations(app, ctx, metrics, {
    readinessChecks: options.readinessChecks ?? [],
    projections: options.projections,
  })
  if (options.projections) {
    registerProjectionMetrics(options.projections, metrics.registry)
    installProjectionAdminRoutes(app, options.projections)
  }

  for (const module of options.modules) {
    await app.register(async (scoped) => module.routes(scoped.withTypeProvider<ZodTypeProvider>() as KitApp, ctx))
  }
  return app
}
