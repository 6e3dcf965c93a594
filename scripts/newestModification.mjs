// What the builds (scripts/appBuild.mjs, scripts/consoleBuild.mjs) compare their stamp against.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The newest modification time under `path` (0 when it does not exist), directories included (a
 * deleted file changes its directory); `node_modules`, `dist` and what `skip` names are not read.
 */
export function newestModification(path, skip = () => false) {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let latest = stat.mtimeMs
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || skip(entry.name)) continue
    latest = Math.max(latest, newestModification(join(path, entry.name), skip))
  }
  return latest
}
