export { RegionCode, OrganisationId, IsoDate, IsoDateTime, regionPrefix, regionContains } from './common.ts'
