/**
 * The equipment/pipeline read models as a kysely database interface: one type per table.
 * Dates are YYYY-MM-DD text (sortable, and identical on pg and PGlite).
 */
export type DueState = 'ok' | 'due' | 'overdue'

export interface EquipmentRegisterTable {
  registration_code: string
  category: string
  organisation_id: string
  region: string
  location: string
  attributes: Record<string, unknown>
  safety_grade: number | null
  subtype: string | null
  status: 'active' | 'suspended' | 'cancelled'
  put_into_service_date: string
  registered_on: string
  registration_deadline: string
  late: boolean
  next_due_date: string | null
  due_state: DueState
  due_since: string | null
  overdue_since: string | null
  declared_for_due_date: string | null
  declared_on: string | null
  declared_in_time: boolean | null
  last_inspection_date: string | null
  last_inspection_kind: string | null
  last_inspection_conclusion: string | null
  last_inspection_report: string | null
  /** false while the last inspection is only stated by the user; true once from an agency. */
  last_inspection_confirmed: boolean | null
  status_since: string
  /** The manufacturer and its serial number (出厂编号), when the registration gave them. */
  manufacturer: string | null
  serial_number: string | null
  /** 使用登记证编号, when the registration carries it. */
  certificate_number: string | null
  /** A transfer offered and not yet accepted, declined or withdrawn. */
  pending_transfer_to: string | null
  pending_transfer_to_region: string | null
  pending_transfer_location: string | null
  pending_transfer_offered_on: string | null
}

export interface PipelineRegisterTable {
  pipeline_id: string
  organisation_id: string | null
  installer_id: string | null
  region: string
  name: string | null
  location: string | null
  grade: string | null
  length_meters: number | null
  planned_start_date: string | null
  notified_on: string | null
  construction_started_on: string | null
  construction_source: 'reported' | 'found' | null
  installation_declared_on: string | null
  installation_inspected_on: string | null
  installation_conclusion: string | null
  /** The first day an enforcement team found it in use (PipelineFoundInUse). */
  found_in_use_on: string | null
  in_use_recorded_on: string | null
  in_use_complete: boolean | null
  in_use_missing_fields: string[]
  put_into_service_date: string | null
  safety_grade: number | null
  next_due_date: string | null
  due_state: DueState
  due_since: string | null
  overdue_since: string | null
  periodic_declared_for_due_date: string | null
  periodic_declared_on: string | null
  periodic_declared_in_time: boolean | null
  last_inspection_date: string | null
  last_inspection_conclusion: string | null
  /** Stages that should have happened before what is recorded, and did not (lifecycle gaps). */
  missing_stages: string[]
  /** Stages recorded out of order, e.g. construction_started_before_notification. */
  anomalies: string[]
}

export interface InspectionHistoryTable {
  event_id: string
  subject_kind: string
  subject_id: string
  organisation_id: string
  region: string
  agency_id: string
  kind: string
  conclusion: string
  report_number: string
  inspectors: string[]
  inspection_date: string
  next_due_date: string | null
  recorded_at: Date
}

export interface EquipmentReadModelDB {
  equipment_register: EquipmentRegisterTable
  pipeline_register: PipelineRegisterTable
  inspection_history: InspectionHistoryTable
}
