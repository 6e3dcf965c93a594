import { regionContains } from '@gsr/events'
import { DomainError } from './Decider.ts'

/**
 * Who asserts a command: the deciders decide who may assert what from this, never the route
 * alone. The fields are those of the HTTP kit's `Principal`, so a request's principal is an
 * actor as it is; a script or import builds one for the organisation it acts for.
 */
export interface Actor {
  readonly organisationId: string
  readonly organisationKind: string
  /**
   * The organisation's region (GB/T 2260). For an authority, its scope (this region and below);
   * for others, only their seat: records stand where they are installed, wherever the owner sits.
   */
  readonly region: string
  /** Inspection agencies: the regions they may record results in. */
  readonly accreditedRegions: readonly string[]
  readonly role?: string
}

/** Kinds of organisation that may hold and use special equipment (使用单位). */
export const equipmentUsingKinds: readonly string[] = ['equipment_user']

/** Administrators and enforcement teams: the authorities of the system. */
export const authorityKinds: readonly string[] = ['administrator', 'enforcement']

/** Does the actor's scope cover a record in this region? (Agencies: their accredited regions.) */
export function actsInRegion(actor: Actor, region: string): boolean {
  switch (actor.organisationKind) {
    case 'administrator':
      return true
    case 'inspection_agency':
      return actor.accreditedRegions.some((accredited) => regionContains(accredited, region))
    default:
      return regionContains(actor.region, region)
  }
}

/** Refuses a command on a record outside the actor's region: the record's region, never the body's. */
export function assertActsInRegion(actor: Actor, region: string, field = 'region'): void {
  if (!actsInRegion(actor, region)) {
    throw new DomainError(
      'outside-your-region',
      { en: `the record is in region ${region}, outside yours`, 'zh-CN': `该记录属于地区 ${region}，超出您的辖区` },
      [field],
    )
  }
}

/** Refuses a command from a kind of organisation that may not assert it. */
export function assertKind(actor: Actor, kinds: readonly string[]): void {
  if (!kinds.includes(actor.organisationKind)) {
    throw new DomainError(
      'not-allowed-for-kind',
      {
        en: `a ${actor.organisationKind} may not assert this`,
        'zh-CN': `${actor.organisationKind} 类单位无权提交此项`,
      },
      [],
    )
  }
}

/** An actor for an organisation (scripts, imports, specs); agencies give their accredited regions. */
export function organisationActor(
  organisationId: string,
  organisationKind: string,
  region: string,
  accreditedRegions: readonly string[] = [],
): Actor {
  return { organisationId, organisationKind, region, accreditedRegions }
}
