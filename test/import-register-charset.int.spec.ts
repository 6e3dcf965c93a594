import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import t from 'tap'
import { createPgliteClient } from '@gsr/db'
import { createPostgresEventStore } from '@gsr/event-store'

/**
 * scripts/import-register.ts --charset: a GB18030 register (what Excel and WPS save on Chinese
 * Windows) is refused as UTF-8 with its line and nothing recorded, and read right with the flag.
 * The CLI on an embedded store (its PostgreSQL path is the same code; the HTTP import is tested
 * on both stores in services/registry).
 */
const root = fileURLToPath(new URL('..', import.meta.url))
const run = promisify(execFile)

// GB18030 bytes from the standard's code table: 杭 BABC, 州 D6DD, 市 CAD0, 𠀀 (U+20000) 95328236.
const location = Buffer.from('babcd6ddcad095328236', 'hex')

t.test('the CLI honours --charset and refuses what does not decode', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'gsr-cli-charset-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const file = join(dir, 'register.csv')
  await writeFile(
    file,
    Buffer.concat([
      Buffer.from('registrationCode,category,region,location,putIntoServiceDate,registeredOn\n'),
      Buffer.from('CLI-0001,elevator,330106,'),
      location,
      Buffer.from(',2025-01-01,2025-01-10\n'),
    ]),
  )
  const cli = (...args: string[]) =>
    run(
      process.execPath,
      [
        '--import',
        'tsx',
        'scripts/import-register.ts',
        file,
        '--pglite',
        join(dir, 'pglite'),
        '--organisation',
        'org-1',
        ...args,
      ],
      {
        cwd: root,
      },
    ).then(
      (r) => ({ code: 0, stderr: r.stderr }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    )

  const undeclared = await cli()
  t.equal(undeclared.code, 1)
  t.match(undeclared.stderr, /line 2 is not valid utf-8 text; nothing imported/)

  const declared = await cli('--charset', 'gb18030')
  t.equal(declared.code, 0, declared.stderr)

  const sql = await createPgliteClient({ dataDir: join(dir, 'pglite') })
  t.teardown(() => sql.close())
  const events = await createPostgresEventStore(sql).readStream('equipment-CLI-0001')
  t.equal(events.length, 1, 'recorded once, by the second run')
  t.equal((events[0]?.data as { location: string }).location, '杭州市𠀀')

  t.equal((await cli('--charset', 'latin1')).code, 1, 'an unknown charset is refused')
})
