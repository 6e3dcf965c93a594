// Types of ./appBuild.mjs (plain JavaScript: scripts/run.mjs needs no TypeScript), for its spec.
export function appInputsTime(root: string): { time: number; path: string }
export function appStamp(root: string): string
export function appBuildStale(root: string): string | undefined
export function ensureAppBuilt(
  root: string,
  options?: { force?: boolean; check?: boolean; log?: Pick<Console, 'log' | 'error'> },
): number
export function linkBuiltPackages(root: string): void
