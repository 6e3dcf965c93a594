/**
 * The unified social credit code (统一社会信用代码, GB 32100-2015) every organisation in China
 * carries: 18 characters from a 31-character set (digits and capitals without I, O, S, V, Z):
 * registration authority (1), organisation category (1), region code (6, GB/T 2260),
 * organisation code (9, GB 11714) and a check character computed over the first 17 (MOD 31).
 */
export const usccCharacters = '0123456789ABCDEFGHJKLMNPQRTUWXY'

/** Weight of position i (0-based) in the check sum: 3^i mod 31 (GB 32100-2015, 4.3). */
const weights = Array.from({ length: 17 }, (_, i) => {
  let w = 1
  for (let k = 0; k < i; k++) w = (w * 3) % 31
  return w
})

/** What is wrong with a code, or undefined when it is a well-formed code with a right check character. */
export type UsccDefect = 'length' | 'character' | 'check_character'

/** The check character (18th) of a code's first 17 characters; undefined if one is outside the set. */
export function usccCheckCharacter(first17: string): string | undefined {
  if (first17.length !== 17) return undefined
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const value = usccCharacters.indexOf(first17[i]!)
    if (value < 0) return undefined
    sum += value * weights[i]!
  }
  return usccCharacters[(31 - (sum % 31)) % 31]
}

/** Judges a unified social credit code as written (upper case, no spaces). */
export function usccDefect(code: string): UsccDefect | undefined {
  if (code.length !== 18) return 'length'
  for (const c of code) if (!usccCharacters.includes(c)) return 'character'
  return usccCheckCharacter(code.slice(0, 17)) === code[17] ? undefined : 'check_character'
}

export const usccDefectLabels: Record<UsccDefect, { 'zh-CN': string; en: string }> = {
  length: { 'zh-CN': '统一社会信用代码应为18位', en: 'a unified social credit code has 18 characters' },
  character: {
    'zh-CN': '统一社会信用代码只含数字和大写字母（不含I、O、S、V、Z）',
    en: 'digits and capital letters only, without I, O, S, V, Z',
  },
  check_character: { 'zh-CN': '统一社会信用代码校验位错误', en: 'wrong check character (GB 32100-2015)' },
}
