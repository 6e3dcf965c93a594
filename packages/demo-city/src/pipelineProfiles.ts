import { addDays } from '@gsr/domain'

/**
 * The lifecycle shapes a generated pipeline can have, with the stage dates the generator
 * writes. `expectedStandings` states, per shape and independently of the projection's code,
 * where the pipeline stands in each of the four rates on a day.
 */
export type PipelineProfile =
  | { kind: 'legacy_ok' }
  | { kind: 'legacy_incomplete'; completedOn: string }
  | { kind: 'legacy_norecord' }
  | { kind: 'due_in_time' | 'due_late' | 'due_missing'; dueDate: string }
  | { kind: 'new_ok' | 'new_unnotified' | 'new_late_notified' | 'new_undeclared'; startedOn: string }
  | { kind: 'new_planned'; notifiedOn: string }
  /** Nobody recorded it: found in use by enforcement, owner named, recorded `recordedAfterDays` later. */
  | { kind: 'found_in_use'; foundOn: string }

type Standing = 'ok' | string
export type Standings = Partial<
  Record<
    | 'construction_notification'
    | 'installation_inspection_declaration'
    | 'in_use_information_entry'
    | 'periodic_inspection_declaration',
    Standing
  >
>

/** Declaration deadline: 30 days before the due date (rule table periodicDeclarationDeadline). */
export const deadlineOf = (dueDate: string) => addDays(dueDate, -30)
export const newInUseAfterDays = 40
export const foundRecordedAfterDays = 30

export function expectedStandings(profile: PipelineProfile, day: string): Standings {
  switch (profile.kind) {
    case 'legacy_ok':
      return { in_use_information_entry: 'ok' }
    case 'legacy_incomplete':
      return { in_use_information_entry: day >= profile.completedOn ? 'ok' : 'record_incomplete' }
    case 'legacy_norecord':
      return { in_use_information_entry: 'no_record' }
    case 'due_in_time':
    case 'due_late':
    case 'due_missing': {
      const s: Standings = { in_use_information_entry: 'ok' }
      const deadline = deadlineOf(profile.dueDate)
      if (day < deadline) return s
      if (profile.kind === 'due_in_time') return { ...s, periodic_inspection_declaration: 'ok' }
      if (profile.kind === 'due_missing') return { ...s, periodic_inspection_declaration: 'not_declared' }
      const declaredOn = addDays(profile.dueDate, -10)
      return { ...s, periodic_inspection_declaration: day >= declaredOn ? 'declared_late' : 'not_declared' }
    }
    case 'new_planned':
      return {}
    case 'found_in_use':
      // In the in-use denominator from the day it was found; counted once its record is complete.
      if (day < profile.foundOn) return {}
      return {
        in_use_information_entry: day >= addDays(profile.foundOn, foundRecordedAfterDays) ? 'ok' : 'no_record',
      }
    default: {
      const started = profile.startedOn
      if (day < started) return {}
      const s: Standings = {}
      if (profile.kind === 'new_unnotified') s.construction_notification = 'not_notified'
      else if (profile.kind === 'new_late_notified')
        s.construction_notification = day >= addDays(started, 7) ? 'notified_late' : 'not_notified'
      else s.construction_notification = 'ok'
      if (profile.kind === 'new_undeclared') s.installation_inspection_declaration = 'not_declared'
      else if (profile.kind === 'new_unnotified')
        s.installation_inspection_declaration = day >= addDays(started, 3) ? 'ok' : 'not_declared'
      else s.installation_inspection_declaration = 'ok'
      if (profile.kind === 'new_ok' && day >= addDays(started, newInUseAfterDays)) s.in_use_information_entry = 'ok'
      return s
    }
  }
}
