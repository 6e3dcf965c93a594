import { DomainError } from '@gsr/domain'
import { identity, type Organisation, type OrganisationKind, type ServiceContext } from '@gsr/http-kit'

/**
 * The organisation a write names in `field`, from the directory: one not registered (or not of
 * `kind`) is refused naming the field, before anything is recorded.
 */
export async function registeredOrganisation(
  ctx: ServiceContext,
  organisationId: string,
  field: string,
  kind?: OrganisationKind,
): Promise<Organisation> {
  const organisation = await identity.getOrganisation(ctx.sql, organisationId)
  if (!organisation || (kind !== undefined && organisation.kind !== kind))
    throw new DomainError(
      'organisation-not-found',
      { en: `no organisation ${organisationId}`, 'zh-CN': `单位 ${organisationId} 不存在` },
      [field],
    )
  return organisation
}
