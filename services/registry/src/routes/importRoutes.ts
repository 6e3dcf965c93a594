import { createReadStream } from 'node:fs'
import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import { ProblemError, problemResponses, type KitApp, type ServiceContext } from '@gsr/http-kit'
import { csvCharset, csvCharsetLabels, CsvDecodingError, decodeCsv } from '../import/decodeCsv.ts'
import { importRegister } from '../import/importRegister.ts'
import { equipmentCsvColumns, pipelineCsvColumns } from '../import/registerCsvRows.ts'
import { CsvUploadTooLargeError, spoolCsvUpload } from '../import/spoolCsvUpload.ts'

const MiB = 1024 * 1024
/**
 * Upload limits by role. An equipment user's own register: 8 MiB is about 65,000 equipment rows,
 * more than any single user holds. An administrator loading a county: 64 MiB (about 500,000
 * rows). Larger registers go through scripts/import-register.ts, which has no limit.
 */
export const csvImportLimits = { equipment_user: 8 * MiB, administrator: 64 * MiB } as const
/** Row errors listed in a reply (the lowest lines); the rest are counted in `errorsOmitted`. */
export const maxReportedImportErrors = 100

const ImportReport = z
  .object({
    kind: z.enum(['equipment', 'pipelines']),
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

const Params = z.strictObject({ kind: z.enum(['equipment', 'pipelines']) })
const Query = z.strictObject({ dryRun: z.enum(['true', 'false']).default('false') })

/** The upload stream of each CSV request, kept out of `request.body` (nothing walks it). */
const csvUploads = new WeakMap<FastifyRequest, AsyncIterable<Buffer>>()

function charsetParameter(contentType: string | undefined): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')?.[1]
}

export async function importRoutes(app: KitApp, ctx: ServiceContext): Promise<void> {
  // Not buffered: the handler streams the body (after authentication, with the caller's limit).
  app.addContentTypeParser('text/csv', (request, payload, done) => {
    csvUploads.set(request, payload as AsyncIterable<Buffer>)
    done(null, undefined)
  })

  app.post(
    '/imports/:kind',
    {
      bodyLimit: csvImportLimits.administrator,
      // An import is idempotent by itself (event ids come from the rows), and its body is streamed
      // after the kit's Idempotency-Key check, which could hash no body: a key would replay one
      // file's report for another file. The key is ignored here; re-sending the file is the retry.
      onRequest: async (request) => {
        delete request.headers['idempotency-key']
      },
      config: { auth: { kinds: ['equipment_user', 'administrator'] } },
      schema: {
        tags: ['registry: import'],
        summary: 'Import an existing register from CSV (equipment or in-use pipelines)',
        description: [
          'Body: text/csv with a header row, UTF-8 (default) or GB18030/GBK as Excel and WPS save it on',
          `Chinese Windows: say so in Content-Type (\`text/csv; charset=gb18030\`; accepted: ${csvCharsetLabels.join(', ')}),`,
          'or start the file with a UTF-8 byte-order mark. A file that is not text in its charset is refused',
          '(400, naming the line) before anything is recorded.',
          `Size limit: ${csvImportLimits.equipment_user / MiB} MiB for an equipment user, ${csvImportLimits.administrator / MiB} MiB for an administrator (413).`,
          `Equipment columns: ${equipmentCsvColumns.join(', ')}.`,
          `Pipeline columns: ${pipelineCsvColumns.join(', ')}.`,
          'Every bad row (a NUL character included) is reported with its line and field and records nothing; every good row is recorded;',
          `the reply lists the errors of the first ${maxReportedImportErrors} bad lines and counts the rest (errorsOmitted).`,
          'Importing the same file again records nothing new (that is the retry: an Idempotency-Key is ignored here).',
          'An equipment user imports its own register (organisationId may be left empty); an administrator must fill organisationId.',
        ].join(' '),
        consumes: ['text/csv'],
        params: Params,
        querystring: Query,
        body: z.unknown().describe('CSV text'),
        response: { 200: ImportReport, ...problemResponses(400, 401, 403, 413, 415) },
      },
    },
    async (request) => {
      const p = request.principal
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
      const maxBytes =
        p.organisationKind === 'administrator' ? csvImportLimits.administrator : csvImportLimits.equipment_user
      const tooLarge = () =>
        new ProblemError({
          code: 'payload-too-large',
          detail: {
            en: `an import by this role takes at most ${maxBytes / MiB} MiB; larger registers go through scripts/import-register.ts`,
            'zh-CN': `此角色单次导入不超过 ${maxBytes / MiB} MiB；更大的台账请用 scripts/import-register.ts 导入`,
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
        return await importRegister(decodeCsv(createReadStream(spooled.path), charset), {
          kind: request.params.kind,
          store: ctx.eventStore,
          clock: ctx.clock,
          actor: { organisationId: p.organisationId, userId: p.userId, role: p.role },
          importer: p,
          ownOrganisation: p.organisationKind === 'administrator' ? undefined : p.organisationId,
          dryRun: request.query.dryRun === 'true',
          correlationId: request.id,
          maxErrors: maxReportedImportErrors,
          onProgress: (progress) => request.log.info({ import: request.params.kind, ...progress }, 'import progress'),
        })
      } finally {
        await spooled.remove()
      }
    },
  )
}
