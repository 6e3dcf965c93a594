export type { ServiceContext, ServiceModule, KitApp } from './ServiceModule.ts'
export { createApp, type CreateAppOptions } from './createApp.ts'
export { createLogger } from './createLogger.ts'
export { loadConfig, ConfigError, modes, type KitConfig, type Mode } from './config/KitConfig.ts'
export type { RouteAuth } from './auth/RouteAuth.ts'
export {
  requireOwnOrganisation,
  requireRegion,
  canActInRegion,
  regionPrefixes,
  listScope,
  canRead,
  type ScopeOptions,
} from './auth/scope.ts'
export { organisationInScope, requireOrganisationFilter, type OperatesInRegion } from './auth/organisationScope.ts'
export { eventMetadata, fieldOccurredAt } from './eventMetadata.ts'
export { idempotentEventIds } from './idempotency/idempotentEventIds.ts'
export * from './commands/index.ts'
export { releaseAbandonedClaims, type IdempotencyOwner } from './idempotency/idempotency.ts'
export { purgeIdempotencyRecords } from './idempotency/purgeIdempotencyRecords.ts'
export {
  ProblemError,
  unauthenticated,
  forbidden,
  notFound,
  type FieldProblem,
  type LocalisedText,
  type ProblemInit,
} from './errors/ProblemError.ts'
export { kitProblems, problemType, problemTypePrefix, type ProblemDefinition } from './errors/problemCatalogue.ts'
export { ProblemBodySchema, problemResponses } from './errors/ProblemBodySchema.ts'
export { languageOf, requestLanguage, type Language } from './i18n/language.ts'
export { kitMigrations } from './kitMigrations.ts'
export { appMigrations } from './appMigrations.ts'
export { OrganisationKind, organisationKinds, Role, roles, MemberType, type Principal } from './identity/Principal.ts'
export * as identity from './identity/identityStore.ts'
export type { Organisation, Member, CredentialInfo } from './identity/identityStore.ts'
export { createKitMetrics, instrumentEventStore, type KitMetrics } from './ops/KitMetrics.ts'
export type { ReadinessCheck, ProjectionOperations } from './ops/operations.ts'
export { Cursor, Page, pageOf } from './pagination.ts'
export { validatedEventStore, InvalidEventError } from './validatedEventStore.ts'
export { dateWindowProblemsOf, dateWindowProblems, dateWindowProblem } from './dates/dateWindowCheck.ts'
export { dateWindowFields, type DateWindowField } from './dates/dateWindowFields.ts'
export { requestNow, requestToday } from './dates/requestNow.ts'
export { schemaFields, type SchemaField } from './docs/schemaFields.ts'
export { unsafeTextReason } from './validation/refuseUnsafeText.ts'
export * from './csvImport/index.ts'
