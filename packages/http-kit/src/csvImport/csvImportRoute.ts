import { createReadStream } from 'node:fs'
import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import { ProblemError } from '../errors/ProblemError.ts'
import { problemResponses } from '../errors/ProblemBodySchema.ts'
import type { OrganisationKind, Principal } from '../identity/Principal.ts'
import type { KitApp } from '../ServiceModule.ts'
import { csvCharset, csvCharsetLabels, CsvDecodingError, decodeCsv } from './decodeCsv.ts'
import type { CsvImportResult, ImportProgress } from './importCsv.ts'
import { CsvUploadTooLargeError, spoolCsvUpload } from './spoolCsvUpload.ts'

const MiB = 1024 * 1024
/** Row errors listed in a reply (the lowest lines); the rest are counted in `errorsOmitted`. */
export const maxReportedImportErrors = 100

/** The reply of every CSV import route. */
export const ImportReport = z
  .object({
    kind: z.string().describe('what was imported: equipment, pipelines, cylinders, operator-certificates'),
    dryRun: z.boolean(),
    rows: z.number().int(),
    recorded: z.number().int(),
    alreadyRecorded: z.number().int().describe('rows an earlier import already recorded'),
    rejected: z.number().int(),
    elapsedMs: z.number(),
    rowsPerSecond: z.number(),
    errors: z
      .array(z.object({ line: z.number().int(), field: z.string(), message: z.string() }))
      .describe(`the errors of the lowest lines, at most ${maxReportedImportErrors}`),
    errorsOmitted: z.number().int().describe('further row errors, counted but not listed'),
  })
  .meta({ id: 'ImportReport' })

const Query = z.strictObject({ dryRun: z.enum(['true', 'false']).default('false') })

/** What a route's `run` gets besides the decoded rows. */
export interface CsvImportRun {
  readonly dryRun: boolean
  readonly correlationId: string
  readonly maxErrors: number
  readonly onProgress: (progress: ImportProgress) => void
}

export interface CsvImportRoute<Params extends z.ZodType> {
  /** Upload limit in bytes by organisation kind; only these kinds may call. */
  readonly limits: Partial<Record<OrganisationKind, number>>
  readonly tags: readonly string[]
  readonly summary: string
  /** What is particular to this import: its columns, who may assert which row. */
  readonly description: readonly string[]
  readonly params?: Params
  /** Imports the decoded CSV text (importCsv) and names the kind. */
  readonly run: (
    request: FastifyRequest,
    params: z.infer<Params>,
    text: AsyncIterable<string>,
    run: CsvImportRun,
  ) => Promise<CsvImportResult & { readonly kind: string }>
}

/** The upload stream of each CSV request, kept out of `request.body` (nothing walks it). */
const csvUploads = new WeakMap<FastifyRequest, AsyncIterable<Buffer>>()

function charsetParameter(contentType: string | undefined): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')?.[1]
}

/**
 * A CSV import: `POST url?dryRun=` with a text/csv body (UTF-8, GB18030/GBK declared in the
 * Content-Type, or a UTF-8 byte-order mark), streamed after authentication into a private
 * temporary file within the caller's limit and decoded on the way (a file that is not text in its
 * charset is refused with the line before any row is recorded), then imported by `run` and
 * answered with the ImportReport. The kit's Idempotency-Key replay is off: the rows' event ids
 * make the import idempotent by itself; re-sending the file is the retry.
 */
