import type { FastifyRequest } from 'fastify'
import type { z } from 'zod'
import type { CommandDecider, DecidedEvent } from '@gsr/event-store'
import {
  commandRoute,
  factId,
  fieldOccurredAt,
  recordCommand,
  type KitApp,
  type OrganisationKind,
  type ServiceContext,
} from '@gsr/http-kit'

/** The body of a new record without its id and field instant: what the command is made of. */
export type NewRecordBody<Body extends z.ZodType, IdField extends string> = Omit<z.infer<Body>, IdField | 'occurredAt'>

export interface NewRecord<Body extends z.ZodType, IdField extends string, Command, Event extends DecidedEvent, State> {
  readonly kinds: readonly OrganisationKind[]
  readonly tags: readonly string[]
  readonly summary: string
  readonly description: string
  readonly body: Body
  /** The body's optional id field, and the kind of record a default id is derived for. */
  readonly id: readonly [field: IdField, kind: string]
  readonly stream: (id: string) => string
  /** The decider, or how to make it once the command is made (from the rule tables then in force). */
  readonly decider: CommandDecider<Command, Event, State> | (() => Promise<CommandDecider<Command, Event, State>>)
  /** The body's field day: what the event is dated by (the body's `occurredAt` may give the instant). */
  readonly fieldDate: (body: NewRecordBody<Body, IdField>) => string
  /** Checks what the body names and makes the command (a refusal throws). */
  readonly command: (request: FastifyRequest, id: string, body: NewRecordBody<Body, IdField>) => Promise<Command>
}

/**
 * A write that starts a record of its own (an order, a case, a complaint, an inspection, a
 * plan): `POST url`, the id given in the body or, without one, derived from the Idempotency-Key
 * so a retry names the same record and records it once; the event dated by the body's field day.
 */
export function newRecordRoute<
  Body extends z.ZodType,
  IdField extends string,
  Command,
  Event extends DecidedEvent,
  State,
>(app: KitApp, ctx: ServiceContext, url: string, spec: NewRecord<Body, IdField, Command, Event, State>): void {
  const [idField, kind] = spec.id
  commandRoute(app, url, {
    kinds: spec.kinds,
    tags: spec.tags,
    summary: spec.summary,
    description: spec.description,
    body: spec.body,
    refusals: [400, 401, 403, 409, 422],
    record: async (request, _params, input) => {
      const { [idField]: givenId, occurredAt, ...rest } = input as Record<string, unknown>
      const body = rest as NewRecordBody<Body, IdField>
      const id = (givenId as string | undefined) ?? factId(request, kind)
      const command = await spec.command(request, id, body)
      const decider = typeof spec.decider === 'function' ? await spec.decider() : spec.decider
      return recordCommand(
        ctx,
        request,
        spec.stream(id),
        decider,
        command,
        fieldOccurredAt(spec.fieldDate(body), occurredAt as string | undefined),
      )
    },
  })
}
