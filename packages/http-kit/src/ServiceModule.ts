import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { Migration, SqlClient } from '@gsr/db'
import type { EventStore } from '@gsr/event-store'
import type { Projection } from '@gsr/projections'
import type { Clock } from '@gsr/domain'
import type { KitConfig } from './config/KitConfig.ts'
import type { KitMetrics } from './ops/KitMetrics.ts'
import type { ProblemDefinition } from './errors/problemCatalogue.ts'

/** What every service handler may use; built once by the launcher (or createTestApp). */
export interface ServiceContext {
  readonly eventStore: EventStore
  readonly sql: SqlClient
  readonly clock: Clock
  readonly logger: FastifyBaseLogger
  readonly config: KitConfig
  /** Filled in by createApp; services may record their own metrics on its registry. */
  readonly metrics?: KitMetrics
}

/**
 * A bounded context as the launcher sees it. `routes` is registered as a Fastify plugin with
 * the zod type provider; every route declares `config.auth` (or is authenticated, any kind).
 */
export interface ServiceModule {
  readonly name: string
  /** Tables the service owns itself (its projections' tables come with the projections). */
  readonly migrations?: readonly Migration[]
  /** Read models it owns, run by the projection runner. */
  readonly projections?: readonly Projection[]
  /** Its DomainError codes: HTTP status and zh-CN/English titles. */
  readonly problems?: Readonly<Record<string, ProblemDefinition>>
  readonly routes: (app: KitApp, ctx: ServiceContext) => Promise<void>
}

/** The Fastify instance a module's routes get: zod schemas type the handlers. */
export type KitApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>