export function csvImportRoute<Params extends z.ZodType>(
  app: KitApp,
  url: string,
  route: CsvImportRoute<Params>,
): void {
  // Not buffered: the handler streams the body (after authentication, with the caller's limit).
  // One parser per plugin context: several import routes of a module share it.
  if (!app.hasContentTypeParser('text/csv')) {
    app.addContentTypeParser('text/csv', (request, payload, done) => {
      csvUploads.set(request, payload as AsyncIterable<Buffer>)
      done(null, undefined)
    })
  }
  const kinds = Object.keys(route.limits) as OrganisationKind[]
  const limitOf = (p: Principal) => route.limits[p.organisationKind] ?? 0
  const limitsText = kinds.map((k) => `${k} ${route.limits[k]! / MiB} MiB`).join(', ')
  app.post(
    url,
    {
      bodyLimit: Math.max(...kinds.map((k) => route.limits[k]!)),
      // An import is idempotent by itself (event ids come from the rows), and its body is streamed
      // after the kit's Idempotency-Key check, which could hash no body: a key would replay one
      // file's report for another file. The key is ignored here; re-sending the file is the retry.
      onRequest: async (request) => {
        delete request.headers['idempotency-key']
      },
      config: { auth: { kinds } },
      schema: {
        tags: [...route.tags],
        summary: route.summary,
        description: [
          'Body: text/csv with a header row, UTF-8 (default) or GB18030/GBK as Excel and WPS save it on',
          `Chinese Windows: say so in Content-Type (\`text/csv; charset=gb18030\`; accepted: ${csvCharsetLabels.join(', ')}),`,
          'or start the file with a UTF-8 byte-order mark. A file that is not text in its charset is refused',
          '(400, naming the line) before anything is recorded.',
          `Size limit by role: ${limitsText} (413); larger files go through \`npm run gsr -- import\`.`,
          ...route.description,
          'Every bad row (a NUL character included) is reported with its line and field and records nothing; every good row is recorded;',
          `the reply lists the errors of the first ${maxReportedImportErrors} bad lines and counts the rest (errorsOmitted).`,
          '`dryRun=true` records nothing and reports every error the import would.',
          'Importing the same file again records nothing new (that is the retry: an Idempotency-Key is ignored here).',
        ].join(' '),
        consumes: ['text/csv'],
        ...(route.params !== undefined ? { params: route.params } : {}),
        querystring: Query,
        body: z.unknown().describe('CSV text'),
        response: { 200: ImportReport, ...problemResponses(400, 401, 403, 413, 415) },
      },
    },
    async (request) => {
      const upload = csvUploads.get(request)
      if (!upload) {
        throw new ProblemError({
          code: 'unsupported-media-type',
          detail: { en: 'send the CSV as text/csv', 'zh-CN': '请以 text/csv 格式上传' },
          errors: [{ field: 'content-type', message: 'text/csv', in: 'headers' }],
        })
      }
      const label = charsetParameter(request.headers['content-type'])
      const charset = csvCharset(label)
      if (!charset) {
        throw new ProblemError({
          code: 'unsupported-media-type',
          detail: {
            en: `charset ${label} is not supported; use ${csvCharsetLabels.join(', ')}`,
            'zh-CN': `不支持字符集 ${label}，请使用 UTF-8 或 GB18030`,
          },
          errors: [{ field: 'content-type', message: `unsupported charset ${label}`, in: 'headers' }],
        })
      }
      const maxBytes = limitOf(request.principal)
      const tooLarge = () =>
        new ProblemError({
          code: 'payload-too-large',
          detail: {
            en: `an import by this role takes at most ${maxBytes / MiB} MiB; larger files go through npm run gsr -- import (scripts/import-register.ts)`,
            'zh-CN': `此角色单次导入不超过 ${maxBytes / MiB} MiB；更大的文件请用 npm run gsr -- import（scripts/import-register.ts）导入`,
          },
          errors: [{ field: 'body', message: `over ${maxBytes} bytes`, in: 'body' }],
        })
      if (Number(request.headers['content-length'] ?? 0) > maxBytes) throw tooLarge()
      let spooled
      try {
        spooled = await spoolCsvUpload(upload, { maxBytes, charset })
      } catch (error) {
        if (error instanceof CsvUploadTooLargeError) throw tooLarge()
        if (error instanceof CsvDecodingError) {
          throw new ProblemError({
            code: 'validation-failed',
            detail: {
              en: `line ${error.line} is not valid ${error.charset} text; nothing was imported (declare the charset: text/csv; charset=gb18030)`,
              'zh-CN': `第 ${error.line} 行不是有效的 ${error.charset} 文本，未导入任何数据（请声明字符集，如 text/csv; charset=gb18030）`,
            },
            errors: [{ field: 'body', message: error.message, in: 'body' }],
          })
        }
        throw error
      }
      try {
        const query = request.query as z.infer<typeof Query>
        return await route.run(
          request,
          request.params as z.infer<Params>,
          decodeCsv(createReadStream(spooled.path), charset),
          {
            dryRun: query.dryRun === 'true',
            correlationId: request.id,
            maxErrors: maxReportedImportErrors,
            onProgress: (progress) => request.log.info({ import: url, ...progress }, 'import progress'),
          },
        )
      } finally {
        await spooled.remove()
      }
    },
  )
}
