import { DataFolderInUseError } from '@gsr/db'
import { ConfigError, createLogger, loadConfig } from '@gsr/http-kit'
import { addToDirectory } from './addToDirectory.ts'
import { buildSystem } from './buildSystem.ts'
import { selectModules } from './selectModules.ts'

/**
 * `npm start`: every service in one process. Embedded mode (default) needs no configuration:
 * PGlite in DATA_DIR for events and read models, a demo administrator on first start.
 */
// Everything this process writes (the embedded store, its secret, the admin key) is for this
// user alone: the registry's records and credentials are not for other accounts on the host.
process.umask(0o077)

let config
let modules
try {
  config = loadConfig(process.env)
  modules = selectModules(process.env['SERVICES'])
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message)
    process.exit(1)
  }
  throw error
}

const logger = createLogger(config.logLevel)
let system
try {
  system = await buildSystem({ config, logger, modules })
} catch (error) {
  if (error instanceof DataFolderInUseError) {
    console.error(error.message)
    process.exit(1)
  }
  throw error
}
const url = await system.start()

// DEMO_DATA=1: load the small worked city once (@gsr/demo-city), so enforcement queries have data.
if (process.env['DEMO_DATA'] === '1') {
  const { loadDemoCity } = await import('@gsr/demo-city')
  await loadDemoCity(
    system.eventStore,
    { info: (message) => logger.info(message) },
    { addOrganisations: (organisations) => addToDirectory(system.sql, organisations) },
  )
} else if (!(await system.eventStore.headPosition())) {
  // An empty store: offer the worked city, so a first look at the enforcement queries shows something.
  logger.info('no events yet: start with DEMO_DATA=1 (DEMO_DATA=1 npm start) to load a small worked city as demo data')
}

if (system.createdAdminKey) {
  // Printed once, on purpose outside the (redacting) logger.
  console.log(
    [
      '',
      '  Demo administrator created. Its API key (also in DATA_DIR/admin-key.txt):',
      `    ${system.createdAdminKey}`,
      `  Try: curl -H "Authorization: Bearer <key>" ${url}/auth/me`,
      '',
    ].join('\n'),
  )
}
logger.info(
  {
    mode: config.mode,
    dataDir: config.mode === 'embedded' ? config.dataDir : undefined,
    services: modules.map((module) => module.name),
  },
  `listening on ${url}`,
)
logger.info(`API docs: ${url}/docs`)

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1)
    stopping = true
    logger.info({ signal }, 'shutting down: finishing in-flight requests')
    system.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  })
}
