import { z } from 'zod'
import { chinaTimestamp } from '@gsr/domain'
import { RegionCode } from '@gsr/events'
import { OrganisationKind, type Organisation as OrganisationRecord } from '@gsr/http-kit'

/** The directory entries (统一社会信用代码, address, legal representative, contact). */
const directoryFields = {
  uscc: z
    .string()
    .max(18)
    .describe('unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters, check character verified'),
  address: z.string().min(1).max(300).describe('registered address (住所)'),
  legalRepresentative: z.string().min(1).max(100).describe('legal representative (法定代表人)'),
  contact: z.string().min(1).max(200).describe('contact person and telephone (联系人及电话)'),
}

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
    uscc: directoryFields.uscc.optional(),
    address: directoryFields.address.optional(),
    legalRepresentative: directoryFields.legalRepresentative.optional(),
    contact: directoryFields.contact.optional(),
  })
  .meta({
    examples: [
      {
        id: 'station-hz-1',
        kind: 'filling_station',
        name: '杭州某燃气充装站',
        region: '330106',
        uscc: '91330100716105852F',
        address: '杭州市西湖区某路1号',
        legalRepresentative: '张三',
        contact: '李四 0571-88880000',
      },
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
    uscc: z.string().nullable(),
    address: z.string().nullable(),
    legalRepresentative: z.string().nullable(),
    contact: z.string().nullable(),
    createdAt: z.iso.datetime({ offset: true }).describe('China time (+08:00)'),
    updatedAt: z.iso.datetime({ offset: true }).nullable(),
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
        uscc: '91330100716105852F',
        address: '杭州市西湖区某路1号',
        legalRepresentative: '张三',
        contact: '李四 0571-88880000',
        createdAt: '2026-03-01T16:00:00.000+08:00',
        updatedAt: null,
      },
    ],
  })

/** Name and directory entries to change: a field left out stays, null clears it (not the name). */
export const UpdateOrganisation = z
  .strictObject({
    name: z.string().min(1).max(200).optional(),
    uscc: directoryFields.uscc.nullable().optional(),
    address: directoryFields.address.nullable().optional(),
    legalRepresentative: directoryFields.legalRepresentative.nullable().optional(),
    contact: directoryFields.contact.nullable().optional(),
  })
  .meta({ examples: [{ uscc: '91330100716105852F', address: '杭州市西湖区某路2号', contact: null }] })

export const organisationJson = (o: OrganisationRecord) => ({
  ...o,
  createdAt: chinaTimestamp(o.createdAt),
  updatedAt: o.updatedAt ? chinaTimestamp(o.updatedAt) : null,
})
