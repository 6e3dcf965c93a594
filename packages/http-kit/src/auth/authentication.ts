import type { FastifyInstance, FastifyRequest } from 'fastify'
import { authenticateApiKey, authenticateToken, type PrincipalRow } from '../identity/identityStore.ts'
import { CredentialCache, registerCredentialCache } from '../identity/credentialCache.ts'
import { looksLikeApiKey } from '../identity/apiKey.ts'
import type { Principal } from '../identity/Principal.ts'
import { forbidden, ProblemError } from '../errors/ProblemError.ts'
import type { ServiceContext } from '../ServiceModule.ts'
import './RouteAuth.ts'

const writeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * The one place requests are authenticated and checked against the route's `config.auth`.
 * Runs onRequest, before the body is parsed: an anonymous caller learns nothing about
 * validation rules and costs no parsing.
 */
export function installAuthentication(app: FastifyInstance, ctx: ServiceContext): void {
  app.decorateRequest('principal', null as unknown as Principal)
  // Credential rows are reused for a few seconds (see CredentialCache: what may be stale, and how long).
  const cache = new CredentialCache<PrincipalRow>((ctx.config.credentialCacheSeconds ?? 5) * 1000)
  const unregister = registerCredentialCache(cache)
  app.addHook('onClose', async () => {
    unregister()
    cache.clear()
  })
  // The docs pages come from @fastify/swagger-ui, which knows nothing of our route config.
  app.addHook('onRoute', (route) => {
    if (route.url === '/docs' || route.url.startsWith('/docs/')) {
      route.config = { ...route.config, auth: 'public', rateLimit: false } as NonNullable<typeof route.config>
    }
  })
  app.addHook('onRequest', async (request) => {
    const auth = request.routeOptions.config?.auth
    if (auth === 'public') return
    // Unknown URLs reach the 404 handler without a route config: nothing to protect.
    if (request.is404) return
    const principal = await authenticate(request, ctx, cache)
    if (!principal) {
      throw new ProblemError({
        code: 'unauthenticated',
        detail: {
          en: 'send `Authorization: Bearer <token or API key>`; the credential is missing, invalid, expired or revoked',
          'zh-CN': '请提供 `Authorization: Bearer <令牌或 API 密钥>`；凭据缺失、无效、已过期或已吊销',
        },
      })
    }
    request.principal = principal
    const kinds = auth?.kinds
    if (kinds && !kinds.includes(principal.organisationKind)) {
      throw forbidden({
        en: `this action is for ${kinds.join(', ')} organisations`,
        'zh-CN': `此操作仅限以下单位类型：${kinds.join('、')}`,
      })
    }
    const roles = auth?.roles ?? (writeMethods.has(request.method) ? ['admin', 'operator'] : undefined)
    if (roles && !roles.includes(principal.role)) {
      throw forbidden({
        en: `this action needs the role ${roles.join(' or ')}`,
        'zh-CN': `此操作需要角色：${roles.join(' 或 ')}`,
      })
    }
  })
  app.addHook('onSend', async (request, reply) => {
    if (reply.statusCode === 401) reply.header('www-authenticate', 'Bearer realm="gsr"')
  })
}

async function authenticate(
  request: FastifyRequest,
  ctx: ServiceContext,
  cache: CredentialCache<PrincipalRow>,
): Promise<Principal | undefined> {
  const header = request.headers.authorization
  const apiKeyHeader = request.headers['x-api-key']
  const now = ctx.clock.now()
  if (typeof apiKeyHeader === 'string' && apiKeyHeader) return authenticateApiKey(ctx.sql, apiKeyHeader, now, cache)
  if (!header) return undefined
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  if (!match) return undefined
  const credential = match[1] as string
  if (looksLikeApiKey(credential)) return authenticateApiKey(ctx.sql, credential, now, cache)
  return authenticateToken(ctx.sql, credential, ctx.config.authSecret, now, cache)
}
