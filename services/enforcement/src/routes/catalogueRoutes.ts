import { z } from 'zod'
import { pipelineRateLabels, shortfallReasonLabels, violationCatalogue } from '@gsr/domain/enforcement'
import type { KitApp } from '@gsr/http-kit'
import { auth, tags } from './enforcementQuery.ts'

/** The labels of every code the other routes answer with (zh-CN and English). */
export async function catalogueRoutes(app: KitApp): Promise<void> {
  app.get(
    '/enforcement/catalogue',
    {
      config: { auth },
      schema: {
        tags,
        summary: 'Violation categories, sub-reasons, rate names and shortfall reasons with zh-CN and English labels',
        response: { 200: z.object({ violations: z.unknown(), rates: z.unknown(), shortfallReasons: z.unknown() }) },
      },
    },
    async () => ({
      violations: violationCatalogue,
      rates: pipelineRateLabels,
      shortfallReasons: shortfallReasonLabels,
    }),
  )
}
