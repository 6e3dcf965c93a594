export {
  cylinderTypeRules,
  cylinderTypeRuleOn,
  designLifeOf,
  designLifeEndAfterPass,
  type CylinderTypeRule,
  type CylinderTypeRules,
  type DesignLife,
} from './cylinderTypeRules.ts'
export { fillCheckItems, fillCheckItemsOn, type CheckItem, type FillCheckItemRules } from './fillCheckItems.ts'
export {
  cylinderDecider,
  cylinderDeciderWith,
  type CylinderCommand,
  type CylinderState,
  type CylinderStreamEvent,
} from './cylinderDecider.ts'
export {
  prefillCheck,
  fillingWorkCategory,
  type PrefillCheckAnswer,
  type PrefillCheckInput,
  type PrefillCylinderFacts,
} from './prefillCheck.ts'
export {
  operatorCertificateFact,
  operatorCertificateStatusOn,
  type OperatorCertificateFact,
  type OperatorCertificateStanding,
  type OperatorCertificateStatus,
} from './operatorCertificateStatus.ts'
export {
  operatorCertificateRules,
  latestValidUntil,
  type OperatorCertificateRules,
} from './operatorCertificateRules.ts'
export {
  operatorDecider,
  operatorDeciderWith,
  operatorRuleTablesInCode,
  type OperatorRuleTables,
  type OperatorCommand,
  type OperatorEvent,
  type OperatorState,
} from './operatorDecider.ts'
export {
  applianceCertificateStatusOn,
  type ApplianceCertificateRecord,
  type ApplianceCertificateStatus,
} from './applianceCertificateStatus.ts'
export {
  applianceCertificateDecider,
  type ApplianceCertificateCommand,
  type ApplianceCertificateEvent,
  type ApplianceCertificateState,
} from './applianceCertificateDecider.ts'
export { fillCheckCompleteness, type FillCheckCompleteness } from './fillCheckCompleteness.ts'
export { operatorDataAccess, type OperatorDataAccess } from './operatorDataAccess.ts'
