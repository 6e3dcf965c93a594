import { NoRuleInForceError } from '@gsr/domain'
import { assessRisk, riskCatalogueRules, type RiskAssessment } from '@gsr/domain/enforcement'
import { identity, type Organisation, type OrganisationKind, type ServiceContext } from '@gsr/http-kit'
import { organisationsOperatingIn, riskSignals } from '@gsr/read-models/enforcement'

export interface CatalogueEntry {
  readonly organisation: Organisation
  readonly assessment: RiskAssessment
}

/** More than any region's directory holds: the catalogue grades every supervised organisation. */
const everyOrganisation = 1_000_000

/**
 * The risk catalogue (风险等级分级分类名录库) of a region on day `on`: every supervised organisation
 * (rule table riskCatalogueRules: its kinds) seated or operating in the region, graded by
 * assessRisk from the signals the read models give (riskSignals), by organisation id. With
 * `organisationId`: that one only (empty when it is not supervised there).
 */
export async function riskCatalogue(
  ctx: ServiceContext,
  query: {
    regionPrefix: string
    on: string
    knownAt?: Date | undefined
    kind?: OrganisationKind | undefined
    organisationId?: string | undefined
    /** Grade an organisation of any kind (the organisation summary): only with `organisationId`. */
    anyKind?: boolean
    /** The request field that carries the day, named when no rule version is in force then (default `on`). */
    dayField?: string
  },
): Promise<CatalogueEntry[]> {
  const version = riskCatalogueRules.inForceOn(query.on)
  if (!version) throw new NoRuleInForceError(riskCatalogueRules.name, query.on, [query.dayField ?? 'on'])
  const operating = await organisationsOperatingIn(ctx.sql, query.regionPrefix)
  const organisations =
    query.organisationId === undefined
      ? await identity.listOrganisationsInRegion(ctx.sql, {
          regionPrefix: query.regionPrefix,
          operatingIds: operating.map((o) => o.organisationId),
          kind: query.kind,
          limit: everyOrganisation,
        })
      : [await identity.getOrganisation(ctx.sql, query.organisationId)].filter((o) => o !== undefined)
  const supervised = organisations.filter((o) => query.anyKind || version.rules.supervisedKinds.includes(o.kind))
  const signals = await riskSignals(ctx.sql, {
    organisations: supervised,
    on: query.on,
    regionPrefix: query.regionPrefix,
    rules: version.rules,
    knownAt: query.knownAt,
  })
  return supervised.map((organisation) => ({
    organisation,
    assessment: assessRisk(signals.get(organisation.id) ?? [], query.on, version),
  }))
}
