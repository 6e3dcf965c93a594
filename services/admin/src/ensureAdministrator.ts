import type { SqlExecutor } from '@gsr/db'
import { identity } from '@gsr/http-kit'

/**
 * Creates the first administrator organisation, an admin person in it and an API key; returns
 * the key (to print once) or undefined when an administrator organisation already exists.
 */
export async function ensureAdministrator(
  sql: SqlExecutor,
  options: { region?: string; name?: string; force?: boolean } = {},
): Promise<{ organisationId: string; memberId: string; apiKey: string } | undefined> {
  const { rows } = await sql.query(`SELECT id FROM kit_organisations WHERE kind = 'administrator' LIMIT 1`)
  if (rows.length > 0 && !options.force) return undefined
  const organisation = await identity.createOrganisation(sql, {
    kind: 'administrator',
    name: options.name ?? 'Administrators 管理员',
    region: options.region ?? '100000',
  })
  const member = await identity.createMember(sql, {
    organisationId: organisation.id,
    type: 'person',
    name: 'administrator',
    role: 'admin',
  })
  const { apiKey } = await identity.issueApiKey(sql, member.id)
  return { organisationId: organisation.id, memberId: member.id, apiKey }
}
