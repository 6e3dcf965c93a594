import { TextDecoder } from 'node:util'

/**
 * The character set of a register CSV, and its bytes decoded to text without guessing: what
 * Excel and WPS save on Chinese Windows is GB18030/GBK, elsewhere UTF-8. Decoding is fatal: a
 * byte sequence that is not text in the charset is refused with its line, never stored as
 * mojibake (U+FFFD or Latin-1 soup) in an immutable event.
 */
export type CsvCharset = 'utf-8' | 'gb18030'

/**
 * Charset labels accepted (lower case). GBK and GB2312 are decoded as GB18030, their superset
 * (as the WHATWG Encoding standard does): Node's own `gbk` decoder refuses GB18030's four-byte
 * sequences, which WPS and Excel write for characters outside GBK.
 */
const charsetLabels: Record<string, CsvCharset> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  gb18030: 'gb18030',
  gbk: 'gb18030',
  gb2312: 'gb18030',
  'x-gbk': 'gb18030',
  cp936: 'gb18030',
}

export const csvCharsetLabels = Object.keys(charsetLabels)

/** The charset a label names, or undefined for one we do not decode. Absent: UTF-8. */
export function csvCharset(label: string | undefined): CsvCharset | undefined {
  if (label === undefined || label === '') return 'utf-8'
  return charsetLabels[label.trim().toLowerCase()]
}

/** The bytes are not text in the charset; `line` is the 1-based line of the first bad byte. */
export class CsvDecodingError extends Error {
  override readonly name = 'CsvDecodingError'
  constructor(
    readonly line: number,
    readonly charset: string,
  ) {
    super(`line ${line} is not valid ${charset} text`)
  }
}

const utf8Bom = Buffer.from([0xef, 0xbb, 0xbf])
const lineFeed = 0x0a

/**
 * Decodes a byte stream of CSV in `charset`, chunk by chunk (memory bounded by the chunk size
 * and one line). A UTF-8 byte-order mark wins over the declared charset (the bytes say what they
 * are) and is dropped; a UTF-16 one is refused (save as UTF-8 or GB18030). Only whole lines are
 * decoded: a line feed byte (0x0A) never occurs inside a multi-byte character in UTF-8 or
 * GB18030, so a chunk cut mid-character waits for the rest of its line, and a failure can be
 * pinned to its line.
 */
export async function* decodeCsv(
  source: AsyncIterable<Buffer | Uint8Array | string>,
  declared: CsvCharset,
): AsyncGenerator<string, void, undefined> {
  let charset: CsvCharset | undefined
  let decoder: TextDecoder | undefined
  let pending: Buffer = Buffer.alloc(0)
  let line = 1
  const decodeLines = (bytes: Buffer): string => {
    try {
      return decoder!.decode(bytes)
    } catch {
      // Find the line: decode one line at a time.
      for (let start = 0; start < bytes.length; line++) {
        const at = bytes.indexOf(lineFeed, start)
        const end = at === -1 ? bytes.length : at + 1
        try {
          decoder!.decode(bytes.subarray(start, end))
        } catch {
          break
        }
        start = end
      }
      throw new CsvDecodingError(line, charset!)
    }
  }
  const countLines = (bytes: Buffer) => {
    for (let at = bytes.indexOf(lineFeed); at !== -1; at = bytes.indexOf(lineFeed, at + 1)) line++
  }
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk)
    pending = pending.length ? Buffer.concat([pending, bytes]) : bytes
    if (!charset) {
      if (pending.length < 3) continue
      if ((pending[0] === 0xff && pending[1] === 0xfe) || (pending[0] === 0xfe && pending[1] === 0xff)) {
        throw new CsvDecodingError(1, 'UTF-16 (save the file as UTF-8 or GB18030)')
      }
      const bom = pending.subarray(0, 3).equals(utf8Bom)
      charset = bom ? 'utf-8' : declared
      if (bom) pending = pending.subarray(3)
      decoder = new TextDecoder(charset, { fatal: true, ignoreBOM: true })
    }
    const lastFeed = pending.lastIndexOf(lineFeed)
    if (lastFeed === -1) continue
    const whole = pending.subarray(0, lastFeed + 1)
    pending = pending.subarray(lastFeed + 1)
    const text = decodeLines(whole)
    countLines(whole)
    yield text
  }
  if (!charset) {
    // A file shorter than a byte-order mark.
    charset = declared
    decoder = new TextDecoder(charset, { fatal: true, ignoreBOM: true })
  }
  if (pending.length) yield decodeLines(pending)
}
