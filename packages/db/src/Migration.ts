/**
 * A schema change, identified by a globally unique name. Each module (event store, service
 * kit, each projection) owns its own ordered list; prefix names with the module
 * (`equipment_register_001_create`) so lists from different modules never collide.
 */
export interface Migration {
  readonly name: string
  /** SQL script run once, in a transaction, in list order. */
  readonly up: string
}
