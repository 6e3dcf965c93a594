/** A complainant's contact as stored (every part optional: a tip-off may be anonymous). */
export interface ComplainantContact {
  readonly name?: string | undefined
  readonly phone?: string | undefined
  readonly address?: string | undefined
}

const stars = (n: number) => '*'.repeat(Math.max(n, 1))

/**
 * The contact as anyone but the receiving team sees it on the single-ticket route: the name's
 * first character, the phone's first three and last four digits (all masked when shorter than
 * eight), the address's first six characters. Enough to tell two complainants apart, not to
 * reach one (the rule is in the enforcement service README).
 */
export function maskComplainant(contact: ComplainantContact): ComplainantContact {
  const { name, phone, address } = contact
  const digits = phone?.replace(/[^0-9]/g, '')
  return {
    ...(name !== undefined ? { name: [...name][0] + stars([...name].length - 1) } : {}),
    ...(digits !== undefined
      ? {
          phone:
            digits.length >= 8
              ? `${digits.slice(0, 3)}${stars(digits.length - 7)}${digits.slice(-4)}`
              : stars(digits.length),
        }
      : {}),
    ...(address !== undefined ? { address: `${[...address].slice(0, 6).join('')}****` } : {}),
  }
}
