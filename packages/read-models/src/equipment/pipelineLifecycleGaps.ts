import type { PipelineRegisterTable } from './EquipmentReadModelDB.ts'

/**
 * What a pipeline's record lacks, given the stages it has reached: the shortfalls behind the
 * "four 100%" (a pipeline found under construction that nobody notified, one found in use that
 * nobody recorded, an in-use pipeline
 * never declared for installation inspection, an incomplete in-use record, a due periodic
 * inspection nobody declared).
 */
export function pipelineMissingStages(row: PipelineRegisterTable): string[] {
  const missing: string[] = []
  const started = row.construction_started_on !== null
  const inUse = row.in_use_recorded_on !== null || row.found_in_use_on !== null
  const installed = row.installation_inspected_on !== null || inUse
  if ((started || installed) && row.notified_on === null) missing.push('construction_notification')
  if (installed && row.installation_declared_on === null) missing.push('installation_inspection_declaration')
  if (row.in_use_recorded_on !== null && row.installation_inspected_on === null) missing.push('installation_inspection')
  // Found in use with no record, or recorded with gaps: the in-use information is missing.
  if (inUse && row.in_use_complete !== true) missing.push('in_use_record_fields')
  if (
    row.due_state !== 'ok' &&
    row.next_due_date !== null &&
    row.periodic_declared_for_due_date !== row.next_due_date
  ) {
    missing.push('periodic_inspection_declaration')
  }
  return missing
}
