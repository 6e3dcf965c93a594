import t from 'tap'
import { forEachDatabase } from '@gsr/db/testing'
import { fixedClock, ruleTablePublicationDecider } from '@gsr/domain'
import { inspectionDueNotice, type DueDateSource } from '@gsr/domain/equipment'
import { handleCommand } from '@gsr/event-store'
import { ruleTableStreamName } from '@gsr/events/rules'
import { equipmentTestStore } from '@gsr/read-models/testing'
import { createInspectionScheduler } from './createInspectionScheduler.ts'

/**
 * `inspectionDueNotice` published (issue 16): the scheduler reads the effective table at each run
 * and looks it up by the run's day, so a version with 60 lead days counts from its effective day.
 */
forEachDatabase(t, async (t, db) => {
  const runner = await equipmentTestStore(t, db)
  const store = runner.store
  const clock = fixedClock('2026-06-01T02:00:00Z')
  /** One cylinder due 2026-08-01, reported when the run looks that far ahead. */
  const source: DueDateSource = {
    name: 'test-cylinders',
    dueDates: async (until: string) =>
      until >= '2026-08-01'
        ? [
            {
              subjectKind: 'cylinder' as const,
              subjectId: 'CYL-N',
              streamName: 'cylinder-CYL-N',
              organisationId: 'org-station',
              region: '330106',
              dueDate: '2026-08-01',
            },
          ]
        : [],
  }
  const scheduler = createInspectionScheduler({ store, clock, sources: [source] })

  t.ok(inspectionDueNotice.rulesSchema?.safeParse({ dueLeadDays: 10 }).success)
  t.same(
    inspectionDueNotice.rulesSchema?.safeParse({ dueLeadDays: -1 }).error?.issues.map((i) => i.path),
    [['dueLeadDays']],
    'a negative lead refused, naming the field',
  )

  await handleCommand(
    store,
    ruleTableStreamName('inspectionDueNotice'),
    ruleTablePublicationDecider(inspectionDueNotice),
    {
      type: 'PublishRuleVersion',
      data: {
        table: 'inspectionDueNotice',
        version: '2026.2',
        effectiveFrom: '2026-06-10',
        rules: { dueLeadDays: 60 },
        citation: 'a notice period (for the test)',
        recordedOn: '2026-06-01',
      },
    },
    {
      metadata: {
        actor: { organisationId: 'admin', role: 'administrator' },
        occurredAt: '2026-06-01T10:00:00+08:00',
        schemaVersion: 1,
      },
    },
  )

  // Published, but before its day: 30 days (2022.1), 2026-06-09 + 30 = 2026-07-09 < 2026-08-01.
  clock.set('2026-06-09T03:00:00Z')
  t.match(await scheduler.runOnce(), { today: '2026-06-09', considered: 0 }, 'before the day: 30 days ahead, not yet')
  t.equal((await store.readStream('cylinder-CYL-N')).length, 0)
  // From its day: 60 days, 2026-06-10 + 60 = 2026-08-09 reaches the due date.
  clock.set('2026-06-10T03:00:00Z')
  t.match(await scheduler.runOnce(), { today: '2026-06-10', considered: 1, appended: 1 }, 'from the day: 60 days')
  t.match(await store.readStream('cylinder-CYL-N'), [
    {
      type: 'InspectionDue',
      data: {
        subjectKind: 'cylinder',
        dueDate: '2026-08-01',
        dueOn: '2026-06-02',
        leadDays: 60,
        leadDaysRule: { name: 'inspectionDueNotice', version: '2026.2' },
      },
    },
  ])
})
