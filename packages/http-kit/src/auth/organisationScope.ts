import type { FastifyRequest } from 'fastify'
import type { SqlExecutor } from '@gsr/db'
import type { Principal } from '../identity/Principal.ts'
import { getOrganisation, type Organisation } from '../identity/identityStore.ts'
import { forbidden } from '../errors/ProblemError.ts'
import { canActInRegion } from './scope.ts'

/**
 * What the asking service's own records say of an organisation in the caller's region (its
 * cylinders, equipment, pipelines, violations there): an organisation seated elsewhere is in an
 * enforcement team's scope when it operates in the team's region.
 */
export type OperatesInRegion = (organisation: Organisation) => Promise<boolean>

/**
 * The one rule for an organisation a request names, on every service: administrators see any;
 * an organisation itself; an enforcement team one seated in its region or below, or one that
 * operates there (`operatesThere`); nobody else. An organisation the directory does not hold is
 * in nobody's scope. Returns the organisation when in scope.
 */
export async function organisationInScope(
  principal: Principal,
  sql: SqlExecutor,
  organisationId: string,
  operatesThere: OperatesInRegion,
): Promise<Organisation | undefined> {
  const organisation = await getOrganisation(sql, organisationId)
  if (!organisation) return undefined
  if (organisation.id === principal.organisationId || principal.organisationKind === 'administrator')
    return organisation
  if (principal.organisationKind !== 'enforcement') return undefined
  if (canActInRegion(principal, organisation.region) || (await operatesThere(organisation))) return organisation
  return undefined
}

/**
 * `?organisationId=` on a list: refused (403) unless the organisation is in the caller's scope
 * (organisationInScope), whether or not it exists, so the refusal tells nothing of it.
 */
export async function requireOrganisationFilter(
  request: FastifyRequest,
  sql: SqlExecutor,
  organisationId: string | undefined,
  operatesThere: OperatesInRegion,
): Promise<void> {
  if (organisationId === undefined) return
  if (!(await organisationInScope(request.principal, sql, organisationId, operatesThere)))
    throw forbidden({
      en: `organisation ${organisationId} is not within your region`,
      'zh-CN': `单位 ${organisationId} 不在本辖区`,
    })
}
