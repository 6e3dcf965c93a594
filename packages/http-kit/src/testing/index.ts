import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { runMigrations, type Migration, type SqlClient } from '@gsr/db'
import type { EventStore } from '@gsr/event-store'
import { systemClock, type Clock } from '@gsr/domain'
import { pino } from 'pino'
import { createApp } from '../createApp.ts'
import type { KitConfig } from '../config/KitConfig.ts'
import { kitMigrations } from '../kitMigrations.ts'
import { createMember, createOrganisation, issueApiKey } from '../identity/identityStore.ts'
import type { OrganisationKind, Role, MemberType } from '../identity/Principal.ts'
import type { ServiceModule } from '../ServiceModule.ts'
import type { ProjectionLagSource, ReadinessCheck } from '../ops/operations.ts'
import { unwiredEventStore } from './unwiredEventStore.ts'

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
  readonly eventStore?: EventStore
  /** Migrations of the event store, when the test uses it. */
  readonly extraMigrations?: readonly Migration[]
  readonly clock?: Clock
  readonly config?: Partial<KitConfig>
  readonly readinessChecks?: readonly ReadinessCheck[]
  readonly projectionLag?: ProjectionLagSource
}

/**
 * The app as the launcher builds it, on a test database: runs the kit's and the modules'
 * migrations (and their projections'), then createApp. Call `app.close()` in teardown.
 */
export async function createTestApp(
  modules: readonly ServiceModule[],
  options: TestAppOptions,
): Promise<FastifyInstance> {
  const sql = 'client' in options.db ? options.db.client : options.db
  await runMigrations(sql, [
    ...(options.extraMigrations ?? []),
    ...kitMigrations,
    ...modules.flatMap((m) => [...(m.migrations ?? []), ...(m.projections ?? []).flatMap((p) => p.migrations)]),
  ])
  const app = await createApp({
    modules,
    ctx: {
      sql,
      eventStore: options.eventStore ?? unwiredEventStore,
      clock: options.clock ?? systemClock,
      logger: pino({ level: 'silent' }),
      config: testConfig(options.config),
    },
    ...(options.readinessChecks ? { readinessChecks: options.readinessChecks } : {}),
    ...(options.projectionLag ? { projectionLag: options.projectionLag } : {}),
  })
  await app.ready()
  return app
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
