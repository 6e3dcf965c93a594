import { z } from 'zod'
import { MemberType, OrganisationKind, Role } from '@gsr/http-kit'

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
