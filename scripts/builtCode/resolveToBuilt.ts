// The resolve hook registered by ./register.ts: a workspace module resolved to its TypeScript
// source (`<root>/packages/db/src/index.ts`) is loaded from its build (`<root>/dist/packages/db/src/index.js`).

// Compiled to <root>/dist/scripts/builtCode/resolveToBuilt.js.
const dist = new URL('../../', import.meta.url).href
const root = new URL('../../../', import.meta.url).href

interface Resolved {
  readonly url: string
  readonly format?: string | null | undefined
}
type NextResolve = (specifier: string, context?: unknown) => Promise<Resolved>

/** Where a workspace source file's build is, or undefined for anything else. */
export function builtUrlOf(url: string, roots: { root: string; dist: string } = { root, dist }): string | undefined {
  if (!url.startsWith(roots.root) || url.startsWith(roots.dist) || !url.endsWith('.ts')) return undefined
  const path = url.slice(roots.root.length)
  if (!/^(packages|services)\/[^/]+\/src\//.test(path) && !path.startsWith('scripts/')) return undefined
  return `${roots.dist}${path.slice(0, -'.ts'.length)}.js`
}

export async function resolve(specifier: string, context: unknown, nextResolve: NextResolve): Promise<Resolved> {
  const resolved = await nextResolve(specifier, context)
  const built = builtUrlOf(resolved.url)
  return built ? { ...resolved, url: built, format: 'module' } : resolved
}
