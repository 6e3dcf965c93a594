import { z } from 'zod'

/** GB/T 2260 administrative division code: 2 digits province, 2 city, 2 county. */
export const RegionCode = z
  .string()
  .regex(/^\d{6}$/, 'a 6-digit GB/T 2260 region code')
  .describe('GB/T 2260 region code (行政区划代码)')
export type RegionCode = z.infer<typeof RegionCode>

export const OrganisationId = z.string().min(1).max(64).describe('organisation id (单位编号)')
export const IsoDate = z.iso.date().describe('calendar date YYYY-MM-DD')
export const IsoDateTime = z.iso.datetime({ offset: true }).describe('instant, ISO 8601 with offset')

/** Regions contain their sub-regions: 330000 (province) ⊃ 330100 (city) ⊃ 330106 (county). */
export function regionPrefix(code: string): string {
  if (code.endsWith('0000')) return code.slice(0, 2)
  if (code.endsWith('00')) return code.slice(0, 4)
  return code
}

export function regionContains(outer: string, inner: string): boolean {
  return inner.startsWith(regionPrefix(outer))
}
