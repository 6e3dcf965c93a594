import { forbidden, identity, problemResponses, type KitApp, type ServiceContext } from '@gsr/http-kit'
import { IssuedToken, Me } from './authSchemas.ts'

/** Tokens for people, and who a credential acts as. */
export async function authRoutes(app: KitApp, ctx: ServiceContext): Promise<void> {
  const { sql } = ctx

  app.post(
    '/auth/token',
    {
      config: { auth: { roles: ['admin', 'operator', 'viewer'] }, secretReply: true },
      schema: {
        tags: ['auth'],
        summary: "Exchange a person's API key for a short-lived bearer token",
        description: `Tokens expire after TOKEN_TTL_SECONDS (default 900 s) and stop working at once when revoked.`,
        response: { 201: IssuedToken, ...problemResponses(401, 403) },
      },
    },
    async (request, reply) => {
      const p = request.principal
      if (p.memberType !== 'person') throw forbidden('tokens are for people; machine clients use their API key')
      if (!p.credentialId.startsWith('k')) throw forbidden('exchange an API key, not a token')
      const issued = await identity.issueToken(sql, {
        principal: p,
        secret: ctx.config.authSecret,
        ttlSeconds: ctx.config.tokenTtlSeconds,
        now: ctx.clock.now(),
      })
      return reply
        .code(201)
        .send({ token: issued.token, tokenType: 'Bearer' as const, expiresAt: issued.expiresAt.toISOString() })
    },
  )

  app.get(
    '/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Who the credential acts as',
        response: { 200: Me, ...problemResponses(401) },
      },
    },
    async (request) => ({ ...request.principal, accreditedRegions: [...request.principal.accreditedRegions] }),
  )
}
