import t from 'tap'
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createPgliteClient } from './createPgliteClient.ts'
import { DataFolderInUseError, lockFileName } from './lockDataFolder.ts'

/** Another process holding the folder open: a real process, as a second `npm start` would be. */
function openInChild(dir: string) {
  const module = fileURLToPath(new URL('./createPgliteClient.ts', import.meta.url))
  const script = `
    const { createPgliteClient } = await import(${JSON.stringify(module)})
    const client = await createPgliteClient({ dataDir: ${JSON.stringify(dir)} })
    await client.query("CREATE TABLE IF NOT EXISTS t (v int)")
    await client.query("INSERT INTO t VALUES (1)")
    console.log('open')
    process.stdin.on('end', async () => { await client.close(); console.log('closed') })
    process.stdin.resume()
  `
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  const opened = (async () => {
    while (!output.includes('open')) {
      if (child.exitCode !== null) throw new Error('the child exited before opening')
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  })()
  return { child, opened, exited, output: () => output }
}

t.test('a second process on a data folder in use is refused, with a message naming the holder', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'gsr-lock-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const first = openInChild(dir)
  t.teardown(() => first.child.kill('SIGKILL'))
  await first.opened

  const refused = await createPgliteClient({ dataDir: dir }).then(
    async (client) => {
      await client.close()
      return undefined
    },
    (error: unknown) => error,
  )
  t.type(refused, DataFolderInUseError, 'refused')
  t.match(String((refused as Error).message), new RegExp(`in use by process ${first.child.pid} `))

  // Closed by its holder, the folder opens, with the holder's write in it.
  first.child.stdin.end()
  await first.exited
  t.match(first.output(), /closed/)
  const second = await createPgliteClient({ dataDir: dir })
  t.same((await second.query('SELECT v FROM t')).rows, [{ v: 1 }])
  await second.close()
  t.notOk(readdirSync(dir).includes(lockFileName), 'close removes the lock')
})

t.test('the lock of a process that died (SIGKILL) is stale and taken over', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'gsr-lock-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const first = openInChild(dir)
  await first.opened
  first.child.kill('SIGKILL')
  await first.exited
  t.ok(readdirSync(dir).includes(lockFileName), 'the dead process left its lock')
  const client = await createPgliteClient({ dataDir: dir })
  t.same((await client.query('SELECT v FROM t')).rows, [{ v: 1 }], 'opened, with the dead process’s committed write')
  await client.close()
})

t.test('the data folder is private to its user: 0700, and no file in it readable by others', async (t) => {
  const parent = mkdtempSync(join(tmpdir(), 'gsr-mode-'))
  t.teardown(() => rmSync(parent, { recursive: true, force: true }))
  const dir = join(parent, 'pglite')
  const client = await createPgliteClient({ dataDir: dir })
  await client.close()
  t.equal(statSync(dir).mode & 0o777, 0o700)
  const open = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(
    (name) => (statSync(join(dir, name)).mode & 0o077) !== 0,
  )
  t.same(open, [], 'the files PGlite unpacked are private too')
})

t.test('created in a child process, with shared_buffers set: the same private folder, then opened here', async (t) => {
  const parent = mkdtempSync(join(tmpdir(), 'gsr-apart-'))
  t.teardown(() => rmSync(parent, { recursive: true, force: true }))
  const dir = join(parent, 'pglite')
  const options = { dataDir: dir, sharedBuffers: '32MB', createInChildProcess: true }
  const client = await createPgliteClient(options)
  t.same((await client.query("SELECT current_setting('shared_buffers') AS size")).rows, [{ size: '32MB' }])
  await client.exec('CREATE TABLE t (v int); INSERT INTO t VALUES (7)')
  await client.close()
  t.equal(statSync(dir).mode & 0o777, 0o700)
  const open = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(
    (name) => (statSync(join(dir, name)).mode & 0o077) !== 0,
  )
  t.same(open, [], 'the files the child unpacked are private too')
  const again = await createPgliteClient(options)
  t.same((await again.query('SELECT v FROM t')).rows, [{ v: 7 }], 'reopened: an existing folder is not created again')
  await again.close()
})
