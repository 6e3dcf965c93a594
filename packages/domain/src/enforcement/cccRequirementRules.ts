import { ruleTable } from '../RuleTable.ts'

/**
 * Rule table `cccRequirementRules`: from which day production or sale of each household gas
 * appliance category without a valid CCC certificate is prohibited. Gas leak alarms are not
 * under CCC (they get supervision spot checks), so they have no entry.
 */
export interface CccRequirement {
  readonly requiredFrom: Readonly<Record<string, string>>
}

export const cccRequirementRules = ruleTable<CccRequirement>('cccRequirementRules', [
  {
    version: '2020.1',
    effectiveFrom: '2020-10-01',
    rules: {
      requiredFrom: {
        gas_stove: '2020-10-01',
        gas_water_heater: '2020-10-01',
        gas_heating_water_heater: '2020-10-01',
      },
    },
  },
])
