/** A pointer to an event in the log: enough to read it back with readStream. */
export interface EvidenceRef {
  readonly eventId: string
  readonly streamName: string
  readonly revision: number
  readonly type: string
}

/** The enforcement read models (kysely style: one interface per table). */
export interface EnforcementTables {
  enf_violations: {
    id: string
    category: string
    sub_reason: string
    subject_kind: string
    subject_id: string
    organisation_id: string
    region: string
    /** When it happened in the field. */
    occurred_at: Date
    /** Its day in China time (YYYY-MM-DD), for period filters. */
    occurred_on: string
    /** recordedAt of the event that made it detectable: a pure function of the log. */
    detected_at: Date
    evidence: EvidenceRef[]
    details: Record<string, unknown>
    status: 'open' | 'resolved'
    /** What a later fact must match to cure it (registration:<code>, inspection:<kind>:<id>). */
    cure_key: string | null
    resolved_by_event_id: string | null
    resolved_by_event_type: string | null
    /** recordedAt of the curing event (when the log learnt of the cure). */
    resolved_at: Date | null
    /** The curing event's field day (China time, YYYY-MM-DD): from this day on it is resolved. */
    resolved_on: string | null
  }
  /** The dated facts of each cylinder / operator / appliance model, as the log showed them. */
  enf_cylinders: { cylinder_code: string; facts: unknown }
  enf_operators: { person_id: string; facts: unknown }
  enf_appliance_models: { model_key: string; facts: unknown }
  enf_registrations: {
    registration_code: string
    event_id: string
    stream_name: string
    revision: number
    registered_on: string
    organisation_id: string
    cancelled_on: string | null
  }
  /** Facts recorded later than `dateWindow.lateReportingDays` after their field day (迟报). */
  enf_late_reports: {
    event_id: string
    event_type: string
    stream_name: string
    revision: number
    organisation_id: string
    region: string
    occurred_at: Date
    recorded_at: Date
    /** Its recording day in China time (YYYY-MM-DD). */
    recorded_on: string
    delay_days: number
  }
  /** Facts (StoredPipelineFacts) carry the region and organisation. */
  enf_pipeline_stages: {
    pipeline_id: string
    facts: unknown
    /** StageEvent[]: the stage events in log order with their record time. */
    stage_events: unknown
    last_recorded_at: Date
    regions: string[]
  }
  /** The current facts typed (pipelineFactColumnTypes; the arrays and dates are not listed). */
  enf_pipeline_facts: {
    pipeline_id: string
    last_recorded_at: Date
    region: string
    organisation_id: string
  }
}
