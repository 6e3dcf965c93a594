import { z } from 'zod'
import { HappenedDate, HistoricalDate, RegionCode } from '@gsr/events'
import {
  ApplicationId,
  CertificateNumber,
  EquipmentAttributes,
  EquipmentCategory,
  EquipmentIdentity,
  RegistrationCode,
  equipmentStreamName,
  registrationApplicationStreamName,
} from '@gsr/events/equipment'
import {
  registrationApplicationDecider,
  type EquipmentCommand,
  type RegistrationApplicationCommand,
  type RegistrationApplicationState,
} from '@gsr/domain/equipment'
import {
  canRead,
  commandRoute,
  factId,
  loadState,
  notFound,
  problemResponses,
  recordCommand,
  type KitApp,
  type Recorded,
  type ServiceContext,
  requestToday,
} from '@gsr/http-kit'
import type { FastifyRequest } from 'fastify'
import { occurredOn } from '../routeHelpers.ts'
import { claimRegistrationCode, releaseStaleClaim } from '../registrationCodeClaims.ts'
import { effectiveEquipmentDecider } from '../effectiveRuleTables.ts'

/**
 * Use registration as the field does it (使用登记): the user applies, the registration authority
 * (登记机关: the enforcement organisation of the equipment's region) accepts, issuing the
 * registration code and the certificate number, or refuses. With `REGISTRATION_ACCEPTANCE=automatic`
 * (the embedded demo's default) a policy accepts each application at once and issues the numbers.
 * The rules are registrationApplicationDecider's; acceptance also records EquipmentRegistered
 * (equipmentDecider) on the equipment's stream.
 */
const tags = ['registry: registration']
const ApplicationParams = z.strictObject({ applicationId: ApplicationId })

const ApplyBody = z
  .strictObject({
    applicationId: ApplicationId.optional().describe('default: derived from the Idempotency-Key, else a new id'),
    category: EquipmentCategory,
    region: RegionCode.describe('where the equipment stands (its registration authority is that region’s)'),
    location: z.string().min(1).max(512),
    attributes: EquipmentAttributes.default({}),
    ...EquipmentIdentity,
    putIntoServiceDate: HistoricalDate,
    appliedOn: HappenedDate.optional().describe('default: today'),
    lastInspection: z
      .strictObject({ date: HistoricalDate, reportNumber: z.string().min(1).max(128) })
      .optional()
      .describe('the last periodic inspection, as you state it (unconfirmed until an agency records a result)'),
  })
  .meta({
    examples: [
      {
        category: 'elevator',
        region: '330106',
        location: 'No. 1 Wenyi Rd, building A',
        manufacturer: 'Hangzhou Lift Works',
        serialNumber: 'HLW-2026-0117',
        putIntoServiceDate: '2026-01-10',
      },
    ],
  })

const AcceptBody = z.strictObject({
  registrationCode: RegistrationCode.describe('the code the authority issues, unique across the system'),
  certificateNumber: CertificateNumber,
  acceptedOn: HappenedDate.optional().describe('default: today'),
})
const RefuseBody = z.strictObject({
  reason: z.string().min(1).max(1024),
  refusedOn: HappenedDate.optional().describe('default: today'),
})

const ApplicationView = z
  .object({
    applicationId: z.string(),
    status: z.enum(['applied', 'accepted', 'refused']),
    organisationId: z.string(),
    category: z.string(),
    region: z.string(),
    location: z.string(),
    manufacturer: z.string().optional(),
    serialNumber: z.string().optional(),
    putIntoServiceDate: z.string(),
    appliedOn: z.string(),
    registrationCode: z.string().optional(),
    certificateNumber: z.string().optional(),
    acceptedOn: z.string().optional(),
  })
  .meta({ id: 'RegistrationApplication' })

/** Several streams written by one request: the last stream's revision, every event recorded. */
function recordedTogether(parts: readonly Recorded[]): Recorded {
  const last = parts.at(-1)!
  return { streamName: last.streamName, revision: last.revision, events: parts.flatMap((p) => p.events) }
}

