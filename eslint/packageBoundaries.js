// Lint rule: the workspace's package boundaries (issue 22).
// - A workspace package imports another only through `@gsr/<name>` (its declared exports),
//   never by a relative path that leaves its own folder, and only when its package.json
//   declares it (`dependencies`; `devDependencies` too from specs and `testing/` folders).
// - Files outside the packages (scripts/, test/) reach package code through `@gsr/<name>` too.
// - Nothing under packages/ or services/ imports from scripts/ or test/.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const manifests = new Map()

/** The workspace package a file belongs to ({ dir, name, deps, devDeps }), or undefined for root files. */
function packageOf(file) {
  const rel = relative(root, file).split(sep)
  if (rel.length < 3 || (rel[0] !== 'packages' && rel[0] !== 'services')) return undefined
  const dir = join(root, rel[0], rel[1])
  if (!manifests.has(dir)) {
    const path = join(dir, 'package.json')
    const json = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {}
    manifests.set(dir, {
      dir,
      name: json.name,
      deps: new Set(Object.keys(json.dependencies ?? {})),
      devDeps: new Set(Object.keys(json.devDependencies ?? {})),
    })
  }
  return manifests.get(dir)
}

const isTestCode = (file) => /\.spec\.ts$/.test(file) || file.split(sep).includes('testing')
const inside = (dir, path) => path === dir || path.startsWith(dir + sep)

export const packageBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'imports across workspace packages go through declared @gsr/* packages' },
    schema: [],
  },
  create(context) {
    const file = context.filename
    const own = packageOf(file)
    function check(node, source) {
      if (typeof source !== 'string') return
      const workspace = /^@gsr\/([a-z-]+)/.exec(source)
      if (workspace && own) {
        const name = `@gsr/${workspace[1]}`
        if (name === own.name) return
        const declared = own.deps.has(name) || (isTestCode(file) && own.devDeps.has(name))
        if (!declared) {
          const where = isTestCode(file) ? 'dependencies or devDependencies' : 'dependencies'
          context.report({ node, message: `${name} is not declared in ${own.name}'s package.json ${where}` })
        }
        return
      }
      if (!source.startsWith('.')) return
      const target = resolve(dirname(file), source)
      if (own && (inside(join(root, 'scripts'), target) || inside(join(root, 'test'), target))) {
        context.report({ node, message: `'${source}': packages and services never import from scripts/ or test/` })
      } else if (own && !inside(own.dir, target)) {
        context.report({ node, message: `'${source}' leaves ${own.name}: import the other package by its name` })
      } else if (!own && (inside(join(root, 'packages'), target) || inside(join(root, 'services'), target))) {
        context.report({ node, message: `'${source}' reaches into a workspace package: import it by its name` })
      }
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source.value : undefined),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
    }
  },
}
