import type { ViolationCategory, ViolationSubReason } from './violationCatalogue.ts'

/**
 * What a rule concludes from the facts: one violation, with the events that prove it.
 * `key` makes the violation's id deterministic (the same facts always give the same id),
 * so a rebuild from zero reproduces the same rows.
 */
export interface ViolationFinding {
  readonly category: ViolationCategory
  readonly subReason: ViolationSubReason
  /** Subject of the violation: a fill, a finding, equipment, a production or sale record. */
  readonly subjectKind: string
  readonly subjectId: string
  /** The organisation responsible (使用单位, 充装单位, 生产/销售单位). */
  readonly organisationId: string
  readonly region: string
  /** When it happened in the field (ISO instant or date). */
  readonly occurredAt: string
  /** Ids of the events that prove it, the triggering event first. */
  readonly evidence: readonly string[]
  readonly details?: Readonly<Record<string, unknown>>
}

/**
 * Keeps letters, digits and `_ . @ -` (the codes and ids of the catalogues) and writes any
 * other character as `~XX` per UTF-8 byte, so an id goes into a URL path as it is and two
 * subjects never share one (`~` only ever starts an escape).
 */
function urlSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9_.@-]/gu, (c) =>
    [...new TextEncoder().encode(c)].map((b) => `~${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  )
}

/** `category:subReason:subjectKind:subjectId`, deterministic and URL-safe (RFC 3986 path characters only). */
export function violationId(
  finding: Pick<ViolationFinding, 'category' | 'subReason' | 'subjectKind' | 'subjectId'>,
): string {
  return [finding.category, finding.subReason, finding.subjectKind, finding.subjectId].map(urlSafe).join(':')
}
