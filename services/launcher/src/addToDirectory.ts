import type { SqlClient } from '@gsr/db'
import { identity, type OrganisationKind } from '@gsr/http-kit'

/** Adds the organisations the directory lacks (by id); returns how many were added. */
export async function addToDirectory(
  sql: SqlClient,
  organisations: readonly { id: string; kind: OrganisationKind; region: string; name: string }[],
): Promise<number> {
  let added = 0
  for (const organisation of organisations) {
    if (await identity.getOrganisation(sql, organisation.id)) continue
    await identity.createOrganisation(sql, organisation)
    added++
  }
  return added
}
