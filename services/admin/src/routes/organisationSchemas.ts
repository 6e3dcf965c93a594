import { z } from 'zod'
import { RegionCode } from '@gsr/events'
import { OrganisationKind, type Organisation as OrganisationRecord } from '@gsr/http-kit'

export const OrganisationIdParam = z.strictObject({ organisationId: z.string().min(1).max(64) })

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

export const organisationJson = (o: OrganisationRecord) => ({ ...o, createdAt: o.createdAt.toISOString() })
