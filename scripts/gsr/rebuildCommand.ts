import { CliError, type Command } from './Command.ts'
import { openTarget, targetHelp, targetOptions } from './target.ts'

/** `gsr rebuild` (also `scripts/rebuild-projection.ts`): one projection from zero. */
export const rebuildCommand: Command = {
  name: 'rebuild',
  summary: 'Rebuild one projection from the start of the log, with progress; --list names them.',
  synopsis: '<projection> | --list [--database-url <url> | --data-dir <dir>]',
  details: `Works on the embedded store (DATA_DIR) and on PostgreSQL (DATABASE_URL, DATABASE_SCHEMA; with
MODE=cluster and EVENTSTORE_URL the events come from KurrentDB). On PostgreSQL a running server or
projector may stay up: checkpoints are row-locked, so no event is applied twice (it competes for
batches meanwhile). The embedded folder is refused while the server has it open: stop it first.

${targetHelp}
  --list                 print the projections' names; opens nothing
  --batch-size <n>       events per batch (default $PROJECTION_BATCH_SIZE, else 500)

exit codes: 0 rebuilt, 2 unknown projection or bad arguments, 1 failure`,
  options: {
    ...targetOptions,
    list: { type: 'boolean', default: false },
    'batch-size': { type: 'string' },
  },
  positionals: [0, 1],
  async run({ values, positionals }, output) {
    const name = positionals[0]
    if (values.list && name) throw new CliError('give a projection name or --list, not both', 2)
    if (!values.list && !name) throw new CliError('which projection? (a name, or --list)', 2)
    const batchText = (values['batch-size'] as string | undefined) ?? process.env['PROJECTION_BATCH_SIZE'] ?? '500'
    const batchSize = Number(batchText)
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000)
      throw new CliError(`--batch-size must be a whole number from 1 to 10000, not ${batchText}`, 2)
    // Loaded after the checks: importing every service's projections takes a while.
    const { allProjections, rebuildWithProgress } = await import('@gsr/projector-service')
    if (values.list) {
      for (const projection of allProjections) output.out(projection.name)
      return 0
    }
    if (!allProjections.some((projection) => projection.name === name))
      throw new CliError(
        `unknown projection ${name}; known: ${allProjections.map((p) => p.name).join(', ') || '(none)'}`,
        2,
      )
    const { pino } = await import('pino')
    const { createProjectionRunner } = await import('@gsr/projections')
    const target = await openTarget(values)
    try {
      output.err(`rebuilding in ${target.where}`)
      const runner = createProjectionRunner({
        store: target.store,
        sql: target.sql,
        projections: allProjections,
        batchSize,
        liveWakeups: false,
        logger: pino({ level: 'warn' }, pino.destination(2)),
      })
      await runner.migrate()
      await rebuildWithProgress(runner, name!, { write: output.out })
      return 0
    } finally {
      await target.close()
    }
  },
}
