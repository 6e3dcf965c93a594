import type { z } from 'zod'
import { problemResponses } from '../errors/ProblemBodySchema.ts'
import type { OrganisationKind } from '../identity/Principal.ts'
import type { KitApp } from '../ServiceModule.ts'
import type { FastifyRequest } from 'fastify'
import { Recorded } from './Recorded.ts'

export interface CommandRoute<Params extends z.ZodType, Body extends z.ZodType> {
  readonly kinds: readonly OrganisationKind[]
  readonly tags: readonly string[]
  readonly summary: string
  readonly description?: string
  readonly params?: Params
  readonly body: Body
  /** Statuses of the problems it may answer with; default 400, 401, 403, 404, 409, 422. */
  readonly refusals?: readonly number[]
  /** Builds the command from the request and records it (recordCommand, or recordFact). */
  readonly record: (
    request: FastifyRequest,
    params: z.infer<Params>,
    body: z.infer<Body>,
  ) => Promise<z.infer<typeof Recorded>>
}

/**
 * A write: `POST url` for the given organisation kinds, documented with its body and
 * the problems a refused command answers with, replying 201 with what was recorded.
 */
export function commandRoute<Params extends z.ZodType, Body extends z.ZodType>(
  app: KitApp,
  url: string,
  route: CommandRoute<Params, Body>,
): void {
  app.post(
    url,
    {
      config: { auth: { kinds: route.kinds } },
      schema: {
        tags: [...route.tags],
        summary: route.summary,
        ...(route.description !== undefined ? { description: route.description } : {}),
        ...(route.params !== undefined ? { params: route.params } : {}),
        body: route.body,
        response: { 201: Recorded, ...problemResponses(...(route.refusals ?? [400, 401, 403, 404, 409, 422])) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await route.record(request, request.params as z.infer<Params>, request.body as z.infer<Body>)),
  )
}
