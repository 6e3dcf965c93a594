import t from 'tap'
import { modules } from './modules.ts'

t.test('every module names its problem types alike: kebab-case, unique across modules', async (t) => {
  const owners = new Map<string, string>()
  for (const module of modules) {
    for (const code of Object.keys(module.problems ?? {})) {
      t.match(code, /^[a-z]+(-[a-z0-9]+)*$/, `${module.name}: ${code} is kebab-case`)
      t.notOk(owners.has(code), `${code} is defined once (${module.name}, ${owners.get(code) ?? 'no other'})`)
      owners.set(code, module.name)
    }
  }
  t.ok(owners.size > 20, `${owners.size} problem types`)
})
