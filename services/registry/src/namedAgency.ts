import type { NamedAgency } from '@gsr/domain/equipment'
import { identity, type ServiceContext } from '@gsr/http-kit'

/** The organisation a declaration names as its agency, for the decider to judge (undefined: none). */
export async function namedAgency(ctx: ServiceContext, agencyId: string | undefined): Promise<NamedAgency | undefined> {
  if (agencyId === undefined) return undefined
  const found = await identity.getOrganisation(ctx.sql, agencyId)
  return found && { organisationId: found.id, organisationKind: found.kind, accreditedRegions: found.accreditedRegions }
}
