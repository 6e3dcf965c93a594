import { z } from 'zod'

export const organisationKinds = [
  'equipment_user',
  'installer',
  'inspection_agency',
  'filling_station',
  'certification_body',
  'manufacturer',
  'seller',
  'enforcement',
  'administrator',
] as const
export const OrganisationKind = z.enum(organisationKinds).describe('organisation kind (单位类型)')
export type OrganisationKind = z.infer<typeof OrganisationKind>

/** admin manages its organisation's people and keys; operator acts; viewer only reads. */
export const roles = ['admin', 'operator', 'viewer'] as const
export const Role = z.enum(roles).describe('role within the organisation (角色)')
export type Role = z.infer<typeof Role>

export const MemberType = z
  .enum(['person', 'client'])
  .describe('a person, or a machine client (e.g. a filling terminal)')
export type MemberType = z.infer<typeof MemberType>

/** Who is calling: set on every authenticated request as `request.principal`. */
export interface Principal {
  readonly organisationId: string
  readonly organisationKind: OrganisationKind
  readonly region: string
  /** Inspection agencies: the regions they may record results in. */
  readonly accreditedRegions: readonly string[]
  readonly role: Role
  readonly memberType: MemberType
  /** The person or client acting (the member id). */
  readonly userId: string
  readonly credentialId: string
}
