// The resolve hook registered by ./register.ts: a workspace module resolved to its TypeScript
// source (`<root>/packages/db/src/index.ts`) is loaded from its build (`<root>/dist/packages/db/src/index.js`).

// Compiled to <root>/dist/scripts/builtCode/resolveToBuilt.js.
const dist = new URL('../../', import.meta.url).href
const root = new URL('../../../', import.meta.url).href

interface Resolved {
  readonly url: string
  readonly format?: string | null | undefined
}
interface ResolveContext {
  readonly parentURL?: string | undefined
}
type NextResolve = (specifier: string, context?: ResolveContext) => Promise<Resolved>

/** Where a workspace source file's build is, or undefined for anything else. */
export function builtUrlOf(url: string, roots: { root: string; dist: string } = { root, dist }): string | undefined {
  if (!url.startsWith(roots.root) || url.startsWith(roots.dist) || !url.endsWith('.ts')) return undefined
  const path = url.slice(roots.root.length)
  if (!/^(packages|services)\/[^/]+\/src\//.test(path) && !path.startsWith('scripts/')) return undefined
  return `${roots.dist}${path.slice(0, -'.ts'.length)}.js`
}

/**
 * Where a built file's source is (the inverse of builtUrlOf), or undefined for anything else. A
 * package's own dependencies (`@fastify/static` of the launcher) are in its node_modules beside
 * its source, which a lookup from dist/ would never reach.
 */
export function sourceUrlOf(url: string, roots: { root: string; dist: string } = { root, dist }): string | undefined {
  if (!url.startsWith(roots.dist) || !url.endsWith('.js')) return undefined
  const path = url.slice(roots.dist.length)
  if (!/^(packages|services)\/[^/]+\/src\//.test(path) && !path.startsWith('scripts/')) return undefined
  return `${roots.root}${path.slice(0, -'.js'.length)}.ts`
}

/** A package name (`pg`, `@fastify/static`), not a path, URL or builtin. */
function isBare(specifier: string): boolean {
  return !/^(\.{0,2}\/|[a-z][a-z0-9+.-]*:)/i.test(specifier) && !specifier.startsWith('#')
}

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<Resolved> {
  const parentSource = context.parentURL && isBare(specifier) ? sourceUrlOf(context.parentURL) : undefined
  const resolved = await nextResolve(specifier, parentSource ? { ...context, parentURL: parentSource } : context)
  const built = builtUrlOf(resolved.url)
  return built ? { ...resolved, url: built, format: 'module' } : resolved
}
