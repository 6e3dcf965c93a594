import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'

/** The file that says which process has the folder open. */
export const lockFileName = 'gsr.lock'

interface Holder {
  readonly pid: number
  readonly host: string
  readonly since: string
}

/** Another live process has the data folder open; opening it too would lose one side's writes. */
export class DataFolderInUseError extends Error {
  override readonly name = 'DataFolderInUseError'
  constructor(
    readonly folder: string,
    readonly holder: Holder | undefined,
  ) {
    const who = holder ? `process ${holder.pid} on ${holder.host} (since ${holder.since})` : 'another process'
    super(
      `the data folder ${folder} is in use by ${who}; stop that process first (an embedded store ` +
        `has one process at a time). If no such process exists, remove ${join(folder, lockFileName)}.`,
    )
  }
}

export interface DataFolderLock {
  release(): void
}

/**
 * Takes the folder for this process: creates `gsr.lock` (exclusively) holding our pid. A lock
 * whose process is dead (same host, pid gone: a crash, a SIGKILL) is stale and taken over;
 * a live one, or one from another host (its pid cannot be checked), refuses with
 * DataFolderInUseError. The lock goes with `release()` or this process's exit.
 */
export function lockDataFolder(folder: string): DataFolderLock {
  const file = join(folder, lockFileName)
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600)
      try {
        writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }) + '\n')
      } finally {
        closeSync(fd)
      }
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = readHolder(file)
      const stale =
        holder !== undefined && holder.host === hostname() && holder.pid !== process.pid && !isAlive(holder.pid)
      if (!stale || attempt >= 2) throw new DataFolderInUseError(folder, holder)
      removeIfHeldBy(file, holder)
    }
  }
  const onExit = () => removeIfHeldBy(file, { pid: process.pid, host: hostname() })
  process.on('exit', onExit)
  return {
    release() {
      process.removeListener('exit', onExit)
      onExit()
    },
  }
}

function readHolder(file: string): Holder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Holder>
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return undefined
    return { pid: parsed.pid, host: parsed.host, since: String(parsed.since ?? '?') }
  } catch {
    return undefined // being written, or not ours: treated as held
  }
}

function removeIfHeldBy(file: string, holder: Pick<Holder, 'pid' | 'host'>): void {
  const current = readHolder(file)
  if (current?.pid !== holder.pid || current.host !== holder.host) return
  try {
    unlinkSync(file)
  } catch {
    // already gone
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' // alive, someone else's
  }
}
