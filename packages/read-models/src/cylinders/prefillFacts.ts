import type { Migration, SqlExecutor } from '@gsr/db'
import type { OperatorCertificateFact, PrefillCylinderFacts } from '@gsr/domain/cylinders'

export interface PrefillFacts {
  readonly cylinder:
    | (PrefillCylinderFacts & { readonly regionCode: string; readonly code: string; readonly cylinderType: string })
    | undefined
  /** The named operator's certificate facts (empty when none is named or none exists). */
  readonly certificates: readonly OperatorCertificateFact[]
}

interface Row {
  cylinder: {
    code: string
    cylinder_type: string
    owner_organisation_id: string
    refurbished: boolean
    next_inspection_date: string
    design_life_end_date: string
    last_inspection_result: string | null
    scrapped_on: string | null
    refurbished_on?: string | null
    region_code: string
    entrustments: { from: string; until?: string | null }[] | null
  } | null
  certificates: OperatorCertificateFact[]
}

/** The start of the function's body: the cylinder row with this station's entrustments. */
const prefillFunctionHead = `      RETURNS TABLE (cylinder json, certificates json)
      LANGUAGE plpgsql STABLE AS $fn$
      BEGIN
        RETURN QUERY SELECT
          (SELECT json_build_object(
              'code', c.code, 'cylinder_type', c.cylinder_type, 'owner_organisation_id', c.owner_organisation_id,
              'refurbished', c.refurbished, 'next_inspection_date', c.next_inspection_date,
              'design_life_end_date', c.design_life_end_date, 'last_inspection_result', c.last_inspection_result,
              'scrapped_on', c.scrapped_on, 'region_code', c.region_code, 'entrustments', c.entrustments -> p_station)
           FROM cyl_cylinders c WHERE c.code = p_code),`

/**
 * The hot path of the pre-fill check: one round trip, two primary-key/indexed lookups (the
 * cylinder row with this station's entrustments, the operator's certificates). No replay.
 * It is a PL/pgSQL function (migration below) so its plan is kept per connection: the
 * statement sent per check (`SELECT * FROM cyl_prefill_facts(...)`) costs next to nothing to
 * plan, where the query itself was planned afresh on every check.
 */
export const prefillFactsMigrations: readonly Migration[] = [
  {
    name: 'cylinder_register_002_prefill_facts_function',
    up: `
      CREATE FUNCTION cyl_prefill_facts(p_code text, p_station text, p_person text)
${prefillFunctionHead}
          (SELECT COALESCE(json_agg(json_build_object(
              'certificate_no', o.certificate_no, 'categories', o.categories, 'terms', o.terms,
              'suspensions', o.suspensions, 'revoked_on', o.revoked_on)), '[]'::json)
           FROM op_certificates o WHERE o.person_id = p_person);
      END
      $fn$;
    `,
  },
  {
    // The operator's certificates as the dated facts the status function reads (in log order
    // per certificate), where it returned the folded terms and suspensions.
    name: 'cylinder_register_003_prefill_operator_facts',
    up: `
      CREATE OR REPLACE FUNCTION cyl_prefill_facts(p_code text, p_station text, p_person text)
${prefillFunctionHead}
          (SELECT COALESCE(json_agg(f.fact ORDER BY o.certificate_no, f.n), '[]'::json)
           FROM op_certificates o, jsonb_array_elements(o.facts) WITH ORDINALITY AS f(fact, n)
           WHERE o.person_id = p_person);
      END
      $fn$;
    `,
  },
  {
    // The cylinder's markings carry their field days (refurbished_on: found by an agency or
    // enforcement): the check refuses from that day, so a fill uploaded later is judged by its day.
    name: 'cylinder_register_005_prefill_marking_days',
    up: `
      ALTER TABLE cyl_cylinders ADD COLUMN IF NOT EXISTS refurbished_on text;
      CREATE OR REPLACE FUNCTION cyl_prefill_facts(p_code text, p_station text, p_person text)
${prefillFunctionHead.replace("'scrapped_on', c.scrapped_on,", "'scrapped_on', c.scrapped_on, 'refurbished_on', c.refurbished_on,")}
          (SELECT COALESCE(json_agg(f.fact ORDER BY o.certificate_no, f.n), '[]'::json)
           FROM op_certificates o, jsonb_array_elements(o.facts) WITH ORDINALITY AS f(fact, n)
           WHERE o.person_id = p_person);
      END
      $fn$;
    `,
  },
]

/** The statement the check sends: (cylinder code, station id, operator person id or null). */
export const prefillFactsStatement =
  'SELECT cylinder, certificates FROM cyl_prefill_facts($1::text, $2::text, $3::text)'

export async function loadPrefillFacts(
  sql: SqlExecutor,
  query: { cylinderCode: string; stationId: string; operatorId?: string | undefined },
): Promise<PrefillFacts> {
  const { rows } = await sql.query<Row>(prefillFactsStatement, [
    query.cylinderCode,
    query.stationId,
    query.operatorId ?? null,
  ])
  const row = rows[0]
  const c = row?.cylinder
  return {
    cylinder: c
      ? {
          code: c.code,
          cylinderType: c.cylinder_type,
          ownerOrganisationId: c.owner_organisation_id,
          refurbished: c.refurbished,
          nextInspectionDate: c.next_inspection_date,
          designLifeEndDate: c.design_life_end_date,
          lastInspectionResult: c.last_inspection_result,
          scrapped: c.scrapped_on !== null,
          scrappedOn: c.scrapped_on,
          refurbishedOn: c.refurbished_on ?? null,
          regionCode: c.region_code,
          entrustments: c.entrustments ?? [],
        }
      : undefined,
    certificates: row?.certificates ?? [],
  }
}
