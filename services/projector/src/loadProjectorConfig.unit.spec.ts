import t from 'tap'
import { loadProjectorConfig, ProjectorConfigError } from './loadProjectorConfig.ts'

const db = 'postgres://projector@db:5432/registry'

t.test('defaults: events in the read-model database, all projections', async (t) => {
  t.same(loadProjectorConfig({ DATABASE_URL: db }), {
    databaseUrl: db,
    eventStoreUrl: db,
    eventStoreKind: 'postgres',
    port: 9464,
    host: '0.0.0.0',
    logLevel: 'info',
    batchSize: 500,
    pollIntervalMs: 1000,
    lagThreshold: 1000,
    failureThreshold: 3,
    leaseTtlMs: 10_000,
  })
})

t.test('cluster mode: KurrentDB URL under either spelling; subset of projections', async (t) => {
  const config = loadProjectorConfig({
    DATABASE_URL: db,
    EVENTSTORE_URL: 'kurrentdb://kurrentdb:2113?tls=false',
    PROJECTIONS: ' equipment_register, violations ,',
    PROJECTION_BATCH_SIZE: '200',
    PORT: '',
  })
  t.equal(config.eventStoreKind, 'esdb')
  t.equal(config.eventStoreUrl, 'kurrentdb://kurrentdb:2113?tls=false')
  t.same(config.projections, ['equipment_register', 'violations'])
  t.equal(config.batchSize, 200)
  t.equal(config.port, 9464, 'an empty variable counts as unset')
  const separate = loadProjectorConfig({ DATABASE_URL: db, EVENT_STORE_URL: 'postgresql://es@events/es' })
  t.equal(separate.eventStoreKind, 'postgres')
  t.equal(separate.eventStoreUrl, 'postgresql://es@events/es')
  const seeds = 'esdb://kurrentdb-1:2113,kurrentdb-2:2113,kurrentdb-3:2113?tls=false'
  t.equal(
    loadProjectorConfig({ DATABASE_URL: db, EVENTSTORE_URL: seeds }).eventStoreUrl,
    seeds,
    'a cluster’s gossip seeds',
  )
})

t.test('refuses bad configuration, naming each variable', async (t) => {
  t.throws(() => loadProjectorConfig({}), ProjectorConfigError)
  t.throws(() => loadProjectorConfig({}), /DATABASE_URL/)
  t.throws(() => loadProjectorConfig({ DATABASE_URL: 'mysql://x@y/z' }), /DATABASE_URL must be a postgres:\/\/ URL/)
  t.throws(
    () => loadProjectorConfig({ DATABASE_URL: db, EVENT_STORE_URL: 'redis://r', PROJECTION_BATCH_SIZE: '0' }),
    /EVENT_STORE_URL[\s\S]*PROJECTION_BATCH_SIZE|PROJECTION_BATCH_SIZE[\s\S]*EVENT_STORE_URL/,
  )
  t.throws(() => loadProjectorConfig({ DATABASE_URL: db, DATABASE_SCHEMA: 'x; drop' }), /DATABASE_SCHEMA/)
})
