import type { RuleTable } from './RuleTable.ts'
import { dateWindow } from './dateWindow.ts'
import { cylinderTypeRules } from './cylinders/cylinderTypeRules.ts'
import { fillCheckItems } from './cylinders/fillCheckItems.ts'
import { operatorCertificateRules } from './cylinders/operatorCertificateRules.ts'
import { cccRequirementRules } from './enforcement/cccRequirementRules.ts'
import { rectificationOrderRules } from './enforcement/rectificationOrderRules.ts'
import { complaintReplyRules } from './enforcement/complaintReplyRules.ts'
import { inspectionSamplingRules } from './enforcement/inspectionSamplingRules.ts'
import { penaltyCaseRules } from './enforcement/penaltyCaseRules.ts'
import { riskCatalogueRules } from './enforcement/riskCatalogueRules.ts'
import { supervisionChecklists } from './enforcement/supervisionChecklists.ts'
import { inspectionDueNotice } from './equipment/inspectionDueNotice.ts'
import { inspectionIntervals } from './equipment/inspectionIntervals.ts'
import { periodicDeclarationDeadline } from './equipment/periodicDeclarationDeadline.ts'
import { pipelineInUseRequiredFields } from './equipment/pipelineInUseRequiredFields.ts'
import { registrationDeadline } from './equipment/registrationDeadline.ts'

/**
 * Every rule table in code, by name: what `GET /rule-tables` lists and what an administrator may
 * publish a version of (`POST /admin/rule-tables/:table/versions`) when the table declares a
 * `rulesSchema`. A table added in code is added here (checked in `ruleTables.unit.spec.ts`).
 */
export const ruleTables: Readonly<Record<string, RuleTable<unknown>>> = Object.fromEntries(
  [
    dateWindow,
    inspectionIntervals,
    operatorCertificateRules,
    registrationDeadline,
    periodicDeclarationDeadline,
    inspectionDueNotice,
    pipelineInUseRequiredFields,
    cylinderTypeRules,
    fillCheckItems,
    cccRequirementRules,
    riskCatalogueRules,
    inspectionSamplingRules,
    penaltyCaseRules,
    complaintReplyRules,
    rectificationOrderRules,
    supervisionChecklists,
  ].map((table) => [table.name, table as RuleTable<unknown>]),
)
