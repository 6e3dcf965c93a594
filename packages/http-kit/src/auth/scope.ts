import type { FastifyRequest } from 'fastify'
import { regionContains, regionPrefix } from '@gsr/events'
import type { ReadScope } from '@gsr/domain'
import type { Principal } from '../identity/Principal.ts'
import { forbidden, notFound } from '../errors/ProblemError.ts'
import './RouteAuth.ts'

export interface ScopeOptions {
  /** Answer 404 instead of 403 where the record's existence must not leak. */
  readonly hide?: boolean
  /** Let administrator organisations through (admin tooling only). */
  readonly allowAdministrator?: boolean
}

const refuse = (options: ScopeOptions, what: string) =>
  options.hide ? notFound() : forbidden({ en: `outside your scope: ${what}`, 'zh-CN': `超出您的权限范围：${what}` })

/** An organisation reads and writes only its own records. */
export function requireOwnOrganisation(request: FastifyRequest, organisationId: string, options: ScopeOptions = {}) {
  const p = request.principal
  if (p.organisationId === organisationId) return
  if (options.allowAdministrator && p.organisationKind === 'administrator') return
  throw refuse(options, `organisation ${organisationId}`)
}

/**
 * Region scope: an enforcement team reads its region and everything below it; an inspection
 * agency acts in its accredited regions (and below); an administrator everywhere; any other
 * organisation only in its own region (and below).
 */
export function canActInRegion(principal: Principal, region: string): boolean {
  switch (principal.organisationKind) {
    case 'administrator':
      return true
    case 'inspection_agency':
      return principal.accreditedRegions.some((accredited) => regionContains(accredited, region))
    default:
      return regionContains(principal.region, region)
  }
}

export function requireRegion(request: FastifyRequest, region: string, options: ScopeOptions = {}) {
  if (!canActInRegion(request.principal, region)) throw refuse(options, `region ${region}`)
}

/**
 * For list queries: the region-code prefixes the caller may see (`WHERE region LIKE p || '%'`
 * for any p); an empty string means everything.
 */
export function regionPrefixes(principal: Principal): string[] {
  if (principal.organisationKind === 'administrator') return ['']
  if (principal.organisationKind === 'inspection_agency') return principal.accreditedRegions.map(regionPrefix)
  return [regionPrefix(principal.region)]
}

/**
 * The `ReadScope` (@gsr/domain) of a caller's list query, narrowed to `requestedRegion` if
 * asked: an administrator everything; enforcement its region and below; an inspection agency its
 * accredited regions (or, with `agenciesByRegion: false`, its own records, for registers that
 * are not theirs to browse); any other organisation its own records. A requested region outside
 * the caller's is a 403.
 */
export function listScope(
  principal: Principal,
  requestedRegion?: string,
  options: { readonly agenciesByRegion?: boolean } = {},
): ReadScope {
  const kind = principal.organisationKind
  if (kind === 'administrator') return requestedRegion ? { regions: [requestedRegion] } : {}
  if (kind === 'enforcement' || (kind === 'inspection_agency' && options.agenciesByRegion !== false)) {
    const allowed = kind === 'enforcement' ? [principal.region] : principal.accreditedRegions
    if (!requestedRegion) return { regions: allowed }
    if (!allowed.some((r) => regionContains(r, requestedRegion))) throw refuse({}, `region ${requestedRegion}`)
    return { regions: [requestedRegion] }
  }
  return requestedRegion
    ? { organisationId: principal.organisationId, regions: [requestedRegion] }
    : { organisationId: principal.organisationId }
}

/**
 * May this caller read one record owned by (or naming) these organisations, in this region?
 * Authorities and agencies by region (`canActInRegion`), any other organisation when named.
 */
export function canRead(
  principal: Principal,
  record: { readonly region: string; readonly organisationIds: readonly (string | null)[] },
): boolean {
  switch (principal.organisationKind) {
    case 'administrator':
    case 'enforcement':
    case 'inspection_agency':
      return canActInRegion(principal, record.region)
    default:
      return record.organisationIds.includes(principal.organisationId)
  }
}
