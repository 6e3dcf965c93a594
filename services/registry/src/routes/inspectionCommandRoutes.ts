import { z } from 'zod'
import { HappenedDate, OrganisationId, ScheduledDate } from '@gsr/events'
import { InspectionConclusion, InspectionKind } from '@gsr/events/equipment'
import type { EquipmentCommand } from '@gsr/domain/equipment'
import type { KitApp, ServiceContext } from '@gsr/http-kit'
import type { FastifyRequest } from 'fastify'

import { commandRoute, type Recorded, requestToday } from '@gsr/http-kit'
import { namedOrganisation } from '../namedOrganisation.ts'

const DeclareBody = z.strictObject({
  declaredOn: HappenedDate.optional(),
  plannedDate: ScheduledDate.optional(),
  agencyId: OrganisationId.optional().describe(
    'the inspection agency declared to (accredited for the region); only it may then record the result',
  ),
})

const InspectionResultBody = z.strictObject({
  kind: InspectionKind,
  conclusion: InspectionConclusion,
  reportNumber: z.string().min(1).max(128),
  inspectors: z
    .array(z.string().min(1).max(128))
    .min(1)
    .max(20)
    .describe('the inspectors who signed the report (at most 20)'),
  inspectionDate: HappenedDate,
  nextDueDate: ScheduledDate.optional().describe('default: inspection date + the rule table interval'),
  safetyGrade: z.number().int().min(1).max(5).optional(),
  agencyId: OrganisationId.optional().describe(
    'administrators and enforcement: the inspection agency whose result (report) this is; agencies record their own',
  ),
})

/** The inspection commands equipment and pipelines share (decided by inspectionDecisions.ts). */
export type InspectionCommand = Extract<
  EquipmentCommand,
  { type: 'DeclarePeriodicInspection' | 'RecordInspectionResult' }
>

export interface InspectionCommandRoutes<Params extends z.ZodType> {
  /** The subject's URL, e.g. `/pipelines/:pipelineId`. */
  readonly url: string
  readonly tags: readonly string[]
  readonly params: Params
  readonly idOf: (params: z.infer<Params>) => string
  readonly record: (
    request: FastifyRequest,
    id: string,
    command: InspectionCommand,
    occurredOn?: string,
  ) => Promise<z.infer<typeof Recorded>>
  readonly declaration: { readonly description?: string }
  readonly result: { readonly summary: string; readonly description?: string }
}

/**
 * `POST <subject>/periodic-inspection-declarations` (the using organisation declares the
 * inspection of its current due date) and `POST <subject>/inspection-results` (an agency,
 * accredited for the subject's region, records its result, dated the inspection day).
 */
export function inspectionCommandRoutes<Params extends z.ZodType>(
  app: KitApp,
  ctx: ServiceContext,
  subject: InspectionCommandRoutes<Params>,
): void {
  commandRoute(app, `${subject.url}/periodic-inspection-declarations`, {
    kinds: ['equipment_user'],
    tags: subject.tags,
    summary: 'Declare the periodic inspection (定期检验申报)',
    ...subject.declaration,
    params: subject.params,
    body: DeclareBody,
    record: async (request, params, { declaredOn = requestToday(request), ...body }) =>
      subject.record(
        request,
        subject.idOf(params),
        {
          type: 'DeclarePeriodicInspection',
          data: {
            ...body,
            declaredOn,
            byOrganisationId: request.principal.organisationId,
            agency: await namedOrganisation(ctx, body.agencyId),
          },
        },
        declaredOn,
      ),
  })

  commandRoute(app, `${subject.url}/inspection-results`, {
    kinds: ['inspection_agency', 'administrator', 'enforcement'],
    tags: subject.tags,
    ...subject.result,
    params: subject.params,
    body: InspectionResultBody,
    record: async (request, params, body) =>
      subject.record(
        request,
        subject.idOf(params),
        {
          type: 'RecordInspectionResult',
          data: {
            actor: request.principal,
            ...body,
            agency:
              request.principal.organisationKind === 'inspection_agency'
                ? undefined
                : await namedOrganisation(ctx, body.agencyId),
          },
        },
        body.inspectionDate,
      ),
  })
}
