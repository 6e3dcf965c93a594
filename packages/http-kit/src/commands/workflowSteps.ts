import type { FastifyRequest } from 'fastify'
import type { z } from 'zod'
import type { CommandDecider, DecidedEvent } from '@gsr/event-store'
import { canActInRegion } from '../auth/scope.ts'
import { notFound } from '../errors/ProblemError.ts'
import { fieldOccurredAt } from '../eventMetadata.ts'
import type { OrganisationKind } from '../identity/Principal.ts'
import type { KitApp, ServiceContext } from '../ServiceModule.ts'
import { commandRoute } from './commandRoute.ts'
import { loadState, recordCommand } from './recordCommand.ts'

/** A workflow whose record stands in a region once it exists (an order, a case, a complaint). */
export interface Workflow<Params extends z.ZodType, Command, Event extends DecidedEvent, State> {
  /** The record's URL, e.g. `/enforcement/cases/:caseId`: each step is `POST {url}/{path}`. */
  readonly url: string
  readonly params: Params
  readonly kinds: readonly OrganisationKind[]
  readonly tags: readonly string[]
  readonly stream: (params: z.infer<Params>) => string
  readonly decider: CommandDecider<Command, Event, State>
  /** The region the record stands in; undefined while it does not exist. */
  readonly region: (state: State) => string | undefined
}

export interface WorkflowStep<Params extends z.ZodType, Body extends z.ZodType, Command, State> {
  readonly path: string
  readonly summary: string
  readonly description?: string
  readonly body: Body
  /** The body's field day: what the event is dated by (a body's `occurredAt` may give the instant). */
  readonly fieldDate: (body: z.infer<Body>) => string
  readonly command: (
    body: z.infer<Body>,
    step: { request: FastifyRequest; params: z.infer<Params>; state: State; region: string },
  ) => Command | Promise<Command>
}

/**
 * The steps of a workflow: each loads the record's state, answers 404 (as unknown) for a record
 * that does not exist or stands outside the caller's region, dates the event by the body's field
 * day, and lets the decider decide. One path for every workflow's steps.
 */
export function workflowSteps<Params extends z.ZodType, Command, Event extends DecidedEvent, State>(
  app: KitApp,
  ctx: ServiceContext,
  workflow: Workflow<Params, Command, Event, State>,
) {
  return <Body extends z.ZodType>(step: WorkflowStep<Params, Body, Command, State>): void =>
    commandRoute(app, `${workflow.url}/${step.path}`, {
      kinds: workflow.kinds,
      tags: workflow.tags,
      summary: step.summary,
      ...(step.description !== undefined ? { description: step.description } : {}),
      params: workflow.params,
      body: step.body,
      refusals: [400, 401, 403, 404, 409, 422],
      record: async (request, params, input) => {
        const { occurredAt, ...body } = input as z.infer<Body> & { occurredAt?: string }
        const stream = workflow.stream(params)
        const state = await loadState(ctx.eventStore, stream, workflow.decider)
        const region = workflow.region(state)
        if (region === undefined || !canActInRegion(request.principal, region)) throw notFound()
        const at = fieldOccurredAt(step.fieldDate(body as z.infer<Body>), occurredAt)
        const command = await step.command(body as z.infer<Body>, { request, params, state, region })
        return recordCommand(ctx, request, stream, workflow.decider, command, at)
      },
    })
}
