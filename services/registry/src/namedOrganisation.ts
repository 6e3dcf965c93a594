import type { NamedAgency, NamedOrganisation } from '@gsr/domain/equipment'
import { identity, type ServiceContext } from '@gsr/http-kit'

/**
 * The organisation a command names (an owner, an installer, a recipient, an agency), as the
 * identity tables know it, for the decider to judge: undefined when none is named or none exists.
 */
export async function namedOrganisation(
  ctx: ServiceContext,
  organisationId: string | undefined,
): Promise<NamedAgency | undefined> {
  if (organisationId === undefined) return undefined
  const found = await identity.getOrganisation(ctx.sql, organisationId)
  return found && { organisationId: found.id, organisationKind: found.kind, accreditedRegions: found.accreditedRegions }
}

/** The organisations a pipeline command names as owner and installer. */
export async function namedParties(
  ctx: ServiceContext,
  named: { organisationId?: string | undefined; installerId?: string | undefined },
): Promise<{ owner: NamedOrganisation | undefined; installer: NamedOrganisation | undefined }> {
  return {
    owner: await namedOrganisation(ctx, named.organisationId),
    installer: await namedOrganisation(ctx, named.installerId),
  }
}
