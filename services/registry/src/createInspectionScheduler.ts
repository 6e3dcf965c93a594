import type { Clock, ScheduledFactSource } from '@gsr/domain'
import { addDays, chinaDate, chinaStartOfDay } from '@gsr/domain'
import {
  dueLeadDaysOn,
  inspectionDueNotice,
  scheduledInspectionEvents,
  type DueDateSource,
  type DueNotice,
} from '@gsr/domain/equipment'
import { EventIdConflictError, type EventStore } from '@gsr/event-store'
import { schemaVersionOf } from '@gsr/events/equipment'
import { loadRuleTable } from '@gsr/http-kit'

export interface InspectionSchedulerRules {
  /** Days before the due date that "inspection due" is raised, in force on a date, and their rule version. */
  readonly dueNotice: (date: string) => DueNotice | Promise<DueNotice>
}

export interface InspectionSchedulerOptions {
  readonly store: EventStore
  readonly sources: readonly DueDateSource[]
  /** Other facts that become true as days pass (e.g. rectification orders overdue), appended the same way. */
  readonly factSources?: readonly ScheduledFactSource[]
  readonly clock: Clock
  /** Default: the effective `inspectionDueNotice` rule table (code and published versions), read at each run. */
  readonly rules?: InspectionSchedulerRules
}

export interface SchedulerRunResult {
  /** The China-time date the run evaluated. */
  readonly today: string
  readonly considered: number
  /** Events handed to the store (re-sent ids are no-ops there, so this can over-count). */
  readonly appended: number
  /**
   * Events not recorded because their derived id is already used by another event (an id a
   * client chose for its own fact): skipped, so one taken id never stops the run for everyone.
   */
  readonly conflicts: readonly { readonly id: string; readonly streamName: string }[]
}

export interface InspectionScheduler {
  runOnce(): Promise<SchedulerRunResult>
}

/** The effective `inspectionDueNotice` (a version an administrator published counts from its day). */
const effectiveRules = (store: EventStore): InspectionSchedulerRules => ({
  dueNotice: async (date) => dueLeadDaysOn(date, await loadRuleTable(store, inspectionDueNotice)),
})

/**
 * Raises InspectionDue / InspectionOverdue on the subject's own stream for every due date the
 * sources report. What becomes true while the scheduler is off is raised at the next run and
 * dated the day it became true (metadata.occurredAt); ids are derived from subject + due date +
 * kind, so a rerun, or two schedulers racing, record each fact once.
 */
export function createInspectionScheduler(options: InspectionSchedulerOptions): InspectionScheduler {
  const rules = options.rules ?? effectiveRules(options.store)
  return {
    async runOnce() {
      const today = chinaDate(options.clock.now())
      const notice = await rules.dueNotice(today)
      const until = addDays(today, notice.dueLeadDays)
      let considered = 0
      let appended = 0
      const conflicts: { id: string; streamName: string }[] = []
      /** One append per event: a re-sent id is then a clean no-op, never a partly-new batch. */
      const append = async (fact: {
        streamName: string
        id: string
        on: string
        type: string
        data: unknown
        schemaVersion: number
      }) => {
        try {
          await options.store.appendToStream(
            fact.streamName,
            [
              {
                id: fact.id,
                type: fact.type,
                data: fact.data,
                metadata: {
                  actor: { organisationId: 'system', role: 'scheduler' },
                  occurredAt: chinaStartOfDay(fact.on),
                  schemaVersion: fact.schemaVersion,
                },
              },
            ],
            { expectedRevision: 'any' },
          )
        } catch (error) {
          if (!(error instanceof EventIdConflictError)) throw error
          conflicts.push({ id: fact.id, streamName: fact.streamName })
          return
        }
        appended++
      }
      for (const source of options.sources) {
        for (const subject of await source.dueDates(until)) {
          considered++
          for (const scheduled of scheduledInspectionEvents(subject, today, notice))
            await append({
              streamName: subject.streamName,
              id: scheduled.id,
              on: scheduled.on,
              ...scheduled.event,
              schemaVersion: schemaVersionOf(scheduled.event.type),
            })
        }
      }
      for (const source of options.factSources ?? []) {
        for (const fact of await source.facts(today)) {
          considered++
          await append({ ...fact, ...fact.event })
        }
      }
      return { today, considered, appended, conflicts }
    },
  }
}
