import { z } from 'zod'
import type { InspectionSubjectKind } from '@gsr/events/equipment'
import { Cursor, Page, notFound, problemResponses, type KitApp, type ServiceContext } from '@gsr/http-kit'
import { listInspections } from '@gsr/read-models/equipment'
import type { FastifyRequest } from 'fastify'
import { withCursor } from '../routeHelpers.ts'
import { canRead } from '@gsr/http-kit'
import { InspectionView, TimelineEvent, inspectionView, pageReply, timelineEvent } from '../views.ts'

export interface SubjectReadRoutes<Params extends z.ZodType, Row, View extends z.ZodType> {
  /** The subject's URL, e.g. `/pipelines/:pipelineId`. */
  readonly url: string
  readonly tags: readonly string[]
  readonly params: Params
  readonly idOf: (params: z.infer<Params>) => string
  readonly subjectKind: InspectionSubjectKind
  readonly streamName: (id: string) => string
  /** Summaries: "One pipeline", and the subject in "Full event timeline of the pipeline". */
  readonly one: string
  readonly the: string
  readonly load: (id: string) => Promise<Row | undefined>
  /** Who may read the row (scope.ts canRead). */
  readonly owners: (row: Row) => { region: string; organisationIds: readonly (string | null)[] }
  readonly notFound: (id: string) => { en: string; 'zh-CN': string }
  readonly View: View
  readonly view: (row: Row) => z.infer<View>
}

/**
 * The reads every registered subject (equipment, pipeline) offers: the row, its full event
 * timeline, its inspection history. A subject the caller may not read is a 404, as one that
 * does not exist (existence does not leak).
 */
export function subjectReadRoutes<Params extends z.ZodType, Row, View extends z.ZodType>(
  app: KitApp,
  ctx: ServiceContext,
  subject: SubjectReadRoutes<Params, Row, View>,
): void {
  const tags = [...subject.tags]
  // Widened: fastify cannot resolve the reply type of a generic schema.
  const View: z.ZodType = subject.View
  const idOf = (request: FastifyRequest) => subject.idOf(request.params as z.infer<Params>)
  async function visible(request: FastifyRequest, id: string): Promise<Row> {
    const row = await subject.load(id)
    if (!row || !canRead(request.principal, subject.owners(row))) throw notFound(subject.notFound(id))
    return row
  }

  app.get(
    subject.url,
    {
      schema: {
        tags,
        summary: subject.one,
        params: subject.params,
        response: { 200: View, ...problemResponses(401, 404) },
      },
    },
    async (request) => subject.view(await visible(request, idOf(request))),
  )

  app.get(
    `${subject.url}/events`,
    {
      schema: {
        tags,
        summary: `Full event timeline of ${subject.the}`,
        params: subject.params,
        response: { 200: z.object({ items: z.array(TimelineEvent) }), ...problemResponses(401, 404) },
      },
    },
    async (request) => {
      const id = idOf(request)
      await visible(request, id)
      const events = await ctx.eventStore.readStream(subject.streamName(id))
      return { items: events.map(timelineEvent) }
    },
  )

  app.get(
    `${subject.url}/inspections`,
    {
      schema: {
        tags,
        summary: `Inspection history of ${subject.the}`,
        params: subject.params,
        querystring: Cursor,
        response: { 200: Page(InspectionView), ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const id = idOf(request)
      await visible(request, id)
      const page = await withCursor(() =>
        listInspections(
          ctx.sql,
          { subjectKind: subject.subjectKind, subjectId: id },
          { cursor: request.query.after, limit: request.query.limit },
        ),
      )
      return pageReply(page, inspectionView)
    },
  )
}
