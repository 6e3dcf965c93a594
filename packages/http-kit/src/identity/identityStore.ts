import { randomBytes } from 'node:crypto'
import type { SqlExecutor } from '@gsr/db'
import { SignJWT, jwtVerify } from 'jose'
import { newApiKey, newCredentialId, parseApiKey, secretMatches } from './apiKey.ts'
import { forgetCredentialEverywhere, type CredentialCache } from './credentialCache.ts'
import type { MemberType, OrganisationKind, Principal, Role } from './Principal.ts'

/** Organisations, their people and machine clients, and their credentials (kit tables). */

export interface Organisation {
  id: string
  kind: OrganisationKind
  name: string
  region: string
  accreditedRegions: string[]
  createdAt: Date
  /** Directory entries (null when not given): the unified social credit code is unique. */
  uscc: string | null
  address: string | null
  legalRepresentative: string | null
  contact: string | null
  updatedAt: Date | null
}

/** What the directory says of an organisation besides its kind and region; null clears. */
export interface OrganisationDirectoryEntry {
  uscc?: string | null | undefined
  address?: string | null | undefined
  legalRepresentative?: string | null | undefined
  contact?: string | null | undefined
}

export interface Member {
  id: string
  organisationId: string
  type: MemberType
  name: string
  role: Role
  createdAt: Date
}

export interface CredentialInfo {
  id: string
  kind: 'api_key' | 'session'
  memberId: string
  createdAt: Date
  expiresAt: Date | null
  revokedAt: Date | null
  replacedBy: string | null
}

export class IdentityConflictError extends Error {
  override readonly name = 'IdentityConflictError'
  /** The field whose value is taken. */
  constructor(
    message: string,
    readonly field: 'id' | 'uscc' = 'id',
  ) {
    super(message)
  }
}

const randomId = (prefix: string) => `${prefix}${randomBytes(8).toString('hex')}`

export async function createOrganisation(
  sql: SqlExecutor,
  input: {
    id?: string | undefined
    kind: OrganisationKind
    name: string
    region: string
    accreditedRegions?: readonly string[] | undefined
  } & OrganisationDirectoryEntry,
): Promise<Organisation> {
  const id = input.id ?? randomId('org_')
  const { rows } = await uniqueUscc(
    sql.query<OrganisationRow>(
      `INSERT INTO kit_organisations (id, kind, name, region, accredited_regions, uscc, address, legal_representative, contact)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING RETURNING *`,
      [
        id,
        input.kind,
        input.name,
        input.region,
        JSON.stringify(input.accreditedRegions ?? []),
        input.uscc ?? null,
        input.address ?? null,
        input.legalRepresentative ?? null,
        input.contact ?? null,
      ],
    ),
    input.uscc,
  )
  if (!rows[0]) throw new IdentityConflictError(`organisation ${id} already exists`, 'id')
  return toOrganisation(rows[0])
}

/**
 * Changes an organisation's name and directory entries (a field left out stays, null clears
 * it); undefined when there is no such organisation. Kind and region are not changed here.
 */
export async function updateOrganisation(
  sql: SqlExecutor,
  id: string,
  patch: { name?: string | undefined } & OrganisationDirectoryEntry,
  at: Date,
): Promise<Organisation | undefined> {
  const columns = {
    name: patch.name,
    uscc: patch.uscc,
    address: patch.address,
    legal_representative: patch.legalRepresentative,
    contact: patch.contact,
  }
  const set = Object.entries(columns).filter(([, value]) => value !== undefined)
  const { rows } = await uniqueUscc(
    sql.query<OrganisationRow>(
      `UPDATE kit_organisations SET ${[...set.map(([column], i) => `${column} = $${i + 3}`), 'updated_at = $2'].join(', ')}
       WHERE id = $1 RETURNING *`,
      [id, at, ...set.map(([, value]) => value)],
    ),
    patch.uscc,
  )
  return rows[0] ? toOrganisation(rows[0]) : undefined
}

