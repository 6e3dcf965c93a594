import type { FastifyRequest } from 'fastify'
import { sql as raw, type Kysely } from 'kysely'
import { regionPrefix } from '@gsr/events'
import type { ReadScope } from '@gsr/domain'
import {
  canActInRegion,
  forbidden,
  identity,
  listScope,
  notFound,
  type Organisation,
  type ServiceContext,
} from '@gsr/http-kit'
import { organisationsOperatingIn, type EnforcementTables } from '@gsr/read-models/enforcement'

/**
 * Whether an organisation is within a team's scope: seated in the team's region, owning
 * equipment, pipelines or cylinders installed there, or with violations recorded there.
 */
async function inScope(
  request: FastifyRequest,
  ctx: ServiceContext,
  db: Kysely<EnforcementTables>,
  organisation: Organisation,
): Promise<boolean> {
  const principal = request.principal
  if (canActInRegion(principal, organisation.region)) return true
  const prefix = regionPrefix(principal.region)
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

/**
 * The one rule for out-of-scope reads on enforcement routes: a record named in the path
 * (an organisation, a violation) outside the team's scope answers 404, exactly as one that does
 * not exist, so existence does not leak; a query parameter asking beyond the scope (`region=`,
 * `organisationId=`) is refused with 403, whether or not what it names exists.
 */
export async function organisationInPath(
  request: FastifyRequest,
  ctx: ServiceContext,
  db: Kysely<EnforcementTables>,
  organisationId: string,
): Promise<Organisation> {
  const organisation = await identity.getOrganisation(ctx.sql, organisationId)
  if (!organisation || !(await inScope(request, ctx, db, organisation))) throw notFound()
  return organisation
}

/** `?organisationId=` on a list: refused (403) unless the organisation is in the team's scope. */
export async function requireOrganisationFilter(
  request: FastifyRequest,
  ctx: ServiceContext,
  db: Kysely<EnforcementTables>,
  organisationId: string | undefined,
): Promise<void> {
  if (organisationId === undefined) return
  const organisation = await identity.getOrganisation(ctx.sql, organisationId)
  if (!organisation || !(await inScope(request, ctx, db, organisation)))
    throw forbidden({
      en: `organisation ${organisationId} is not within your region`,
      'zh-CN': `单位 ${organisationId} 不在本辖区`,
    })
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
    await requireOrganisationFilter(request, ctx, db, q.organisationId)
  return scope
}
