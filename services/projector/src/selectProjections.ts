import type { Projection } from '@gsr/projections'

/** The named subset of `all` (every one when `names` is omitted); unknown names are an error. */
export function selectProjections(all: readonly Projection[], names?: readonly string[]): Projection[] {
  const byName = new Map<string, Projection>()
  for (const projection of all) {
    if (byName.has(projection.name)) throw new Error(`two projections are named ${projection.name}`)
    byName.set(projection.name, projection)
  }
  if (!names) return [...all]
  return names.map((name) => {
    const projection = byName.get(name)
    if (!projection) throw new Error(`unknown projection ${name}; known: ${[...byName.keys()].join(', ') || '(none)'}`)
    return projection
  })
}
