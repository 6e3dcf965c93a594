import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../../../', import.meta.url))

/**
 * Runs a TypeScript file in a child process (node with tsx) from the repository root, its
 * output collected: for tests of processes (start, signals, `kill -9`). `exited` resolves with
 * the exit code, null when a signal ended it (then `signal` says which).
 */
export function runTsx(file: string, args: readonly string[], env: Record<string, string | undefined>) {
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  let signal: NodeJS.Signals | null = null
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code, by) => {
      signal = by
      resolve(code)
    }),
  )
  return { child, exited, output: () => ({ stdout, stderr }), signal: () => signal }
}
