/**
 * The event-store port. Adapters: PostgreSQL (node-postgres and PGlite, one code path) and
 * EventStoreDB/KurrentDB. All of them pass the one contract suite in ./testing.
 */

/** Who did it, on whose behalf: every event says so. */
export interface Actor {
  readonly organisationId: string
  readonly userId?: string
  readonly role: string
}

export interface EventMetadata {
  readonly actor: Actor
  /** When it happened in the field (ISO 8601); may be long before it was recorded. */
  readonly occurredAt: string
  readonly correlationId?: string
  readonly causationId?: string
  /** Version of the event's data schema; upcasters lift old versions on read. */
  readonly schemaVersion: number
}

export interface NewEvent<Type extends string = string, Data = unknown> {
  /** Unique id (UUID). Re-sending an event with the same id is a no-op, not a duplicate. */
  readonly id: string
  readonly type: Type
  readonly data: Data
  readonly metadata: EventMetadata
}

/**
 * Position in the global order. For PostgreSQL: (writing transaction id, sequence number);
 * for EventStoreDB: (commit, prepare) log positions. Compare with comparePositions.
 * Numbers, not bigints: neither part reaches 2^53 in any realistic deployment.
 */
export interface GlobalPosition {
  readonly commit: number
  readonly prepare: number
}

export interface RecordedEvent<Type extends string = string, Data = unknown> extends NewEvent<Type, Data> {
  readonly streamName: string
  /** 0-based revision of the event within its stream. */
  readonly revision: number
  readonly position: GlobalPosition
  readonly recordedAt: Date
  /**
   * The event's link in its stream's hash chain (hex SHA-256 over the previous event's hash and
   * this event's canonical form: chain/eventHash.ts). Every adapter of this tree records it.
   */
  readonly hash?: string
}

export interface HeldBackEvents {
  readonly events: number
  /** recordedAt of the oldest held-back event: how long the stall has lasted. */
  readonly oldestRecordedAt: Date | undefined
  /**
   * The last readable position in the same measurement (startOfLog when none is readable):
   * the events up to it are exactly those readable then, and the held-back ones lie after it,
   * so a reader that counts readable events up to the horizon plus `events` counts each once,
   * even when held events become readable between two reads.
   */
  readonly horizon?: GlobalPosition
}

/** 'any': no check; 'no_stream': the stream must not exist; a number: the last event's revision. */
export type ExpectedRevision = 'any' | 'no_stream' | number

export interface AppendOptions {
  readonly expectedRevision?: ExpectedRevision
}

export interface AppendResult {
  /** Revision of the stream's last event after the append (pass it as the next expectedRevision). */
  readonly nextExpectedRevision: number
  readonly position: GlobalPosition
  /**
   * True when these very events were recorded already (an idempotent retry): nothing was
   * written, and the result is the original one; false when this append wrote them. Adapters
   * that cannot tell leave it out.
   */
  readonly replayed?: boolean
}

export interface ReadStreamOptions {
  /** Inclusive; default 0. */
  readonly fromRevision?: number
  readonly maxCount?: number
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position; default the beginning. */
  readonly after?: GlobalPosition
  readonly maxCount?: number
}

export interface SubscribeOptions {
  /** Exclusive checkpoint; default the beginning. */
  readonly after?: GlobalPosition
  /** Events fetched per read while catching up. */
  readonly batchSize?: number
  /** Aborting ends the iteration. */
  readonly signal?: AbortSignal
}

export interface EventStore {
  appendToStream(streamName: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>
  /** Events of one stream in revision order; an empty array for a stream that does not exist. */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>
  /** Events of all streams in global order. Never skips an event that commits late. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>
  /**
   * Catch up from the checkpoint, then follow live. Backpressure: the next batch is read only
   * when the consumer asks for more, so a slow consumer never buffers the log in memory.
   */
  subscribeToAll(options?: SubscribeOptions): AsyncIterable<RecordedEvent>
  /** Position of the last event readers can see, or undefined for an empty store. */
  headPosition(): Promise<GlobalPosition | undefined>
  /**
   * Events already committed but not yet readable, because an older write transaction is still
   * open (the price of the gap-safe order: readers wait rather than skip). Lets lag show such a
   * stall. Adapters without the notion (EventStoreDB) leave it out.
   */
  heldBack?(): Promise<HeldBackEvents>
  /**
   * One round trip to a store that lives apart from the read models (EventStoreDB), without
   * retrying: rejects with EventStoreUnavailableError when it cannot be reached now. For
   * readiness probes; adapters on the read models' own database leave it out.
   */
  ping?(): Promise<void>
  close(): Promise<void>
}
