import type { ViolationCategory } from './violationCatalogue.ts'

/**
 * The violation category a field finding on its own stream (`finding-<id>`) is evidence of:
 * its "kind" when a rectification order names it (the legal basis cited, rebounds).
 */
export const findingCategory: Readonly<Record<string, ViolationCategory>> = {
  EquipmentFoundInUse: 'equipment_unregistered_or_uninspected',
  OperationFoundPerformed: 'operator_uncertified',
}
