import t from 'tap'
import { csvCharset, CsvDecodingError, decodeCsv } from './decodeCsv.ts'

// GB18030 bytes from the standard's code table: 杭 BABC, 州 D6DD, 𠀀 (U+20000) 95 32 82 36.
const hang = Buffer.from('babc', 'hex')
const zhou = Buffer.from('d6dd', 'hex')
const ext = Buffer.from('95328236', 'hex')

async function decoded(chunks: Buffer[], charset: 'utf-8' | 'gb18030'): Promise<string> {
  let text = ''
  for await (const part of decodeCsv(
    (async function* () {
      yield* chunks
    })(),
    charset,
  ))
    text += part
  return text
}

/** Every way to cut the bytes in two chunks. */
function cuts(bytes: Buffer): Buffer[][] {
  return Array.from({ length: bytes.length + 1 }, (_, at) => [bytes.subarray(0, at), bytes.subarray(at)])
}

t.test('GB18030: decoded whatever the chunk boundaries, four-byte sequences included', async (t) => {
  const bytes = Buffer.concat([Buffer.from('a,b\n'), hang, zhou, Buffer.from(','), ext, Buffer.from('\n')])
  for (const chunks of cuts(bytes)) t.equal(await decoded(chunks, 'gb18030'), 'a,b\n杭州,𠀀\n')
})

t.test('a byte that is not text in the charset is refused with its line', async (t) => {
  const gb = Buffer.concat([Buffer.from('h\nok\n'), hang, Buffer.from('\n')])
  await t.rejects(decoded([gb], 'utf-8'), new CsvDecodingError(3, 'utf-8'))
  for (const chunks of cuts(gb)) await t.rejects(decoded(chunks, 'utf-8'), new CsvDecodingError(3, 'utf-8'))
  await t.rejects(decoded([Buffer.from('h\n\xff\n', 'latin1')], 'gb18030'), new CsvDecodingError(2, 'gb18030'))
  await t.rejects(
    decoded([Buffer.from('h\nlast'), Buffer.from([0xc3])], 'utf-8'),
    new CsvDecodingError(2, 'utf-8'),
    'cut off at the end',
  )
})

t.test('a UTF-8 byte-order mark wins and is dropped; UTF-16 is refused', async (t) => {
  const bom = Buffer.from([0xef, 0xbb, 0xbf])
  t.equal(await decoded([bom, Buffer.from('杭州\n')], 'gb18030'), '杭州\n')
  await t.rejects(decoded([Buffer.from([0xff, 0xfe, 0x61, 0x00])], 'utf-8'), CsvDecodingError)
})

t.test('charset labels: UTF-8 by default, GBK and GB2312 read as GB18030, others unknown', async (t) => {
  t.equal(csvCharset(undefined), 'utf-8')
  t.equal(csvCharset('UTF-8'), 'utf-8')
  t.equal(csvCharset('GBK'), 'gb18030')
  t.equal(csvCharset('gb2312'), 'gb18030')
  t.equal(csvCharset('latin1'), undefined)
})
