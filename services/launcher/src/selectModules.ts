import { ConfigError, type ServiceModule } from '@gsr/http-kit'
import { modules as allModules } from './modules.ts'

/**
 * `SERVICES=registry,cylinders` runs only those modules in this process (scaling one service
 * out on its own, as the cluster mode does); unset or empty runs them all. An unknown name
 * stops the start with a message naming the variable.
 */
export function selectModules(
  services: string | undefined,
  available: readonly ServiceModule[] = allModules,
): readonly ServiceModule[] {
  const names = (services ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
  if (names.length === 0) return available
  const known = new Map(available.map((module) => [module.name, module]))
  const unknown = names.filter((name) => !known.has(name))
  if (unknown.length) {
    throw new ConfigError([
      {
        variable: 'SERVICES',
        message: `names unknown services: ${unknown.join(', ')} (known: ${[...known.keys()].join(', ')})`,
      },
    ])
  }
  return [...new Set(names)].map((name) => known.get(name) as ServiceModule)
}
