export type { QueryResult, SqlClient, SqlDialectName, SqlExecutor } from './SqlClient.ts'
export { createPostgresClient, quoteIdentifier, type PostgresClientOptions } from './createPostgresClient.ts'
export { createPgliteClient, wrapPglite, type PgliteClientOptions } from './createPgliteClient.ts'
export type { Migration } from './Migration.ts'
