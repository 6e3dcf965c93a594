import { z } from 'zod'

export type EventStoreKind = 'postgres' | 'esdb'

export interface ProjectorConfig {
  /** PostgreSQL holding the read models and their checkpoints. */
  readonly databaseUrl: string
  /** search_path for the read models (created if missing); default the server's default. */
  readonly databaseSchema?: string
  /** Where the events are; the read-model database when unset. */
  readonly eventStoreUrl: string
  readonly eventStoreKind: EventStoreKind
  /** Port of /health, /ready and /metrics. */
  readonly port: number
  readonly host: string
  readonly logLevel: string
  readonly batchSize: number
  readonly pollIntervalMs: number
  /** Run only these projections (scale out by giving workers disjoint lists); default all. */
  readonly projections?: readonly string[]
  /** /ready fails while a projection is more events than this behind. */
  readonly lagThreshold: number
  /** /ready fails while a projection has failed more batches than this in a row. */
  readonly failureThreshold: number
  /** How long a projection's lease lasts unless renewed: the bound on a takeover after a crash. */
  readonly leaseTtlMs: number
  /** This worker's name in the leases, kept across its restarts (a restart takes its leases back at once). */
  readonly instanceId?: string
}

const postgresScheme = /^postgres(ql)?:\/\//
const esdbScheme = /^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kurrent|kdb):\/\//

const ProjectorEnv = z.object({
  DATABASE_URL: z.url().regex(postgresScheme, 'must be a postgres:// URL'),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'must be a plain lower-case identifier')
    .optional(),
  // A cluster's connection string lists its gossip seeds (`esdb://a:2113,b:2113,c:2113?tls=false`),
  // which is not a URL: only a postgres:// one must parse as one.
  EVENT_STORE_URL: z
    .string()
    .refine(
      (url) => (postgresScheme.test(url) && URL.canParse(url)) || esdbScheme.test(url),
      'must be a postgres:// or kurrentdb:// (esdb://) URL',
    )
    .optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PROJECTION_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  PROJECTION_POLL_INTERVAL_MS: z.coerce.number().int().min(10).default(1000),
  PROJECTIONS: z
    .string()
    .transform((list) =>
      list
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean),
    )
    .optional(),
  PROJECTION_LAG_THRESHOLD: z.coerce.number().int().min(0).default(1000),
  PROJECTION_FAILURE_THRESHOLD: z.coerce.number().int().min(0).default(3),
  PROJECTION_LEASE_TTL_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  INSTANCE_ID: z.string().min(1).max(200).optional(),
})

export class ProjectorConfigError extends Error {
  override readonly name = 'ProjectorConfigError'
}

/**
 * Reads the projector's environment once, at start. `EVENTSTORE_URL` (the service kit's
 * spelling, used by infra/compose.yaml) is accepted as an alias of `EVENT_STORE_URL`.
 */
export function loadProjectorConfig(env: Record<string, string | undefined> = process.env): ProjectorConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''))
  if (cleaned.EVENT_STORE_URL === undefined && cleaned.EVENTSTORE_URL !== undefined) {
    cleaned.EVENT_STORE_URL = cleaned.EVENTSTORE_URL
  }
  const parsed = ProjectorEnv.safeParse(cleaned)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${String(issue.path[0] ?? '(environment)')} ${issue.message}`)
    throw new ProjectorConfigError(`invalid projector configuration:\n${lines.join('\n')}`)
  }
  const env_ = parsed.data
  const eventStoreUrl = env_.EVENT_STORE_URL ?? env_.DATABASE_URL
  return {
    databaseUrl: env_.DATABASE_URL,
    ...(env_.DATABASE_SCHEMA ? { databaseSchema: env_.DATABASE_SCHEMA } : {}),
    eventStoreUrl,
    eventStoreKind: esdbScheme.test(eventStoreUrl) ? 'esdb' : 'postgres',
    port: env_.PORT,
    host: env_.HOST,
    logLevel: env_.LOG_LEVEL,
    batchSize: env_.PROJECTION_BATCH_SIZE,
    pollIntervalMs: env_.PROJECTION_POLL_INTERVAL_MS,
    ...(env_.PROJECTIONS ? { projections: env_.PROJECTIONS } : {}),
    lagThreshold: env_.PROJECTION_LAG_THRESHOLD,
    failureThreshold: env_.PROJECTION_FAILURE_THRESHOLD,
    leaseTtlMs: env_.PROJECTION_LEASE_TTL_MS,
    ...(env_.INSTANCE_ID ? { instanceId: env_.INSTANCE_ID } : {}),
  }
}
