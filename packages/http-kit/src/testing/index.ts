import { randomBytes } from 'node:crypto'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import { runMigrations, type SqlClient } from '@gsr/db'
import { anchorMigrations, createPostgresEventStore, eventStoreMigrations, type EventStore } from '@gsr/event-store'
import { waitUntilReadable } from '@gsr/event-store/testing'
import { createProjectionRunner, type ProjectionRunner } from '@gsr/projections'
import { systemClock, type Clock } from '@gsr/domain'
import { pino } from 'pino'
import { createApp } from '../createApp.ts'
import type { KitConfig } from '../config/KitConfig.ts'
import type { IdempotencyOwner } from '../idempotency/idempotency.ts'
import { appMigrations } from '../appMigrations.ts'
import { createMember, createOrganisation, issueApiKey } from '../identity/identityStore.ts'
import type { OrganisationKind, Role, MemberType } from '../identity/Principal.ts'
import type { ServiceModule } from '../ServiceModule.ts'
import type { ProjectionOperations, ReadinessCheck } from '../ops/operations.ts'

export function testConfig(overrides: Partial<KitConfig> = {}): KitConfig {
  return {
    mode: 'embedded',
    dataDir: '/nonexistent',
    port: 0,
    host: '127.0.0.1',
    authSecret: randomBytes(32).toString('base64url'),
    logLevel: 'silent',
    tokenTtlSeconds: 900,
    bodyLimitBytes: 64 * 1024,
    rateLimitPerMinute: 10_000,
    projectionLagThreshold: 1000,
    ...overrides,
  }
}

export interface TestAppOptions {
  /** A database from forEachDatabase (or any SqlClient). */
  readonly db: SqlClient | { readonly client: SqlClient }
  /** Default: the PostgreSQL event store on the same database (its migrations are run). */
  readonly eventStore?: EventStore
  readonly clock?: Clock
  readonly config?: Partial<KitConfig>
  readonly readinessChecks?: readonly ReadinessCheck[]
  /** Default: the runner of the modules' projections (see catchUpProjections). */
  readonly projections?: ProjectionOperations
  /** Default: silent. */
  readonly logger?: FastifyBaseLogger
  /** Who the app is for its Idempotency-Key claims; default a fresh incarnation. */
  readonly idempotencyOwner?: IdempotencyOwner
}

const runners = new WeakMap<FastifyInstance, { runner: ProjectionRunner; sql: SqlClient }>()

/**
 * The app as the launcher builds it, on a test database: runs every migration (event store,
 * kit, modules, projections), then createApp. The modules' projections get a runner that does
 * not run by itself: call `catchUpProjections(app)` after writes, before reading. Closing the
 * app (`t.teardown(() => app.close())`) stops it; the database is the caller's.
 */
export async function createTestApp(
  modules: readonly ServiceModule[],
  options: TestAppOptions,
): Promise<FastifyInstance> {
  const sql = 'client' in options.db ? options.db.client : options.db
  // What the launcher's systemMigrations gives in embedded mode: event store, anchors, the app's.
  await runMigrations(sql, [...eventStoreMigrations, ...anchorMigrations, ...appMigrations(modules)])
  const eventStore = options.eventStore ?? createPostgresEventStore(sql)
  const runner = createProjectionRunner({
    store: eventStore,
    sql,
    projections: modules.flatMap((m) => m.projections ?? []),
  })
  const app = await createApp({
    modules,
    ctx: {
      sql,
      eventStore,
      clock: options.clock ?? systemClock,
      logger: options.logger ?? pino({ level: 'silent' }),
      config: testConfig(options.config),
    },
    ...(options.readinessChecks ? { readinessChecks: options.readinessChecks } : {}),
    projections: options.projections ?? runner,
    ...(options.idempotencyOwner ? { idempotencyOwner: options.idempotencyOwner } : {}),
  })
  runners.set(app, { runner, sql })
  app.addHook('onClose', async () => {
    await runner.stop()
    if (!options.eventStore) await eventStore.close()
  })
  await app.ready()
  return app
}

/** Applies every event recorded so far to the test app's projections (read-your-writes). */
export async function catchUpProjections(app: FastifyInstance): Promise<void> {
  const entry = runners.get(app)
  if (!entry) throw new Error('not an app from createTestApp')
  // On a shared PostgreSQL, another test file's open transaction holds back what this one wrote.
  await waitUntilReadable(entry.sql)
  await entry.runner.catchUp({ maxAttempts: 1 })
}

export interface TestCredential {
  /** Pass to inject: `{ headers: alice.headers }`. */
  readonly headers: { authorization: string }
  readonly apiKey: string
  readonly organisationId: string
  readonly memberId: string
  readonly credentialId: string
  readonly kind: OrganisationKind
  readonly region: string
}

let counter = 0

/** Creates an organisation (or reuses `organisationId`), a member and an API key. */
export async function credentialFor(
  app: FastifyInstance,
  options: {
    kind: OrganisationKind
    region?: string
    role?: Role
    type?: MemberType
    accreditedRegions?: readonly string[]
    organisationId?: string
  },
): Promise<TestCredential> {
  const sql = app.kit.sql
  const region = options.region ?? '330106'
  let organisationId = options.organisationId
  if (!organisationId) {
    counter += 1
    const org = await createOrganisation(sql, {
      id: `org-${options.kind}-${process.pid}-${counter}-${randomBytes(3).toString('hex')}`,
      kind: options.kind,
      name: `test ${options.kind} ${counter}`,
      region,
      accreditedRegions: options.accreditedRegions ?? (options.kind === 'inspection_agency' ? [region] : []),
    })
    organisationId = org.id
  }
  const member = await createMember(sql, {
    organisationId,
    type: options.type ?? 'person',
    name: `test member ${counter}`,
    role: options.role ?? 'admin',
  })
  const { credential, apiKey } = await issueApiKey(sql, member.id)
  return {
    headers: { authorization: `Bearer ${apiKey}` },
    apiKey,
    organisationId,
    memberId: member.id,
    credentialId: credential.id,
    kind: options.kind,
    region,
  }
}

/** Routes that need a credential, with a concrete URL to call (params filled with `x`). */
export function protectedRoutes(app: FastifyInstance): { method: string; url: string; pattern: string }[] {
  return app.kitRoutes
    .filter((route) => route.auth !== 'public')
    .map((route) => ({
      method: route.method,
      pattern: route.url,
      url: route.url.replace(/:[A-Za-z0-9_]+/g, 'x').replace(/\*/g, 'x'),
    }))
}

export { badCredentials } from './badCredentials.ts'

/** GET and POST through inject as one credential or another: for specs that act as several callers. */
export function callsAs(app: FastifyInstance) {
  return {
    get: (as: TestCredential, url: string) => app.inject({ method: 'GET', url, headers: as.headers }),
    post: (as: TestCredential, url: string, payload: object, headers: Record<string, string> = {}) =>
      app.inject({ method: 'POST', url, headers: { ...as.headers, ...headers }, payload }),
  }
}
