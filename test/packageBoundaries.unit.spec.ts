import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { ESLint } from 'eslint'

/** The lint rule gsr/package-boundaries (eslint/packageBoundaries.js), on files at real paths. */
const root = fileURLToPath(new URL('..', import.meta.url))
const eslint = new ESLint({ cwd: root })

async function messages(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) })
  return (result?.messages ?? []).filter((m) => m.ruleId === 'gsr/package-boundaries').map((m) => m.message)
}

t.test('a workspace import must be declared in the package.json', async (t) => {
  t.same(await messages('packages/events/src/x.ts', "import { Decider } from '@gsr/domain'\nexport { Decider }\n"), [
    "@gsr/domain is not declared in @gsr/events's package.json dependencies",
  ])
  t.same(await messages('packages/domain/src/x.ts', "export { RegionCode } from '@gsr/events'\n"), [])
})

t.test('a devDependency serves specs and testing/ folders only', async (t) => {
  const code = "import { generateCity } from '@gsr/demo-city'\nexport { generateCity }\n"
  t.same(await messages('packages/read-models/src/enforcement/x.unit.spec.ts', code), [])
  t.same(await messages('packages/read-models/src/enforcement/testing/x.ts', code), [])
  t.same(await messages('packages/read-models/src/enforcement/x.ts', code), [
    "@gsr/demo-city is not declared in @gsr/read-models's package.json dependencies",
  ])
})

t.test('no relative import leaves a package, and none reaches scripts/ or test/', async (t) => {
  t.same(await messages('services/registry/src/x.ts', "export { x } from '../../../packages/db/src/SqlClient.ts'\n"), [
    "'../../../packages/db/src/SqlClient.ts' leaves @gsr/registry-service: import the other package by its name",
  ])
  t.same(await messages('services/launcher/src/x.ts', "export { x } from '../../../scripts/generate-city.ts'\n"), [
    "'../../../scripts/generate-city.ts': packages and services never import from scripts/ or test/",
  ])
  t.same(await messages('scripts/x.ts', "export { x } from '../services/registry/src/index.ts'\n"), [
    "'../services/registry/src/index.ts' reaches into a workspace package: import it by its name",
  ])
  t.same(await messages('scripts/bench/x.ts', "export { x } from '../generate-city.ts'\n"), [])
})
