import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { ReadScope } from '@gsr/domain'
import {
  problemResponses,
  requestLanguage,
  requestToday,
  type KitApp,
  type Language,
  type ServiceContext,
} from '@gsr/http-kit'
import type { EnforcementTables } from '@gsr/read-models/enforcement'
import { pageOf, sendCsv } from './enforcementQuery.ts'
import { workflowListScope } from './organisationScope.ts'

/** The filters every workflow list takes from its query, whatever else it filters on. */
export interface WorkflowFilters {
  readonly scope: ReadScope
  readonly on: string
  readonly organisationId: string | undefined
  readonly after?: string | undefined
  readonly limit: number
}

/** A list's query: the fields above, the cursor, and the record's own filters. */
type ListQuery = z.ZodObject<
  {
    region: z.ZodOptional<z.ZodType<string>>
    organisationId: z.ZodOptional<z.ZodType<string>>
    on: z.ZodOptional<z.ZodType<string>>
    after: z.ZodOptional<z.ZodType<string>>
    limit: z.ZodType<number>
  },
  z.core.$ZodObjectConfig
>

/** What the CSV twin is asked: the list's query without its cursor. */
type CsvQuery<Query extends ListQuery> = Omit<z.infer<Query>, 'after' | 'limit'> & {
  readonly region?: string | undefined
  readonly organisationId?: string | undefined
  readonly on?: string | undefined
}

/** The CSV twin of a list: the same filters, every record. */
export interface WorkflowCsv<View> {
  readonly summary: string
  /** The file's name, by the day asked. */
  readonly name: (on: string) => string
  readonly body: (views: readonly View[], language: Language) => string
}

export interface WorkflowList<Query extends ListQuery, View, Item extends z.ZodType> {
  /** The list's URL; its CSV twin answers at `{url}.csv`. */
  readonly url: string
  readonly tags: readonly string[]
  readonly summary: string
  readonly description: string
  readonly querystring: Query
  readonly item: Item
  /** A page of the records: the filters above and the record's own, from the query. */
  readonly list: (
    filters: WorkflowFilters,
    query: CsvQuery<Query>,
  ) => Promise<{ readonly items: View[]; readonly next?: string }>
  readonly present: (views: readonly View[]) => z.infer<Item>[] | Promise<z.infer<Item>[]>
  readonly csv?: WorkflowCsv<View>
}

/** At most this many records in one CSV file. */
const csvRows = 10_000

/**
 * The list of a workflow's records (orders, cases, inspections) and its CSV twin with the same
 * filters: the caller's workflow scope (organisationScope.ts), narrowed to `region`; the records
 * as they stood on `on` (default: today, China time); the list paged by `after` (400 for a cursor
 * of another list), the CSV every record in the asked language.
 */
export function workflowListRoutes<Query extends ListQuery, View, Item extends z.ZodType>(
  app: KitApp,
  ctx: ServiceContext,
  db: Kysely<EnforcementTables>,
  spec: WorkflowList<Query, View, Item>,
): void {
  app.get(
    spec.url,
    {
      schema: {
        tags: [...spec.tags],
        summary: spec.summary,
        description: spec.description,
        querystring: spec.querystring,
        response: {
          200: z.object({ items: z.array(spec.item), next: z.string().optional() }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const q = request.query as z.infer<Query>
      const scope = await workflowListScope(request, ctx, db, q)
      const filters = { scope, on: q.on ?? requestToday(request), organisationId: q.organisationId }
      const page = await pageOf(spec.list({ ...filters, after: q.after, limit: q.limit }, q))
      return { items: await spec.present(page.items), ...(page.next ? { next: page.next } : {}) }
    },
  )

  const csv = spec.csv
  if (!csv) return
  app.get(
    `${spec.url}.csv`,
    {
      schema: {
        tags: [...spec.tags],
        summary: csv.summary,
        querystring: spec.querystring.omit({ after: true, limit: true }),
        response: { 200: z.string(), ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const q = request.query as CsvQuery<Query>
      const scope = await workflowListScope(request, ctx, db, q)
      const on = q.on ?? requestToday(request)
      const { items } = await spec.list({ scope, on, organisationId: q.organisationId, limit: csvRows }, q)
      const language = requestLanguage(request)
      return sendCsv(reply, { name: csv.name(on), language, body: csv.body(items, language) })
    },
  )
}
