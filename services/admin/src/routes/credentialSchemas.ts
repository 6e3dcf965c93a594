import { z } from 'zod'
import type { CredentialInfo } from '@gsr/http-kit'

export const CredentialIdParam = z.strictObject({ credentialId: z.string().min(1).max(64) })

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

export const credentialJson = (c: CredentialInfo) => ({
  ...c,
  createdAt: c.createdAt.toISOString(),
  expiresAt: c.expiresAt && c.expiresAt.toISOString(),
  revokedAt: c.revokedAt && c.revokedAt.toISOString(),
})
