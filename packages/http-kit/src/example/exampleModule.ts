import { z } from 'zod'
import { HappenedAt, RegionCode } from '@gsr/events'
import { DomainError } from '@gsr/domain'
import type { ServiceModule } from '../ServiceModule.ts'
import { problemResponses } from '../errors/ProblemBodySchema.ts'
import { requireOwnOrganisation, requireRegion } from '../auth/scope.ts'
import { eventMetadata } from '../eventMetadata.ts'

/**
 * The smallest service on the kit, kept as the reference for module authors and as the
 * subject of the kit's own tests. It writes to a table of its own (no event store needed).
 */
const NoteBody = z
  .strictObject({
    organisationId: z.string().min(1).max(64),
    region: RegionCode,
    text: z.string().min(1).max(200),
    occurredAt: HappenedAt.optional(),
  })
  .meta({ examples: [{ organisationId: 'org-1', region: '330106', text: 'valve checked' }] })

const Note = z.object({ id: z.number().int(), organisationId: z.string(), text: z.string(), recordedBy: z.string() })

export const exampleModule: ServiceModule = {
  name: 'example',
  migrations: [
    {
      name: 'example_001_notes',
      up: `CREATE TABLE example_notes (id serial PRIMARY KEY, organisation_id text NOT NULL, region text NOT NULL,
             text text NOT NULL, recorded_by text NOT NULL, metadata jsonb NOT NULL)`,
    },
  ],
  problems: {
    'note-forbidden-word': { status: 422, title: { en: 'Forbidden word', 'zh-CN': '包含禁用词' } },
  },
  async routes(app, ctx) {
    app.post(
      '/example/notes',
      {
        config: { auth: { kinds: ['equipment_user', 'filling_station'] } },
        schema: {
          tags: ['example'],
          summary: 'Record a note (example route)',
          body: NoteBody,
          response: { 201: Note, ...problemResponses(400, 401, 403, 422) },
        },
      },
      async (request, reply) => {
        const body = request.body
        requireOwnOrganisation(request, body.organisationId)
        requireRegion(request, body.region)
        if (body.text.includes('forbidden'))
          throw new DomainError('note-forbidden-word', { en: 'no forbidden words', 'zh-CN': '不得包含禁用词' }, [
            'text',
          ])
        const metadata = eventMetadata(request, body.occurredAt)
        const { rows } = await ctx.sql.query<{ id: number }>(
          `INSERT INTO example_notes (organisation_id, region, text, recorded_by, metadata)
           VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          [body.organisationId, body.region, body.text, request.principal.userId, JSON.stringify(metadata)],
        )
        return reply.code(201).send({
          id: rows[0]?.id ?? 0,
          organisationId: body.organisationId,
          text: body.text,
          recordedBy: request.principal.userId,
        })
      },
    )
    app.get(
      '/example/notes',
      {
        schema: {
          tags: ['example'],
          summary: "List my organisation's notes",
          querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
          response: { 200: z.object({ items: z.array(Note) }) },
        },
      },
      async (request) => {
        const { rows } = await ctx.sql.query<{
          id: number
          organisation_id: string
          text: string
          recorded_by: string
        }>('SELECT * FROM example_notes WHERE organisation_id = $1 ORDER BY id LIMIT $2', [
          request.principal.organisationId,
          request.query.limit,
        ])
        return {
          items: rows.map((r) => ({
            id: r.id,
            organisationId: r.organisation_id,
            text: r.text,
            recordedBy: r.recorded_by,
          })),
        }
      },
    )
  },
}
