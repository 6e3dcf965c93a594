import type { SqlExecutor } from '@gsr/db'
import type { RecordedEvent } from '@gsr/event-store'
import type { ViolationFinding } from '@gsr/domain/enforcement'
import type { CylinderEvent } from '@gsr/events/cylinders'
import type { EquipmentEvent } from '@gsr/events/equipment'
import type { BatchRows } from '../../BatchRows.ts'
import type { EnforcementTables, EvidenceRef } from '../EnforcementTables.ts'

/** An event of either catalogue, as the anti-corruption layer parsed it. */
export type CatalogueEvent = EquipmentEvent | CylinderEvent
export type CatalogueEventType = CatalogueEvent['type']

/** One event of the batch: as recorded (id, time, place in the log) and as parsed. */
export interface BatchEvent {
  readonly recorded: RecordedEvent
  readonly event: CatalogueEvent
}

/** A stored fact keeps the pointer to its event, so violations can cite it as evidence. */
export type Stored<F> = F & { readonly ref: EvidenceRef }

/**
 * Dated facts about one kind of subject (a cylinder, an operator, an appliance model), kept in
 * their own table (`key text PRIMARY KEY, facts jsonb`) as the log showed them. The dispatcher
 * folds each event of `eventTypes` in before any practice sees it.
 */
export interface Facts<F> {
  readonly table: string
  readonly key: string
  readonly eventTypes: readonly CatalogueEventType[]
  /** The subject an event of `eventTypes` is about. */
  keyOf(event: CatalogueEvent): string
  /** The facts after the event. */
  evolve(facts: F | undefined, batchEvent: BatchEvent): F
}

/** Facts a practice judges with, and which subject's facts an event needs (undefined: none). */
export interface FactsRead {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry of heterogeneous fact kinds
  readonly facts: Facts<any>
  keyOf(event: CatalogueEvent): string | undefined
}

/** A violation as the batch holds it before it is written: the enf_violations row, instants as ISO text. */
export type ViolationRow = Omit<EnforcementTables['enf_violations'], 'occurred_at' | 'detected_at' | 'resolved_at'> & {
  occurred_at: string
  detected_at: string
  resolved_at: string | null
}

/** A use registration as the log showed it (`enf_registrations`). */
export type RegistrationRow = EnforcementTables['enf_registrations']

/** What the dispatcher gives a practice for one batch. */
export interface ViolationBatch {
  readonly tx: SqlExecutor
  readonly events: readonly BatchEvent[]
  /** The registrations of the codes the batch's events name, changed in memory, written after the batch. */
  readonly registrations: BatchRows<RegistrationRow>
  /** The subject's facts as of the event being processed (loaded for the batch). */
  facts<F>(facts: Facts<F>, key: string): F | undefined
  /** The trigger's pointer plus those of the facts a judgement used, by event id. */
  refsOf(trigger: RecordedEvent, ...facts: readonly (readonly { ref: EvidenceRef }[])[]): Map<string, EvidenceRef>
  /** Records a finding once (its id is deterministic); `cureKey`: what a later fact must match to cure it. */
  record(finding: ViolationFinding, trigger: RecordedEvent, refs: Map<string, EvidenceRef>, cureKey?: string): void
  /** Whether this batch already found the violation of this id. */
  found(id: string): boolean
  /**
   * The violations recorded before the batch that are open with this cure key: those of the
   * keys the practices' `cureKeysOf` name, loaded with the batch's facts.
   */
  openRecorded(cureKey: string): readonly ViolationRow[]
  /** Whether an open violation with this cure key, recorded or found in this batch, waits for its cure. */
  awaitsCure(cureKey: string): Promise<boolean>
  /** Whether the violation of this id was recorded, or found in this batch. */
  exists(id: string): Promise<boolean>
  /**
   * Resolves every open violation with this cure key, recorded or found in this batch, by the
   * curing event (the first, should several cure one key). Those recorded are written after
   * the batch's events, in one statement.
   */
  cure(cureKey: string, by: RecordedEvent): void
  /** Resolves the violations found in this batch with this cure key for which `cured` holds. */
  cureFound(cureKey: string, by: RecordedEvent, cured: (row: ViolationRow) => boolean): void
  /** Resolves recorded violations by id (those still open). */
  resolve(ids: readonly string[], by: RecordedEvent): Promise<void>
}

/** A practice's work on one batch: each event of its types in log order, then `end`. */
export interface PracticeRun {
  apply(batchEvent: BatchEvent): Promise<void> | void
  /** After the batch's violations are written. */
  end?(): Promise<void>
}

/**
 * One practice (a category of the "five strict crackdowns", or one of its sub-reasons): the
 * events it reads, the facts it judges with (`reads`; facts it keeps declare their own events),
 * its judge (pure, in packages/domain/src/enforcement) and its cure, all in one file under
 * practices/. The registry (practices/index.ts) lists them; the dispatcher runs them.
 */
export interface Practice {
  readonly name: string
  readonly eventTypes: readonly CatalogueEventType[]
  readonly reads?: readonly FactsRead[]
  /**
   * The cure keys of the recorded violations the practice reads for this event (openRecorded,
   * awaitsCure): loaded with the batch's facts, in the same statement.
   */
  cureKeysOf?(event: CatalogueEvent): readonly string[]
  begin(batch: ViolationBatch): Promise<PracticeRun> | PracticeRun
}
