/**
 * The key that names one piece of equipment by its nameplate: the manufacturer and its serial
 * number (出厂编号), trimmed, inner spaces collapsed, letters upper-cased, so the same plate read
 * by a team and typed by a user gives the same key. Undefined unless both are known: a serial
 * number alone is unique only within its manufacturer.
 */
export function equipmentIdentityKey(
  manufacturer: string | undefined,
  serialNumber: string | undefined,
): string | undefined {
  const norm = (text: string | undefined) => text?.trim().replace(/\s+/gu, ' ').toUpperCase()
  const m = norm(manufacturer)
  const s = norm(serialNumber)
  return m && s ? `${m}|${s}` : undefined
}
