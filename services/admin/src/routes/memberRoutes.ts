import { z } from 'zod'
import { identity, problemResponses, type KitApp, type ServiceContext } from '@gsr/http-kit'
import { requireManage, requireRead } from '../canManage.ts'
import { memberOrNotFound } from '../memberOrNotFound.ts'
import { Credential, credentialJson, IssuedApiKey } from './credentialSchemas.ts'
import { MemberIdParam } from './memberSchemas.ts'

const tags = ['admin']

/** A member's API keys: issue one (shown once), list them (never the secrets). */
export async function memberRoutes(app: KitApp, ctx: ServiceContext): Promise<void> {
  const { sql } = ctx

  app.post(
    '/admin/members/:memberId/api-keys',
    {
      // The reply carries the key: never kept for Idempotency-Key replays, never cached.
      config: { auth: { roles: ['admin'] }, secretReply: true },
      schema: {
        tags,
        summary: 'Issue an API key for a member (shown once)',
        params: MemberIdParam,
        response: { 201: IssuedApiKey, ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const member = await memberOrNotFound(sql, request.params.memberId)
      requireManage(request, member.organisationId)
      const issued = await identity.issueApiKey(sql, member.id)
      return reply.code(201).send({ credential: credentialJson(issued.credential), apiKey: issued.apiKey })
    },
  )

  app.get(
    '/admin/members/:memberId/api-keys',
    {
      schema: {
        tags,
        summary: "A member's API keys (never the secrets)",
        params: MemberIdParam,
        response: { 200: z.object({ items: z.array(Credential) }), ...problemResponses(401, 404) },
      },
    },
    async (request) => {
      const member = await memberOrNotFound(sql, request.params.memberId)
      requireRead(request, member.organisationId)
      return { items: (await identity.listCredentials(sql, member.id)).map(credentialJson) }
    },
  )
}
