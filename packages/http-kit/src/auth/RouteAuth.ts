import type { OrganisationKind, Principal, Role } from '../identity/Principal.ts'
import type { ServiceContext } from '../ServiceModule.ts'

/**
 * Declared on every route as `config: { auth }`. Omitted means: any authenticated caller.
 * `roles` omitted means admin and operator for writes (POST/PUT/PATCH/DELETE) and every role
 * for reads, so a viewer never writes unless a route says so.
 */
export type RouteAuth =
  | 'public'
  | {
      readonly kinds?: readonly OrganisationKind[]
      readonly roles?: readonly Role[]
    }

export interface KitRouteInfo {
  readonly method: string
  readonly url: string
  readonly auth: RouteAuth | undefined
  /** The route's request schemas (zod), for the tests that derive requests from them. */
  readonly schema?: { readonly body?: unknown; readonly querystring?: unknown; readonly params?: unknown }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth
  }
  interface FastifyRequest {
    /** The authenticated caller; set on every route that is not `auth: 'public'`. */
    principal: Principal
  }
  interface FastifyInstance {
    /** The service context the app was built with. */
    kit: ServiceContext
    /** Every route registered, with its auth declaration (filled as routes are added). */
    kitRoutes: readonly KitRouteInfo[]
  }
}
