import { z } from 'zod'
import { MemberType, Role, type Member as MemberRecord } from '@gsr/http-kit'

export const MemberIdParam = z.strictObject({ memberId: z.string().min(1).max(64) })

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

export const memberJson = (m: MemberRecord) => ({ ...m, createdAt: m.createdAt.toISOString() })
