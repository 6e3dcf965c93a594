import { actsInRegion, type Actor } from '../Actor.ts'

/**
 * How much of a person's certificate record a caller may read (personal data: name,
 * certificate numbers). `full`: the employer named on a certificate, the authority that issued
 * one, enforcement of a certificate's region (and above), administrators. `validity`: filling
 * stations, which must check an operator before a fill: valid or not, nothing personal.
 * `none`: everyone else (the person does not exist for them).
 */
export type OperatorDataAccess = 'full' | 'validity' | 'none'

export function operatorDataAccess(
  actor: Actor,
  certificates: readonly {
    readonly employerOrganisationId: string | null
    readonly issuedBy: string
    readonly regionCode: string
  }[],
): OperatorDataAccess {
  if (actor.organisationKind === 'administrator') return 'full'
  for (const c of certificates) {
    if (c.employerOrganisationId === actor.organisationId || c.issuedBy === actor.organisationId) return 'full'
    if (actor.organisationKind === 'enforcement' && actsInRegion(actor, c.regionCode)) return 'full'
  }
  return actor.organisationKind === 'filling_station' ? 'validity' : 'none'
}
