import { regionContains } from '@gsr/events'
import { canActInRegion, forbidden, type Principal } from '@gsr/http-kit'

/**
 * Who reads what in the registry: a user organisation (or installer) its own records;
 * enforcement its region and below; an inspection agency its accredited regions; an
 * administrator everything.
 */
export interface ListScope {
  readonly organisationId?: string
  readonly regions?: readonly string[]
}

export function listScope(principal: Principal, requestedRegion?: string): ListScope {
  switch (principal.organisationKind) {
    case 'administrator':
      return requestedRegion ? { regions: [requestedRegion] } : {}
    case 'enforcement':
    case 'inspection_agency': {
      const allowed = principal.organisationKind === 'enforcement' ? [principal.region] : principal.accreditedRegions
      if (!requestedRegion) return { regions: allowed }
      if (!allowed.some((r) => regionContains(r, requestedRegion))) {
        throw forbidden({
          en: `outside your scope: region ${requestedRegion}`,
          'zh-CN': `超出您的权限范围：${requestedRegion}`,
        })
      }
      return { regions: [requestedRegion] }
    }
    default:
      return requestedRegion
        ? { organisationId: principal.organisationId, regions: [requestedRegion] }
        : { organisationId: principal.organisationId }
  }
}

/** May this caller read a record owned by these organisations, in this region? */
export function canRead(
  principal: Principal,
  record: { region: string; organisationIds: readonly (string | null)[] },
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
