import type { EquipmentEventOf, InspectionSubjectKind } from '@gsr/events/equipment'
import { addDays } from '../calendar.ts'
import type { DueNotice } from './inspectionDueNotice.ts'
import { gsrEventNamespace, uuidv5 } from './uuidv5.ts'

/**
 * The pure part of the inspection scheduler: given a subject's current due date and today's
 * date, which InspectionDue / InspectionOverdue events should exist. Each is dated the day it
 * became true (not the day the scheduler ran: catch-up after downtime dates them correctly)
 * and has an id derived from subject + due date + kind, so raising it again is a no-op.
 */
export interface DueDate {
  readonly subjectKind: InspectionSubjectKind
  readonly subjectId: string
  readonly streamName: string
  readonly organisationId: string
  readonly region: string
  /** YYYY-MM-DD: the last day the current inspection is valid. */
  readonly dueDate: string
  /** Kinds already recorded for this due date (lets a source skip no-op appends). */
  readonly alreadyRaised?: readonly ('InspectionDue' | 'InspectionOverdue')[]
}

/** Where due dates come from: the equipment and pipeline registers, cylinders, ... */
export interface DueDateSource {
  readonly name: string
  /** Subjects whose due date is on or before `until` (YYYY-MM-DD), i.e. due or overdue by then. */
  dueDates(until: string): Promise<readonly DueDate[]>
}

export interface ScheduledInspectionEvent {
  readonly id: string
  /** The day it became true, YYYY-MM-DD. */
  readonly on: string
  readonly event: EquipmentEventOf<'InspectionDue'> | EquipmentEventOf<'InspectionOverdue'>
}

export function scheduledEventId(
  kind: 'InspectionDue' | 'InspectionOverdue',
  subject: Pick<DueDate, 'subjectKind' | 'subjectId' | 'dueDate'>,
): string {
  return uuidv5(`${kind}:${subject.subjectKind}:${subject.subjectId}:${subject.dueDate}`, gsrEventNamespace)
}

/** `notice`: the lead days in force on `today` (InspectionDue cites its rule version). */
export function scheduledInspectionEvents(
  subject: DueDate,
  today: string,
  notice: DueNotice,
): ScheduledInspectionEvent[] {
  const { dueLeadDays } = notice
  const events: ScheduledInspectionEvent[] = []
  const base = {
    subjectKind: subject.subjectKind,
    subjectId: subject.subjectId,
    organisationId: subject.organisationId,
    region: subject.region,
    dueDate: subject.dueDate,
  }
  const dueOn = addDays(subject.dueDate, -dueLeadDays)
  if (today >= dueOn && !subject.alreadyRaised?.includes('InspectionDue')) {
    events.push({
      id: scheduledEventId('InspectionDue', subject),
      on: dueOn,
      event: { type: 'InspectionDue', data: { ...base, dueOn, leadDays: dueLeadDays, leadDaysRule: notice.rule } },
    })
  }
  const overdueSince = addDays(subject.dueDate, 1)
  if (today >= overdueSince && !subject.alreadyRaised?.includes('InspectionOverdue')) {
    events.push({
      id: scheduledEventId('InspectionOverdue', subject),
      on: overdueSince,
      event: { type: 'InspectionOverdue', data: { ...base, overdueSince } },
    })
  }
  return events
}
