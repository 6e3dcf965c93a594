// Creates the first administrator (organisation, person, API key) in the database the
// environment names, and prints the key once. Usage:
//   MODE=postgres DATABASE_URL=... AUTH_SECRET=... npx tsx scripts/bootstrap-admin.ts [--force] [--region 330000]
import { runMigrations } from '@gsr/db'
import { ConfigError, loadConfig, systemMigrations } from '@gsr/http-kit'
import { ensureAdministrator } from '@gsr/admin-service'
import { modules, openDatabase } from '@gsr/launcher-service'

const args = process.argv.slice(2)
const force = args.includes('--force')
const regionIndex = args.indexOf('--region')
const region = regionIndex >= 0 ? args[regionIndex + 1] : undefined

let config
try {
  config = loadConfig(process.env)
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message)
    process.exit(1)
  }
  throw error
}
const sql = await openDatabase(config)
try {
  await runMigrations(sql, systemMigrations(modules, { eventStore: config.mode !== 'cluster' }))
  const created = await ensureAdministrator(sql, { force, ...(region ? { region } : {}) })
  if (!created) {
    console.error('An administrator organisation already exists; pass --force to create another.')
    process.exitCode = 2
  } else {
    console.log(`administrator organisation ${created.organisationId}, member ${created.memberId}`)
    console.log('API key (shown once, store it now):')
    console.log(created.apiKey)
  }
} finally {
  await sql.close()
}
