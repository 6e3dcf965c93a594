import type { EventStore } from '@gsr/event-store'
import { CliError, type Command, type Output } from './Command.ts'
import { openTarget, targetHelp, targetOptions } from './target.ts'

/**
 * Replays one random inspection plan from the log: the draw recomputed from the committed
 * inputs and the revealed seed, compared with the recorded draw. Exit 0 when they agree.
 */
export async function replayPlan(store: EventStore, planId: string, output: Output): Promise<number> {
  const { inspectionPlanStreamName, parseEnforcementEvent } = await import('@gsr/events/enforcement')
  const { replayInspectionPlan } = await import('@gsr/domain/enforcement')
  const recorded = await store.readStream(inspectionPlanStreamName(planId))
  const events = recorded.flatMap((e) => {
    const event = parseEnforcementEvent(e)
    return event ? [event] : []
  })
  const report = replayInspectionPlan(events)
  if (report.state === 'missing') throw new CliError(`no inspection plan ${planId}`, 4)
  if (report.state === 'committed') {
    output.out(`plan ${planId}: committed, not drawn yet (the seed is not revealed): nothing to replay`)
    return 5
  }
  if (report.matches) {
    output.out(`plan ${planId}: the draw replays: ${report.visits} visits, seed matches its commitment`)
    return 0
  }
  output.out(`plan ${planId}: MISMATCH${report.seedMatches ? '' : ' (sha256(seed) is not the committed seedHash)'}`)
  for (const line of report.differences ?? []) output.out(`  ${line}`)
  return 3
}

/** `gsr replay-plan PLAN`. */
export const replayPlanCommand: Command = {
  name: 'replay-plan',
  summary: 'Recompute a random inspection plan’s draw (双随机) from the log and compare it with the recorded one.',
  synopsis: '<planId> [--database-url <url> | --data-dir <dir>]',
  details: `Reads the stream inspection-plan-<planId>: the committed inputs (catalogue snapshot, roster,
exclusions, sampling rule version) and the revealed seed; recomputes the draw (drawInspectionPlan,
a pure function) and compares it with the recorded InspectionPlanDrawn.

${targetHelp}

exit codes: 0 the draw replays, 3 mismatch (differences on stdout), 4 no such plan, 5 not drawn yet,
1 could not read, 2 bad arguments`,
  options: { ...targetOptions },
  positionals: [1, 1],
  async run({ values, positionals }, output) {
    const target = await openTarget(values)
    try {
      return await replayPlan(target.store, positionals[0]!, output)
    } finally {
      await target.close()
    }
  },
}
