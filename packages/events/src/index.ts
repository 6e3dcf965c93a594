export {
  RegionCode,
  OrganisationId,
  IsoDate,
  IsoDateTime,
  representableInstant,
  type DateWindowKind,
  dateWindows,
  HappenedDate,
  HappenedAt,
  HistoricalDate,
  ScheduledDate,
  regionPrefix,
  regionContains,
} from './common.ts'
export { parseCatalogueEvent, catalogueSchemaVersionOf, upcastCatalogueEvent } from './parseCatalogueEvent.ts'
export * from './defineEvent.ts'
