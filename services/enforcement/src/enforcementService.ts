import type { ServiceModule } from '@gsr/http-kit'
import {
  complaintsProjection,
  enforcementProjections,
  inspectionPlansProjection,
  lateReportsProjection,
  penaltyCasesProjection,
  rectificationOrdersProjection,
  supervisionInspectionsProjection,
} from '@gsr/read-models/enforcement'
import { complaintProblems } from './complaintProblems.ts'
import { enforcementProblems } from './enforcementProblems.ts'
import { inspectionProblems } from './inspectionProblems.ts'
import { penaltyCaseProblems } from './penaltyCaseProblems.ts'
import { complaintRoutes } from './routes/complaintRoutes.ts'
import { catalogueRoutes } from './routes/catalogueRoutes.ts'
import { penaltyCaseRoutes } from './routes/penaltyCaseRoutes.ts'
import { organisationRoutes } from './routes/organisationRoutes.ts'
import { inspectionPlanRoutes } from './routes/inspectionPlanRoutes.ts'
import { rateRoutes } from './routes/rateRoutes.ts'
import { rectificationOrderRoutes } from './routes/rectificationOrderRoutes.ts'
import { riskCatalogueRoutes } from './routes/riskCatalogueRoutes.ts'
import { supervisionInspectionRoutes } from './routes/supervisionInspectionRoutes.ts'
import { violationRoutes } from './routes/violationRoutes.ts'

/**
 * Enforcement queries (执法查询): violations with their evidence, the four 100% rates on any
 * day, organisation summaries with a risk grade, read from the enforcement projections (which
 * read only the event log); and the enforcement workflows, event-sourced: rectification orders
 * (责令改正), routine supervision inspections (日常监督检查), penalty cases (行政处罚) and their
 * referral to the police (移送公安), complaints (投诉举报), the risk catalogue (风险等级分级分类名录库)
 * and random inspection plans (双随机、一公开). A team sees and acts in its region and below.
 */
export const enforcementService: ServiceModule = {
  name: 'enforcement',
  projections: [
    ...enforcementProjections,
    lateReportsProjection(),
    rectificationOrdersProjection(),
    supervisionInspectionsProjection(),
    penaltyCasesProjection(),
    complaintsProjection(),
    inspectionPlansProjection(),
  ],
  problems: { ...enforcementProblems, ...inspectionProblems, ...penaltyCaseProblems, ...complaintProblems },
  async routes(app, ctx) {
    await violationRoutes(app, ctx)
    await rateRoutes(app, ctx)
    await organisationRoutes(app, ctx)
    await catalogueRoutes(app)
    await rectificationOrderRoutes(app, ctx)
    await riskCatalogueRoutes(app, ctx)
    await inspectionPlanRoutes(app, ctx)
    await supervisionInspectionRoutes(app, ctx)
    await penaltyCaseRoutes(app, ctx)
    await complaintRoutes(app, ctx)
  },
}
