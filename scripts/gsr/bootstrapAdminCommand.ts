import { CliError, type Command } from './Command.ts'

/** `gsr bootstrap-admin` (also `scripts/bootstrap-admin.ts`): the first administrator. */
export const bootstrapAdminCommand: Command = {
  name: 'bootstrap-admin',
  summary: 'Create the first administrator (organisation, person, API key) and print its key once.',
  synopsis: '[--force] [--region <6-digit code>]',
  details: `Uses the database the environment names, as the server does: MODE=postgres DATABASE_URL=...
AUTH_SECRET=... (or the embedded DATA_DIR, refused while a server has it open). Creates nothing when
an administrator organisation exists, unless --force.

  --force                create another administrator organisation even if one exists
  --region <code>        its region (administrative division code, 6 digits; default 100000)

exit codes: 0 created, 2 one exists already (or bad arguments), 1 failure`,
  options: {
    force: { type: 'boolean', default: false },
    region: { type: 'string' },
  },
  async run({ values }, output) {
    const region = values.region as string | undefined
    if (region !== undefined && !/^\d{6}$/.test(region))
      throw new CliError(`--region must be a 6-digit division code (e.g. 330000), not ${JSON.stringify(region)}`, 2)
    const { DataFolderInUseError, runMigrations } = await import('@gsr/db')
    const { ConfigError, loadConfig } = await import('@gsr/http-kit')
    const { ensureAdministrator } = await import('@gsr/admin-service')
    const { modules, openDatabase, systemMigrations } = await import('@gsr/launcher-service')
    let config
    try {
      config = loadConfig(process.env)
    } catch (error) {
      throw error instanceof ConfigError ? new CliError(error.message) : error
    }
    const sql = await openDatabase(config).catch((error: unknown) => {
      throw error instanceof DataFolderInUseError ? new CliError(error.message) : error
    })
    try {
      await runMigrations(sql, systemMigrations(modules, { eventStore: config.mode !== 'cluster' }))
      const created = await ensureAdministrator(sql, { force: values.force === true, ...(region ? { region } : {}) })
      if (!created) {
        output.err('An administrator organisation already exists; pass --force to create another.')
        return 2
      }
      output.out(`administrator organisation ${created.organisationId}, member ${created.memberId}`)
      output.out('API key (shown once, store it now):')
      output.out(created.apiKey)
      return 0
    } finally {
      await sql.close()
    }
  },
}
