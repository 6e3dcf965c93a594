import { z } from 'zod'

/**
 * The special-equipment categories registered here (TSG 08). Gas cylinders, the ninth
 * category, have their own flow (cylinder-<code> streams, see ../cylinders).
 */
export const equipmentCategories = [
  'boiler',
  'pressure_vessel',
  'pressure_pipeline',
  'elevator',
  'lifting_machinery',
  'passenger_ropeway',
  'large_amusement_ride',
  'in_site_vehicle',
] as const

export const EquipmentCategory = z.enum(equipmentCategories).describe('equipment category (设备类别)')
export type EquipmentCategory = z.infer<typeof EquipmentCategory>

export const equipmentCategoryLabels: Record<EquipmentCategory, { 'zh-CN': string; en: string }> = {
  boiler: { 'zh-CN': '锅炉', en: 'boiler' },
  pressure_vessel: { 'zh-CN': '压力容器', en: 'pressure vessel' },
  pressure_pipeline: { 'zh-CN': '压力管道', en: 'pressure pipeline' },
  elevator: { 'zh-CN': '电梯', en: 'elevator' },
  lifting_machinery: { 'zh-CN': '起重机械', en: 'lifting machinery' },
  passenger_ropeway: { 'zh-CN': '客运索道', en: 'passenger ropeway' },
  large_amusement_ride: { 'zh-CN': '大型游乐设施', en: 'large amusement ride' },
  in_site_vehicle: { 'zh-CN': '场（厂）内专用机动车辆', en: 'in-site motor vehicle' },
}

/**
 * Category-specific attributes. `safetyGrade` is the pressure-vessel / pipeline safety grade
 * (1-5) that picks the periodic interval; `subtype` narrows a category where the interval
 * differs (lifting machinery: tower_crane, construction_hoist, mobile_crane).
 */
export const EquipmentAttributes = z
  .strictObject({
    safetyGrade: z.number().int().min(1).max(5).optional().describe('safety grade 1-5 (安全状况等级)'),
    pipelineGrade: z
      .string()
      .regex(/^(GA|GB|GC|GD)[0-9]?$/)
      .optional()
      .describe('pipeline grade, e.g. GB1 (管道级别)'),
    subtype: z.string().min(1).max(64).optional().describe('subtype, e.g. tower_crane'),
    model: z.string().max(128).optional(),
  })
  .describe('category-specific attributes')
export type EquipmentAttributes = z.infer<typeof EquipmentAttributes>

/**
 * What identifies a piece of equipment beyond its registration code: its manufacturer and the
 * manufacturer's serial number (出厂编号), stamped on its nameplate. The same pair names the
 * same equipment in a field finding and in a later registration.
 */
export const EquipmentIdentity = {
  manufacturer: z.string().min(1).max(256).optional().describe('manufacturer (制造单位)'),
  serialNumber: z.string().min(1).max(128).optional().describe('manufacturer’s serial number (出厂编号)'),
}
