/**
 * A conservative estimate of how many bits of entropy a secret holds: its length times the
 * Shannon entropy per character, taking the lower of the characters' own distribution and that
 * of the steps between neighbours (so `abcdef…` or `abab…` count for what they are). Random
 * base64 of 48 bytes scores about 350, random hex of 32 bytes about 240, 32 identical characters 0.
 */
export function estimateSecretBits(secret: string): number {
  const chars = [...secret]
  if (chars.length < 2) return 0
  const codes = chars.map((c) => c.codePointAt(0) ?? 0)
  const steps = codes.slice(1).map((code, i) => code - codes[i]!)
  return chars.length * Math.min(shannon(codes), shannon(steps))
}

function shannon(values: readonly number[]): number {
  const counts = new Map<number, number>()
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1)
  let bits = 0
  for (const count of counts.values()) {
    const p = count / values.length
    bits -= p * Math.log2(p)
  }
  return bits
}
