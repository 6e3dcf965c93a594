import type { SqlExecutor } from '@gsr/db'

/**
 * The rows of one read-model table that a projection batch touches: loaded once (one query),
 * evolved in memory in log order, the changed ones written back once (one statement). This is
 * how every projection writes keyed rows; it keeps the cost per event at microseconds instead
 * of a round trip or two.
 *
 * Rows are whole table rows (every column, as `SELECT *` returns them); jsonb columns hold
 * plain objects. The write goes through jsonb_populate_recordset, so column types come from
 * the table itself.
 */
export class BatchRows<Row extends object> {
  private readonly rows = new Map<string, Row>()
  private readonly dirty = new Set<string>()

  constructor(
    private readonly table: string,
    private readonly key: keyof Row & string,
  ) {}

  /** Loads the rows of these keys not loaded yet. */
  async load(tx: SqlExecutor, keys: Iterable<string>): Promise<void> {
    const wanted = [...new Set(keys)].filter((k) => !this.rows.has(k))
    if (wanted.length === 0) return
    const { rows } = await tx.query<Row>(`SELECT * FROM ${this.table} WHERE ${this.key} = ANY($1)`, [wanted])
    for (const row of rows) this.rows.set(String(row[this.key]), row)
  }

  /**
   * Loads every row whose `column` holds one of these values (rows of a subject keyed by
   * another column, e.g. a cylinder's entrustments keyed by event id); rows loaded already,
   * changed or not, are kept as they are in memory.
   */
  async loadWhere(tx: SqlExecutor, column: keyof Row & string, values: Iterable<string>): Promise<void> {
    const wanted = [...new Set(values)]
    if (wanted.length === 0) return
    const { rows } = await tx.query<Row>(`SELECT * FROM ${this.table} WHERE ${column} = ANY($1)`, [wanted])
    for (const row of rows) {
      const key = String(row[this.key])
      if (!this.rows.has(key)) this.rows.set(key, row)
    }
  }

  /**
   * `load` (or `loadWhere`, with `column`) for several tables in one round trip: a batch that
   * needs the rows of four tables pays one statement, not four. Rows travel as json (one
   * json_agg per table), so only for tables whose columns read back from json as `SELECT *`
   * gives them: text, integers, booleans, jsonb (a timestamptz comes back as ISO text).
   */
  static async loadTogether(
    tx: SqlExecutor,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tables of different rows
    loads: readonly { readonly rows: BatchRows<any>; readonly values: Iterable<string>; readonly column?: string }[],
  ): Promise<void> {
    const wanted = loads
      .map(({ rows, values, column }) => ({
        rows,
        column: column ?? rows.key,
        values: [...new Set(values)].filter((v) => column !== undefined || !rows.rows.has(v)),
      }))
      .filter((w) => w.values.length > 0)
    if (wanted.length === 0) return
    const selects = wanted.map(
      (w, i) =>
        `(SELECT coalesce(json_agg(t), '[]') FROM ${w.rows.table} t WHERE ${w.column} = ANY($${i + 1})) AS r${i}`,
    )
    const { rows } = await tx.query<Record<string, Record<string, unknown>[]>>(
      `SELECT ${selects.join(', ')}`,
      wanted.map((w) => w.values),
    )
    wanted.forEach(({ rows: table }, i) => {
      for (const row of rows[0]![`r${i}`]!) {
        const key = String(row[table.key])
        if (!table.rows.has(key)) table.rows.set(key, row)
      }
    })
  }

  get(key: string): Row | undefined {
    return this.rows.get(key)
  }

  /** The rows loaded or set so far. */
  values(): IterableIterator<Row> {
    return this.rows.values()
  }

  set(key: string, row: Row): void {
    this.rows.set(key, row)
    this.dirty.add(key)
  }

  /**
   * The whole batch for a register of one row per subject: loads the rows the items are about,
   * folds each event into its row in log order (`evolve` returns the same object when nothing
   * changed, undefined for "no row yet"), writes the changed rows back.
   */
  async evolveAll<E>(
    tx: SqlExecutor,
    items: readonly { readonly key: string; readonly event: E }[],
    evolve: (row: Row | undefined, event: E) => Row | undefined,
  ): Promise<void> {
    await this.load(
      tx,
      items.map((i) => i.key),
    )
    for (const { key, event } of items) {
      const before = this.rows.get(key)
      const after = evolve(before, event)
      if (after !== before && after !== undefined) this.set(key, after)
    }
    await this.flush(tx)
  }

  /** Writes the changed rows back (insert or replace), in one statement per 2000 rows. */
  async flush(tx: SqlExecutor): Promise<void> {
    if (this.dirty.size === 0) return
    const changed = [...this.dirty].map((k) => this.rows.get(k)!)
    this.dirty.clear()
    const updates = Object.keys(changed[0]!)
      .filter((c) => c !== this.key)
      .map((c) => `${c} = EXCLUDED.${c}`)
      .join(', ')
    await writeRows(tx, this.table, changed, `ON CONFLICT (${this.key}) DO UPDATE SET ${updates}`)
  }
}

/**
 * The rows of an append-only read-model table (one row per fact, never changed: fills, history,
 * records), inserted in one statement per 2000 rows; a row already there (a replayed event) is
 * kept. Rows are built as BatchRows' are (every row of a call has the same columns; jsonb
 * columns hold plain objects; column types come from the table).
 */
export async function appendRows(tx: SqlExecutor, table: string, rows: readonly object[]): Promise<void> {
  await writeRows(tx, table, rows, 'ON CONFLICT DO NOTHING')
}

async function writeRows(tx: SqlExecutor, table: string, rows: readonly object[], onConflict: string): Promise<void> {
  if (rows.length === 0) return
  const columns = Object.keys(rows[0]!).join(', ')
  for (let i = 0; i < rows.length; i += 2000)
    await tx.query(
      `INSERT INTO ${table} (${columns})
       SELECT ${columns} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)
       ${onConflict}`,
      [JSON.stringify(rows.slice(i, i + 2000))],
    )
}
