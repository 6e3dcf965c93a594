import { regionContains } from '@gsr/events'

/**
 * What a caller may read in a list, for both wings' queries: no field is everything (an
 * administrator); `organisationId`, only records naming that organisation (owner, registering
 * station, entrusted station, employer...: each query says which columns); `regions`, only
 * records in these regions, each containing its sub-regions (enforcement, inspection agencies).
 * Both together narrow both ways. Built from the caller by the kit's `listScope`.
 */
export interface ReadScope {
  readonly organisationId?: string | undefined
  readonly regions?: readonly string[] | undefined
}

/** Does the scope cover a record in `region` naming `organisationIds`? (The list's filter, for one row.) */
export function inReadScope(
  scope: ReadScope,
  record: { readonly region: string; readonly organisationIds: readonly (string | null)[] },
): boolean {
  if (scope.organisationId !== undefined && !record.organisationIds.includes(scope.organisationId)) return false
  if (scope.regions !== undefined && !scope.regions.some((region) => regionContains(region, record.region)))
    return false
  return true
}
