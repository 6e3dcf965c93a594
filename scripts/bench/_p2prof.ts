import { createKysely, createPostgresClient } from '@gsr/db'
import { sql } from 'kysely'
import { pipelineRates, pipelineSourceColumns, type EnforcementTables } from '@gsr/read-models/enforcement'
import { regionFiguresStatement } from '../../packages/read-models/src/enforcement/pipelineRatesSql.ts'
const c = await createPostgresClient({ connectionString: 'postgres://postgres@127.0.0.1:5432/test', schema: process.argv[2]!, maxConnections: 2 })
const db = createKysely<EnforcementTables>(c)
const src = sql`SELECT ${pipelineSourceColumns} FROM enf_pipeline_stages WHERE region LIKE '3301%'`
const compiled = regionFiguresStatement('330100', '2025-12-31', src).compile(db)
for (let i = 0; i < 1; i++) {
  const t0 = performance.now(); await pipelineRates(db, '330100', '2025-12-31'); const t1 = performance.now()
  const r = await c.transaction(async (tx) => { await tx.query('SET LOCAL jit = off'); const a = performance.now(); const res = await tx.query(compiled.sql, compiled.parameters as unknown[]); const b = performance.now()
    const e = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${compiled.sql}`, compiled.parameters as unknown[])
    return [b - a, JSON.stringify(res.rows).length, e.rows.map((x) => x["QUERY PLAN"]).join("\n")] })
  console.log('pipelineRates', (t1 - t0).toFixed(0), 'ms; statement round trip', r)
}
await c.close()
