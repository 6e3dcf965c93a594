import { kitProblems } from '../errors/problemCatalogue.ts'

type Json = Record<string, unknown>

/**
 * Error replies are application/problem+json (RFC 9457); the zod transform documents every
 * response as application/json. Rewrites the ones that reference the Problem schema, and
 * names each by its status instead of "Default Response".
 */
export function problemContentTypes<T>(document: T): T {
  const paths = (document as Json).paths as Record<string, Record<string, Json>> | undefined
  for (const operations of Object.values(paths ?? {})) {
    for (const operation of Object.values(operations)) {
      const responses = operation.responses as Record<string, Json> | undefined
      for (const [status, response] of Object.entries(responses ?? {})) {
        const content = response.content as Record<string, { schema?: Json }> | undefined
        const json = content?.['application/json']
        const isProblem = json?.schema?.$ref === '#/components/schemas/Problem'
        if (!content || !json || !isProblem) continue
        delete content['application/json']
        content['application/problem+json'] = json
        const known = Object.values(kitProblems).find((p) => String(p.status) === status)
        if (known && response.description === 'Default Response') response.description = known.title.en
      }
    }
  }
  return document
}
