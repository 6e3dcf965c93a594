import type { FastifyRequest } from 'fastify'
import { sql as raw, type Kysely } from 'kysely'
import { regionPrefix } from '@gsr/events'
import type { ReadScope } from '@gsr/domain'
import {
  listScope,
  notFound,
  organisationInScope,
  requireOrganisationFilter,
  type OperatesInRegion,
  type Organisation,
  type ServiceContext,
} from '@gsr/http-kit'
import { organisationsOperatingIn, type EnforcementTables } from '@gsr/read-models/enforcement'

/**
 * What the enforcement records say of an organisation in the team's region (the shared rule,
 * @gsr/http-kit's organisationInScope, does the rest): owning equipment, pipelines or cylinders
 * installed there, or with violations recorded there.
 */
export function operatesInTeamRegion(
  request: FastifyRequest,
  ctx: ServiceContext,
  db: Kysely<EnforcementTables>,
): OperatesInRegion {
  const prefix = regionPrefix(request.principal.region)
  return async (organisation) => {
    if ((await organisationsOperatingIn(ctx.sql, prefix, { organisationId: organisation.id })).length > 0) return true
    const violation = await db
      .selectFrom('enf_violations')
      .select(raw<number>`1`.as('one'))
      .where('organisation_id', '=', organisation.id)
      .where('region', 'like', `${prefix}%`)
      .limit(1)
      .executeTakeFirst()
    return violation !== undefined
  }
}

/**
 * Out-of-scope reads on enforcement routes: a record named in the path (an organisation, a
 * violation) outside the team's scope answers 404, exactly as one that does not exist, so
 * existence does not leak; a query parameter asking beyond the scope (`region=`,
 * `organisationId=`) is refused with 403, whether or not what it names exists.
 */
export async function organisationInPath(
  request: FastifyRequest,
  ctx: ServiceContext,
  db: Kysely<EnforcementTables>,
  organisationId: string,
): Promise<Organisation> {
  const organisation = await organisationInScope(
    request.principal,
    ctx.sql,
    organisationId,
    operatesInTeamRegion(request, ctx, db),
  )
  if (!organisation) throw notFound()
  return organisation
}

/**
 * The scope of a workflow list (orders, cases, inspections): an enforcement team its region
 * (narrowed to `region`), with `organisationId` refused (403) outside its scope; administrators
 * all; any other organisation, inspection agencies included, only the records naming it.
 */
export async function workflowListScope(
  request: FastifyRequest,
  ctx: ServiceContext,
  db: Kysely<EnforcementTables>,
  q: { readonly region?: string | undefined; readonly organisationId?: string | undefined },
): Promise<ReadScope> {
  const scope = listScope(request.principal, q.region, { agenciesByRegion: false })
  if (request.principal.organisationKind === 'enforcement')
    await requireOrganisationFilter(request, ctx.sql, q.organisationId, operatesInTeamRegion(request, ctx, db))
  return scope
}
