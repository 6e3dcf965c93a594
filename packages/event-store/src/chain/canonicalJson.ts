/**
 * The canonical text of a JSON value: exactly what PostgreSQL prints for it as `jsonb::text`,
 * so the event store can hash an event in SQL and anyone can recompute the hash here, from
 * the event as read back, without a database. PostgreSQL's rules (src/backend/utils/adt/jsonb.c,
 * jsonb_util.c, numeric.c): object keys ordered by their UTF-8 length, then bytewise; `": "`
 * and `", "` between items; strings escaped as JSON.stringify does; numbers in plain decimal
 * notation (numeric never prints an exponent).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false'
    case 'number':
      return plainDecimal(value)
    case 'string':
      return JSON.stringify(value)
    case 'object':
      break
    default:
      throw new TypeError(`not JSON: ${typeof value}`)
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(', ')}]`
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return canonicalJson(JSON.parse(JSON.stringify(value)) as unknown)
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
  entries.sort(([a], [b]) => compareKeys(a, b))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${canonicalJson(v)}`).join(', ')}}`
}

const encoder = new TextEncoder()

function compareKeys(a: string, b: string): number {
  const x = encoder.encode(a)
  const y = encoder.encode(b)
  if (x.length !== y.length) return x.length - y.length
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!
  return 0
}

/** A number as numeric prints it: the shortest round-trip digits, without an exponent. */
function plainDecimal(n: number): string {
  if (!Number.isFinite(n)) throw new TypeError(`not JSON: ${n}`)
  const text = String(n === 0 ? 0 : n)
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text)
  if (!match) return text
  const [, sign, first, rest = '', exponentText] = match
  const digits = first! + rest
  // The decimal point sits after `first`; move it by the exponent.
  const point = 1 + Number(exponentText)
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`
}
