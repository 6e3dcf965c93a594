import { mkdtemp, open, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeCsv, type CsvCharset } from './decodeCsv.ts'

/** The upload is over the caller's limit; nothing was recorded. */
export class CsvUploadTooLargeError extends Error {
  override readonly name = 'CsvUploadTooLargeError'
  constructor(readonly maxBytes: number) {
    super(`the CSV is over ${maxBytes} bytes`)
  }
}

export interface SpooledCsv {
  readonly path: string
  readonly bytes: number
  remove(): Promise<void>
}

/**
 * Receives an uploaded CSV into a private temporary file (mode 0600), counting its bytes against
 * `maxBytes` and decoding it in `charset` on the way, so a file too large or not text in its
 * charset is refused (CsvUploadTooLargeError, CsvDecodingError with the line) before any row is
 * recorded. Memory stays at one chunk and one line; the import then streams the file.
 */
export async function spoolCsvUpload(
  body: AsyncIterable<Buffer | Uint8Array | string>,
  options: { maxBytes: number; charset: CsvCharset },
): Promise<SpooledCsv> {
  const dir = await mkdtemp(join(tmpdir(), 'gsr-import-'))
  const remove = () => rm(dir, { recursive: true, force: true })
  const path = join(dir, 'upload.csv')
  let bytes = 0
  try {
    const file = await open(path, 'wx', 0o600)
    try {
      async function* received() {
        for await (const chunk of body) {
          const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk
          bytes += data.length
          if (bytes > options.maxBytes) throw new CsvUploadTooLargeError(options.maxBytes)
          await file.write(data)
          yield data
        }
      }
      for await (const text of decodeCsv(received(), options.charset)) void text
    } finally {
      await file.close()
    }
  } catch (error) {
    await remove()
    throw error
  }
  return { path, bytes, remove }
}