export async function registrationRoutes(app: KitApp, ctx: ServiceContext): Promise<void> {
  const automatic = ctx.config.registrationAcceptance === 'automatic'
  const applicationState = (applicationId: string) =>
    loadState(ctx.eventStore, registrationApplicationStreamName(applicationId), registrationApplicationDecider)

  /** The registration an accepted application records, under the numbers it was issued. */
  const registration = (
    state: RegistrationApplicationState,
    issued: NonNullable<RegistrationApplicationState['issued']>,
  ) => {
    const a = state.application!
    const command: EquipmentCommand = {
      type: 'RegisterEquipment',
      data: {
        registrationCode: issued.registrationCode,
        certificateNumber: issued.certificateNumber,
        category: a.category,
        organisationId: a.organisationId,
        region: a.region,
        location: a.location,
        attributes: a.attributes,
        manufacturer: a.manufacturer,
        serialNumber: a.serialNumber,
        putIntoServiceDate: a.putIntoServiceDate,
        registeredOn: issued.acceptedOn,
        lastInspection: a.statedLastInspection,
        application: { applicationId: a.applicationId, appliedOn: a.appliedOn },
      },
    }
    return command
  }

  /**
   * Claim-first, three appends, each on one stream (no store here appends to several at once):
   * the code's claim for this application (`code-claim-<code>`, registrationCodeClaims.ts), the
   * answer on the application, the registration on `equipment-<code>`. Every refusal (who may
   * accept, the code already registered or claimed by another) is decided before anything is
   * written; two acceptances of one code race on its claim and one wins. A retry after a crash
   * between two appends reuses this application's claim and records only what is missing; a
   * claim whose acceptance then failed because the application was answered otherwise meanwhile
   * is released at once (else by the next claim of that code).
   */
  const accept = async (request: FastifyRequest, applicationId: string, command: RegistrationApplicationCommand) => {
    const before = await applicationState(applicationId)
    const decided = registrationApplicationDecider.decide(command, before)
    const answered = decided.reduce(registrationApplicationDecider.evolve, before)
    const issued = answered.issued!
    const code = issued.registrationCode
    const registering = await effectiveEquipmentDecider(ctx.eventStore)
    const equipment = await loadState(ctx.eventStore, equipmentStreamName(code), registering)
    registering.decide(registration(answered, issued), equipment)
    const a = answered.application!
    await claimRegistrationCode(ctx, request, {
      registrationCode: code,
      holder: { organisationId: a.organisationId, applicationId },
      region: a.region,
      claimedOn: issued.acceptedOn,
    })
    let answer: Recorded
    try {
      answer = await recordCommand(
        ctx,
        request,
        registrationApplicationStreamName(applicationId),
        registrationApplicationDecider,
        command,
        occurredOn(issued.acceptedOn),
      )
    } catch (error) {
      // Answered otherwise meanwhile (another acceptance or a refusal won): the claim is stale.
      await releaseStaleClaim(ctx, request, code).catch((release: unknown) =>
        request.log.warn({ err: release, registrationCode: code }, 'stale code claim left for the next claim'),
      )
      throw error
    }
    const after = await applicationState(applicationId)
    const registered = await recordCommand(
      ctx,
      request,
      equipmentStreamName(after.issued!.registrationCode),
      registering,
      registration(after, after.issued!),
      occurredOn(after.issued!.acceptedOn),
    )
    return recordedTogether([answer, registered])
  }

  commandRoute(app, '/equipment-registrations', {
    kinds: ['equipment_user'],
    tags,
    summary: 'Apply for use registration (使用登记申请)',
    description:
      'The registration authority of the equipment’s region (its enforcement organisation) accepts it and issues the registration code and certificate number, or refuses it (POST …/accept, …/refuse). With the automatic acceptance policy (REGISTRATION_ACCEPTANCE=automatic, the embedded default) it is accepted at once and the reply holds the issued numbers. `late` is judged by appliedOn against the registrationDeadline rule.',
    body: ApplyBody,
    record: async (request, _params, { applicationId = factId(request, 'registration-application'), ...body }) => {
      const appliedOn = body.appliedOn ?? requestToday(request)
      const applied = await recordCommand(
        ctx,
        request,
        registrationApplicationStreamName(applicationId),
        registrationApplicationDecider,
        { type: 'ApplyForRegistration', data: { ...body, applicationId, appliedOn, actor: request.principal } },
        occurredOn(appliedOn),
      )
      if (!automatic) return applied
      const accepted = await accept(request, applicationId, {
        type: 'AcceptRegistrationAutomatically',
        data: { acceptedOn: appliedOn },
      })
      return recordedTogether([applied, accepted])
    },
  })

  commandRoute(app, '/equipment-registrations/:applicationId/accept', {
    kinds: ['enforcement'],
    tags,
    summary: 'Accept an application and issue the registration code and certificate number (受理登记, 发证)',
    description:
      'By the registration authority of the equipment’s region only (an enforcement organisation whose region contains it); never the applicant. Records EquipmentRegistrationAccepted on the application and EquipmentRegistered on equipment-<registrationCode>.',
    params: ApplicationParams,
    body: AcceptBody,
    record: (request, { applicationId }, { acceptedOn = requestToday(request), ...numbers }) =>
      accept(request, applicationId, {
        type: 'AcceptRegistration',
        data: { ...numbers, acceptedOn, actor: request.principal },
      }),
  })

  commandRoute(app, '/equipment-registrations/:applicationId/refuse', {
    kinds: ['enforcement'],
    tags,
    summary: 'Refuse an application, saying why (不予登记)',
    description: 'By the registration authority of the equipment’s region only. The user may apply again.',
    params: ApplicationParams,
    body: RefuseBody,
    record: (request, { applicationId }, { refusedOn = requestToday(request), reason }) =>
      recordCommand(
        ctx,
        request,
        registrationApplicationStreamName(applicationId),
        registrationApplicationDecider,
        { type: 'RefuseRegistration', data: { actor: request.principal, reason, refusedOn } },
        occurredOn(refusedOn),
      ),
  })

  app.get(
    '/equipment-registrations/:applicationId',
    {
      schema: {
        tags,
        summary: 'One registration application and its answer',
        description:
          'The applicant; enforcement of the equipment’s region and above; administrators. Others: 404, as for an unknown id.',
        params: ApplicationParams,
        response: { 200: ApplicationView, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { applicationId } = request.params
      const state = await applicationState(applicationId)
      const a = state.application
      if (
        state.status === 'none' ||
        !a ||
        !canRead(request.principal, { region: a.region, organisationIds: [a.organisationId] })
      ) {
        throw notFound({
          en: `no registration application ${applicationId}`,
          'zh-CN': `登记申请 ${applicationId} 不存在`,
        })
      }
      return {
        applicationId: a.applicationId,
        status: state.status,
        organisationId: a.organisationId,
        category: a.category,
        region: a.region,
        location: a.location,
        ...(a.manufacturer !== undefined ? { manufacturer: a.manufacturer } : {}),
        ...(a.serialNumber !== undefined ? { serialNumber: a.serialNumber } : {}),
        putIntoServiceDate: a.putIntoServiceDate,
        appliedOn: a.appliedOn,
        ...(state.issued ?? {}),
      }
    },
  )
}
