import type { Kysely } from 'kysely'
import { findingCategory } from '@gsr/domain/enforcement'
import { findingStreamName, parseEquipmentEvent } from '@gsr/events/equipment'
import type { ServiceContext } from '@gsr/http-kit'
import { getViolation, type EnforcementTables } from '@gsr/read-models/enforcement'

/** What a violation or a field finding says of the problem: its category and whom it concerns. */
export interface NamedProblem {
  readonly category: string
  /** The organisation responsible; undefined for a finding that names none. */
  readonly organisationId: string | undefined
}

/**
 * A violation (by its id) or a field finding (by its id) named by a write (an order's problems, a
 * case's sources), when it exists and its region is `visible` to the caller; undefined otherwise,
 * so one the team cannot see is answered exactly as one that does not exist.
 */
export async function namedProblem(
  ctx: ServiceContext,
  db: Kysely<EnforcementTables>,
  named: { readonly source: 'violation' | 'finding'; readonly id: string },
  visible: (region: string) => boolean,
): Promise<NamedProblem | undefined> {
  if (named.source === 'violation') {
    const violation = await getViolation(db, named.id)
    return violation && visible(violation.region)
      ? { category: violation.category, organisationId: violation.organisation_id }
      : undefined
  }
  const [first] = await ctx.eventStore.readStream(findingStreamName(named.id))
  const event = first && parseEquipmentEvent(first)
  const category = event && findingCategory[event.type]
  if (!event || !category || !('region' in event.data) || !visible(event.data.region)) return undefined
  const data = event.data as { usingOrganisationId?: string; organisationId?: string }
  return { category, organisationId: data.usingOrganisationId ?? data.organisationId }
}
