import { z } from 'zod'
import { RegionCode } from '@gsr/events'
import { MemberType, OrganisationKind, Role } from '@gsr/http-kit'

export const OrganisationIdParam = z.strictObject({ organisationId: z.string().min(1).max(64) })
export const MemberIdParam = z.strictObject({ memberId: z.string().min(1).max(64) })
export const CredentialIdParam = z.strictObject({ credentialId: z.string().min(1).max(64) })

export const CreateOrganisation = z
  .strictObject({
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, _ . - (at most 64)')
      .optional()
      .describe('your own id for it, e.g. the unified social credit code; generated when omitted'),
    kind: OrganisationKind,
    name: z.string().min(1).max(200),
    region: RegionCode,
    accreditedRegions: z.array(RegionCode).max(100).optional().describe('inspection agencies: accredited regions'),
  })
  .meta({
    examples: [
      { id: '91330106MA2XXXXX1', kind: 'filling_station', name: '杭州某燃气充装站', region: '330106' },
      {
        kind: 'inspection_agency',
        name: '浙江省特种设备科学研究院',
        region: '330000',
        accreditedRegions: ['330100', '330200'],
      },
    ],
  })

export const Organisation = z
  .object({
    id: z.string(),
    kind: OrganisationKind,
    name: z.string(),
    region: z.string(),
    accreditedRegions: z.array(z.string()),
    createdAt: z.iso.datetime(),
  })
  .meta({
    id: 'Organisation',
    examples: [
      {
        id: 'station-hz-1',
        kind: 'filling_station',
        name: '杭州某燃气充装站',
        region: '330106',
        accreditedRegions: [],
        createdAt: '2026-03-01T08:00:00.000Z',
      },
    ],
  })

export const CreateMember = z
  .strictObject({
    type: MemberType,
    name: z.string().min(1).max(200),
    role: Role,
  })
  .meta({
    examples: [
      { type: 'person', name: '张三', role: 'operator' },
      { type: 'client', name: 'filling terminal 3', role: 'operator' },
    ],
  })

export const Member = z
  .object({
    id: z.string(),
    organisationId: z.string(),
    type: MemberType,
    name: z.string(),
    role: Role,
    createdAt: z.iso.datetime(),
  })
  .meta({
    id: 'Member',
    examples: [
      {
        id: 'mem_5f1c2a9b0d3e4f67',
        organisationId: 'station-hz-1',
        type: 'client',
        name: 'filling terminal 3',
        role: 'operator',
        createdAt: '2026-03-01T08:00:00.000Z',
      },
    ],
  })

export const Credential = z
  .object({
    id: z.string(),
    kind: z.enum(['api_key', 'session']),
    memberId: z.string(),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
    replacedBy: z.string().nullable(),
  })
  .meta({
    id: 'Credential',
    examples: [
      {
        id: 'k3f9a0c1d2e3b4a59',
        kind: 'api_key',
        memberId: 'mem_5f1c2a9b0d3e4f67',
        createdAt: '2026-03-01T08:00:00.000Z',
        expiresAt: null,
        revokedAt: null,
        replacedBy: null,
      },
    ],
  })

export const IssuedApiKey = z
  .object({
    credential: Credential,
    apiKey: z.string().describe('shown once: store it now, it cannot be read again'),
  })
  .meta({ id: 'IssuedApiKey' })

export const IssuedToken = z
  .object({
    token: z.string().describe('send as `Authorization: Bearer <token>`'),
    tokenType: z.literal('Bearer'),
    expiresAt: z.iso.datetime(),
  })
  .meta({
    id: 'IssuedToken',
    examples: [{ token: 'eyJhbGciOiJIUzI1NiJ9...', tokenType: 'Bearer', expiresAt: '2026-03-01T08:15:00.000Z' }],
  })

export const Me = z.object({
  organisationId: z.string(),
  organisationKind: OrganisationKind,
  region: z.string(),
  accreditedRegions: z.array(z.string()),
  role: Role,
  memberType: MemberType,
  userId: z.string(),
  credentialId: z.string(),
})
