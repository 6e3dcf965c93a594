import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import { IsoDate } from '@gsr/events'
import { canRead, notFound, problemResponses, requestToday, type KitApp } from '@gsr/http-kit'

/** The query of one record: the day it is shown as of. */
const OnDay = z.strictObject({ on: IsoDate.optional().describe('as of this day; default today') })

/** A record in a region, naming the organisation it concerns (an order's, a case's party). */
export interface WorkflowRow {
  readonly region: string
  readonly organisation_id: string
}

/**
 * Who reads one record: an authority by region (`canRead`), the organisation it names. An
 * inspection agency is not an authority over orders and cases: it reads only those naming it.
 */
function mayReadWorkflowRecord(request: FastifyRequest, row: WorkflowRow): boolean {
  const p = request.principal
  if (p.organisationKind === 'inspection_agency') return row.organisation_id === p.organisationId
  return canRead(p, { region: row.region, organisationIds: [row.organisation_id] })
}

export interface WorkflowRecord<
  Params extends z.ZodType,
  View extends { readonly row: WorkflowRow },
  Item extends z.ZodType,
> {
  readonly url: string
  readonly tags: readonly string[]
  readonly summary: string
  readonly params: Params
  readonly item: Item
  /** The record as it stood on `on`; undefined when unknown or not yet there that day. */
  readonly get: (params: z.infer<Params>, on: string) => Promise<View | undefined>
  readonly present: (views: readonly View[]) => Promise<z.infer<Item>[]>
}

/**
 * One record of a workflow (an order, a case) on a day (default: today, China time). One the
 * caller may not read answers 404, exactly as one that does not exist, so existence does not leak.
 */
export function workflowRecordRoute<
  Params extends z.ZodType,
  View extends { readonly row: WorkflowRow },
  Item extends z.ZodType,
>(app: KitApp, spec: WorkflowRecord<Params, View, Item>): void {
  app.get(
    spec.url,
    {
      schema: {
        tags: [...spec.tags],
        summary: spec.summary,
        params: spec.params,
        querystring: OnDay,
        // Typed as any schema here (fastify cannot resolve a generic one); `present` checks the item.
        response: { 200: spec.item as z.ZodType, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const on = request.query.on ?? requestToday(request)
      const view = await spec.get(request.params as z.infer<Params>, on)
      if (!view || !mayReadWorkflowRecord(request, view.row)) throw notFound()
      const [item] = await spec.present([view])
      return item
    },
  )
}
