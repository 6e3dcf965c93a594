import { identity, type ServiceContext } from '@gsr/http-kit'

/** A record read with the organisation it names (an order's, a case's party). */
export interface NamingOrganisation {
  readonly row: { readonly organisation_id: string }
}

/**
 * How records that carry their organisation's directory name are replied: the names of a whole
 * page in one query, each record made into its reply with them (null for one not registered).
 */
export function withOrganisationNames<View extends NamingOrganisation, Item>(
  ctx: ServiceContext,
  toItem: (view: View, names: ReadonlyMap<string, string>) => Item,
): (views: readonly View[]) => Promise<Item[]> {
  return async (views) => {
    const names = await identity.organisationNames(ctx.sql, [...new Set(views.map((v) => v.row.organisation_id))])
    return views.map((v) => toItem(v, names))
  }
}