/** A unified social credit code already held by another organisation is a conflict, not a 500. */
async function uniqueUscc<T>(query: Promise<T>, uscc: string | null | undefined): Promise<T> {
  try {
    return await query
  } catch (error) {
    if ((error as { code?: unknown }).code === '23505' && String(error).includes('kit_organisations_uscc'))
      throw new IdentityConflictError(`unified social credit code ${uscc} is another organisation's`, 'uscc')
    throw error
  }
}

export async function getOrganisation(sql: SqlExecutor, id: string): Promise<Organisation | undefined> {
  const { rows } = await sql.query<OrganisationRow>('SELECT * FROM kit_organisations WHERE id = $1', [id])
  return rows[0] ? toOrganisation(rows[0]) : undefined
}

/** Cursor pagination by id: pass the last id seen as `after`. */
export async function listOrganisations(
  sql: SqlExecutor,
  options: { after?: string | undefined; limit: number; onlyId?: string | undefined },
): Promise<Organisation[]> {
  const { rows } = await sql.query<OrganisationRow>(
    `SELECT * FROM kit_organisations
     WHERE ($1::text IS NULL OR id > $1) AND ($2::text IS NULL OR id = $2)
     ORDER BY id LIMIT $3`,
    [options.after ?? null, options.onlyId ?? null, options.limit],
  )
  return rows.map(toOrganisation)
}

/**
 * The directory of a region: organisations seated in it (`regionPrefix`: the region code without
 * its trailing zeros) or among `operatingIds` (those owning records installed there), by id.
 */
export async function listOrganisationsInRegion(
  sql: SqlExecutor,
  options: {
    regionPrefix: string
    operatingIds: readonly string[]
    kind?: OrganisationKind | undefined
    after?: string | undefined
    limit: number
  },
): Promise<Organisation[]> {
  const { rows } = await sql.query<OrganisationRow>(
    `SELECT * FROM kit_organisations
     WHERE (region LIKE $1 OR id = ANY($2::text[])) AND ($3::text IS NULL OR kind = $3)
       AND ($4::text IS NULL OR id > $4)
     ORDER BY id LIMIT $5`,
    [`${options.regionPrefix}%`, options.operatingIds, options.kind ?? null, options.after ?? null, options.limit],
  )
  return rows.map(toOrganisation)
}

/** The names of the given organisations (unknown ids are left out), for replies that list ids. */
export async function organisationNames(sql: SqlExecutor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const { rows } = await sql.query<{ id: string; name: string }>(
    'SELECT id, name FROM kit_organisations WHERE id = ANY($1::text[])',
    [[...new Set(ids)]],
  )
  return new Map(rows.map((r) => [r.id, r.name]))
}

