import { z } from 'zod'

/** Cylinder types of the rule table `cylinderTypeRules` (packages/domain/src/cylinders). */
export const cylinderTypes = [
  'lpg_welded_steel',
  'seamless_steel_general',
  'seamless_steel_inert',
  'corrosive_gas',
  'dissolved_acetylene',
  'vehicle_cng',
  'fibre_wrapped_composite',
] as const

export const CylinderType = z.enum(cylinderTypes).describe('cylinder type (气瓶品种)')
export type CylinderType = z.infer<typeof CylinderType>

export const cylinderTypeLabels: Record<CylinderType, { 'zh-CN': string; en: string }> = {
  lpg_welded_steel: { 'zh-CN': '液化石油气钢瓶', en: 'LPG welded steel cylinder' },
  seamless_steel_general: { 'zh-CN': '无缝钢瓶（一般气体）', en: 'seamless steel cylinder, general gases' },
  seamless_steel_inert: { 'zh-CN': '无缝钢瓶（惰性气体）', en: 'seamless steel cylinder, inert gases' },
  corrosive_gas: { 'zh-CN': '腐蚀性气体气瓶', en: 'corrosive gas cylinder' },
  dissolved_acetylene: { 'zh-CN': '溶解乙炔气瓶', en: 'dissolved acetylene cylinder' },
  vehicle_cng: { 'zh-CN': '车用压缩天然气气瓶', en: 'vehicle CNG cylinder' },
  fibre_wrapped_composite: { 'zh-CN': '缠绕气瓶', en: 'fibre-wrapped composite cylinder' },
}

/** One cylinder, one code (一瓶一码): the QR/RFID code printed on the cylinder. */
export const CylinderCode = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{3,63}$/, '4-64 letters, digits or dashes')
  .describe('cylinder code (气瓶编码, 一瓶一码)')
export type CylinderCode = z.infer<typeof CylinderCode>

/** A person's id (e.g. ID-card number or an internal person id): operators are people. */
export const PersonId = z.string().min(1).max(64).describe('person id (人员编号)')
