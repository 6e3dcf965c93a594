/**
 * A cylinder's register entries as dated facts (from its stream), and its state on a given
 * field day: what the station should have known when it filled it. Days are YYYY-MM-DD.
 */
export type CylinderFact =
  | {
      readonly kind: 'registered'
      readonly eventId: string
      readonly on: string
      readonly ownerOrganisationId: string
      readonly refurbished: boolean
      readonly nextInspectionDate: string
      readonly designLifeEndDate: string
    }
  | {
      readonly kind: 'entrusted'
      readonly eventId: string
      readonly stationId: string
      readonly from: string
      readonly until?: string
    }
  | { readonly kind: 'entrustment_ended'; readonly eventId: string; readonly stationId: string; readonly on: string }
  | {
      readonly kind: 'inspected'
      readonly eventId: string
      readonly on: string
      readonly result: 'pass' | 'fail' | 'scrap'
      readonly nextInspectionDate?: string
      /** Set when a pass changed the end of the design life (extended once, or corrected). */
      readonly designLifeEndDate?: string
    }
  | { readonly kind: 'scrapped'; readonly eventId: string; readonly on: string }
  /** Found refurbished (翻新) by an agency or enforcement, from that field day. */
  | { readonly kind: 'marked_refurbished'; readonly eventId: string; readonly on: string }

/** A value with the event that established it: the evidence if the value makes a fill unlawful. */
interface Sourced<T> {
  readonly value: T
  readonly eventId: string
}

export interface CylinderStateAt {
  readonly registered?:
    Sourced<{ ownerOrganisationId: string; refurbished: boolean; designLifeEndDate: string }> | undefined
  readonly nextInspectionDate?: Sourced<string> | undefined
  /** The end of the design life: from the registration, or the pass that extended or corrected it. */
  readonly designLifeEndDate?: Sourced<string> | undefined
  readonly lastInspection?: Sourced<'pass' | 'fail' | 'scrap'> | undefined
  readonly scrapped?: Sourced<string> | undefined
  /** The day it was found refurbished (a marking after registration), with the marking event. */
  readonly markedRefurbished?: Sourced<string> | undefined
  /** Stations the cylinder is entrusted to on that day, with the entrustment event. */
  readonly entrustedTo: ReadonlyMap<string, string>
}

function effectiveDay(fact: CylinderFact): string {
  return fact.kind === 'entrusted' ? fact.from : fact.on
}

/**
 * Entrustments whose end, recorded after them (`facts` is in log order), falls before their first
 * day (ended on the eve, or earlier): never in force. Sorted by the day each takes effect, such an
 * end would come before the entrustment it ends and leave it in force, unlike the pre-fill check.
 */
function neverInForce(facts: readonly CylinderFact[]): ReadonlySet<CylinderFact> {
  const open = new Map<string, Extract<CylinderFact, { kind: 'entrusted' }>>()
  const never = new Set<CylinderFact>()
  for (const fact of facts) {
    if (fact.kind === 'entrusted') open.set(fact.stationId, fact)
    if (fact.kind !== 'entrustment_ended') continue
    const ended = open.get(fact.stationId)
    if (ended && fact.on < ended.from) never.add(ended)
    open.delete(fact.stationId)
  }
  return never
}

export function cylinderStateAt(facts: readonly CylinderFact[], day: string): CylinderStateAt {
  const never = neverInForce(facts)
  // Stable sort by the day each fact takes effect; equal days keep log order.
  const ordered = facts
    .filter((f) => effectiveDay(f) <= day && !never.has(f))
    .sort((a, b) => (effectiveDay(a) < effectiveDay(b) ? -1 : effectiveDay(a) > effectiveDay(b) ? 1 : 0))
  let registered: CylinderStateAt['registered']
  let nextInspectionDate: CylinderStateAt['nextInspectionDate']
  let designLifeEndDate: CylinderStateAt['designLifeEndDate']
  let lastInspection: CylinderStateAt['lastInspection']
  let scrapped: CylinderStateAt['scrapped']
  let markedRefurbished: CylinderStateAt['markedRefurbished']
  const entrustedTo = new Map<string, string>()
  for (const fact of ordered) {
    switch (fact.kind) {
      case 'registered':
        registered = {
          value: {
            ownerOrganisationId: fact.ownerOrganisationId,
            refurbished: fact.refurbished,
            designLifeEndDate: fact.designLifeEndDate,
          },
          eventId: fact.eventId,
        }
        nextInspectionDate = { value: fact.nextInspectionDate, eventId: fact.eventId }
        designLifeEndDate = { value: fact.designLifeEndDate, eventId: fact.eventId }
        break
      case 'entrusted':
        if (fact.until === undefined || day <= fact.until) entrustedTo.set(fact.stationId, fact.eventId)
        else entrustedTo.delete(fact.stationId)
        break
      case 'entrustment_ended':
        // `on` is the last day the station may fill it.
        if (fact.on < day) entrustedTo.delete(fact.stationId)
        break
      case 'inspected':
        lastInspection = { value: fact.result, eventId: fact.eventId }
        if (fact.result === 'pass' && fact.nextInspectionDate)
          nextInspectionDate = { value: fact.nextInspectionDate, eventId: fact.eventId }
        if (fact.designLifeEndDate) designLifeEndDate = { value: fact.designLifeEndDate, eventId: fact.eventId }
        if (fact.result === 'scrap') scrapped = { value: fact.on, eventId: fact.eventId }
        break
      case 'scrapped':
        scrapped ??= { value: fact.on, eventId: fact.eventId }
        break
      case 'marked_refurbished':
        markedRefurbished ??= { value: fact.on, eventId: fact.eventId }
        break
    }
  }
  return { registered, nextInspectionDate, designLifeEndDate, lastInspection, scrapped, markedRefurbished, entrustedTo }
}