export async function createMember(
  sql: SqlExecutor,
  input: { organisationId: string; type: MemberType; name: string; role: Role },
): Promise<Member> {
  const { rows } = await sql.query<MemberRow>(
    `INSERT INTO kit_members (id, organisation_id, type, name, role) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
    [randomId('mem_'), input.organisationId, input.type, input.name, input.role],
  )
  return toMember(rows[0] as MemberRow)
}

export async function getMember(sql: SqlExecutor, id: string): Promise<Member | undefined> {
  const { rows } = await sql.query<MemberRow>('SELECT * FROM kit_members WHERE id = $1', [id])
  return rows[0] ? toMember(rows[0]) : undefined
}

export async function listMembers(
  sql: SqlExecutor,
  organisationId: string,
  options: { after?: string | undefined; limit: number },
): Promise<Member[]> {
  const { rows } = await sql.query<MemberRow>(
    `SELECT * FROM kit_members WHERE organisation_id = $1 AND ($2::text IS NULL OR id > $2) ORDER BY id LIMIT $3`,
    [organisationId, options.after ?? null, options.limit],
  )
  return rows.map(toMember)
}

/** Creates an API key for a member. The key is returned once and never stored. */
export async function issueApiKey(
  sql: SqlExecutor,
  memberId: string,
): Promise<{ credential: CredentialInfo; apiKey: string }> {
  const id = newCredentialId('k')
  const { apiKey, secretHash } = newApiKey(id)
  const { rows } = await sql.query<CredentialRow>(
    `INSERT INTO kit_credentials (id, kind, member_id, secret_hash) VALUES ($1, 'api_key', $2, $3) RETURNING *`,
    [id, memberId, secretHash],
  )
  return { credential: toCredential(rows[0] as CredentialRow), apiKey }
}

export async function getCredential(sql: SqlExecutor, id: string): Promise<CredentialInfo | undefined> {
  const { rows } = await sql.query<CredentialRow>('SELECT * FROM kit_credentials WHERE id = $1', [id])
  return rows[0] ? toCredential(rows[0]) : undefined
}

export async function listCredentials(sql: SqlExecutor, memberId: string): Promise<CredentialInfo[]> {
  const { rows } = await sql.query<CredentialRow>(
    `SELECT * FROM kit_credentials WHERE member_id = $1 AND kind = 'api_key' ORDER BY created_at, id`,
    [memberId],
  )
  return rows.map(toCredential)
}

/**
 * Revokes a credential and every token session minted with it. The credential caches of this
 * process forget them at once; other processes' caches within their time to live.
 */
export async function revokeCredential(sql: SqlExecutor, id: string, at: Date): Promise<void> {
  forgetCredentialEverywhere(id)
  await sql.query(
    `UPDATE kit_credentials SET revoked_at = $2 WHERE (id = $1 OR parent_id = $1) AND revoked_at IS NULL`,
    [id, at],
  )
  forgetCredentialEverywhere(id)
}

/** Issues a new key for the same member and revokes the old one (and its sessions). */
export async function rotateApiKey(
  sql: SqlExecutor,
  id: string,
  at: Date,
): Promise<{ credential: CredentialInfo; apiKey: string }> {
  const old = await getCredential(sql, id)
  if (!old || old.kind !== 'api_key') throw new Error(`no api key ${id}`)
  const issued = await issueApiKey(sql, old.memberId)
  await revokeCredential(sql, id, at)
  await sql.query('UPDATE kit_credentials SET replaced_by = $2 WHERE id = $1', [id, issued.credential.id])
  return issued
}

/**
 * The principal behind an API key, or undefined for an unknown, wrong or revoked key. With a
 * cache, the credential's row may come from it; the secret is checked on every call.
 */
export async function authenticateApiKey(
  sql: SqlExecutor,
  apiKey: string,
  now: Date,
  cache?: CredentialCache<PrincipalRow>,
): Promise<Principal | undefined> {
  const parsed = parseApiKey(apiKey)
  if (!parsed) return undefined
  const row = await loadPrincipalRow(sql, parsed.credentialId, cache)
  if (!row || row.kind !== 'api_key' || !row.secret_hash) return undefined
  if (!secretMatches(parsed.secret, row.secret_hash)) return undefined
  return usable(row, now) ? toPrincipal(row) : undefined
}

const issuer = 'gsr'
const audience = 'gsr-api'
const keyOf = (secret: string) => new TextEncoder().encode(secret)

/**
 * Mints a short-lived bearer token (HS256 JWT) for a person, backed by a session row so it
 * can be revoked before it expires; revoking the key it was minted with revokes it too.
 */
export async function issueToken(
  sql: SqlExecutor,
  input: { principal: Principal; secret: string; ttlSeconds: number; now: Date },
): Promise<{ token: string; expiresAt: Date; sessionId: string }> {
  const sessionId = newCredentialId('s')
  const issuedAt = Math.floor(input.now.getTime() / 1000)
  const expiresAt = new Date((issuedAt + input.ttlSeconds) * 1000)
  await sql.query(
    `INSERT INTO kit_credentials (id, kind, member_id, parent_id, expires_at) VALUES ($1, 'session', $2, $3, $4)`,
    [sessionId, input.principal.userId, input.principal.credentialId, expiresAt],
  )
  const token = await new SignJWT({ org: input.principal.organisationId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(issuer)
    .setAudience(audience)
    .setSubject(input.principal.userId)
    .setJti(sessionId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + input.ttlSeconds)
    .sign(keyOf(input.secret))
  return { token, expiresAt, sessionId }
}

/**
 * The principal behind a bearer token, or undefined if forged, expired or revoked. With a
 * cache, the session's row may come from it; signature and claims are checked on every call.
 */
export async function authenticateToken(
  sql: SqlExecutor,
  token: string,
  secret: string,
  now: Date,
  cache?: CredentialCache<PrincipalRow>,
): Promise<Principal | undefined> {
  let claims
  try {
    ;({ payload: claims } = await jwtVerify(token, keyOf(secret), {
      issuer,
      audience,
      algorithms: ['HS256'],
      currentDate: now,
      requiredClaims: ['jti', 'sub', 'exp'],
    }))
  } catch {
    return undefined
  }
  const row = await loadPrincipalRow(sql, claims.jti as string, cache)
  if (!row || row.kind !== 'session' || row.member_id !== claims.sub) return undefined
  return usable(row, now) ? toPrincipal(row) : undefined
}

export interface PrincipalRow {
  id: string
  parent_id: string | null
  kind: string
  secret_hash: string | null
  expires_at: Date | null
  revoked_at: Date | null
  parent_revoked_at: Date | null
  member_id: string
  member_type: MemberType
  role: Role
  organisation_id: string
  organisation_kind: OrganisationKind
  region: string
  accredited_regions: string[]
}

async function loadPrincipalRow(
  sql: SqlExecutor,
  credentialId: string,
  cache?: CredentialCache<PrincipalRow>,
): Promise<PrincipalRow | undefined> {
  const cached = cache?.get(credentialId)
  if (cached) return cached
  const generation = cache?.currentGeneration ?? 0
  const { rows } = await sql.query<PrincipalRow>(
    `SELECT c.id, c.parent_id, c.kind, c.secret_hash, c.expires_at, c.revoked_at, p.revoked_at AS parent_revoked_at,
            m.id AS member_id, m.type AS member_type, m.role,
            o.id AS organisation_id, o.kind AS organisation_kind, o.region, o.accredited_regions
     FROM kit_credentials c
     JOIN kit_members m ON m.id = c.member_id
     JOIN kit_organisations o ON o.id = m.organisation_id
     LEFT JOIN kit_credentials p ON p.id = c.parent_id
     WHERE c.id = $1`,
    [credentialId],
  )
  const row = rows[0]
  if (row && cache) cache.set(row, generation)
  return row
}

function usable(row: PrincipalRow, now: Date): boolean {
  if (row.revoked_at && row.revoked_at <= now) return false
  if (row.parent_revoked_at && row.parent_revoked_at <= now) return false
  if (row.expires_at && row.expires_at <= now) return false
  return true
}

function toPrincipal(row: PrincipalRow): Principal {
  return {
    organisationId: row.organisation_id,
    organisationKind: row.organisation_kind,
    region: row.region,
    accreditedRegions: row.accredited_regions,
    role: row.role,
    memberType: row.member_type,
    userId: row.member_id,
    credentialId: row.id,
  }
}

interface OrganisationRow {
  id: string
  kind: OrganisationKind
  name: string
  region: string
  accredited_regions: string[]
  created_at: Date
  uscc: string | null
  address: string | null
  legal_representative: string | null
  contact: string | null
  updated_at: Date | null
}
const toOrganisation = (r: OrganisationRow): Organisation => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  region: r.region,
  accreditedRegions: r.accredited_regions,
  createdAt: r.created_at,
  uscc: r.uscc,
  address: r.address,
  legalRepresentative: r.legal_representative,
  contact: r.contact,
  updatedAt: r.updated_at,
})

interface MemberRow {
  id: string
  organisation_id: string
  type: MemberType
  name: string
  role: Role
  created_at: Date
}
const toMember = (r: MemberRow): Member => ({
  id: r.id,
  organisationId: r.organisation_id,
  type: r.type,
  name: r.name,
  role: r.role,
  createdAt: r.created_at,
})

interface CredentialRow {
  id: string
  kind: 'api_key' | 'session'
  member_id: string
  created_at: Date
  expires_at: Date | null
  revoked_at: Date | null
  replaced_by: string | null
}
const toCredential = (r: CredentialRow): CredentialInfo => ({
  id: r.id,
  kind: r.kind,
  memberId: r.member_id,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  replacedBy: r.replaced_by,
})
