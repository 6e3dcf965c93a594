import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import {
  operatorCertificateRules,
  operatorDataAccess,
  operatorDecider,
  operatorDeciderWith,
  type OperatorCommand,
} from '@gsr/domain/cylinders'
import { cylinderStreams } from '@gsr/events/cylinders'
import {
  commandRoute,
  fieldOccurredAt,
  listScope,
  loadRuleTable,
  loadState,
  notFound,
  pageOf,
  problemResponses,
  recordCommand,
  requireRegion,
  type KitApp,
  type ServiceContext,
  requestToday,
  requestNow,
} from '@gsr/http-kit'
import { issueOperatorCertificateCommand } from '../issueOperatorCertificateCommand.ts'
import { listOperatorCertificates, operatorValidityAt } from '@gsr/read-models/cylinders'
import {
  IssueOperatorCertificateBody,
  OperatorCertificate,
  OperatorListQuery,
  OperatorParams,
  ReinstateBody,
  RenewBody,
  RevokeBody,
  SuspendBody,
  ValidityQuery,
  ValidityReply,
} from './operatorSchemas.ts'

const tags = ['operators']
/** Operator certificates are issued and managed by the market-supervision authority. */
const issuers = { kinds: ['administrator', 'enforcement'] as const }

/** Operator certificates (作业人员证): issue, suspend, reinstate, revoke, renew; validity at any instant. */
export async function operatorRoutes(app: KitApp, ctx: ServiceContext): Promise<void> {
  // Decided over the effective operatorCertificateRules (code and published versions), read at
  // each decision, so a version published a moment ago judges terms from its effective day.
  const run = async (request: FastifyRequest, personId: string, command: OperatorCommand, occurredAt?: string) => {
    const decider = operatorDeciderWith({
      operatorCertificateRules: await loadRuleTable(ctx.eventStore, operatorCertificateRules),
    })
    return recordCommand(ctx, request, cylinderStreams.operator(personId), decider, command, occurredAt)
  }

  commandRoute(app, '/operators/certificates', {
    kinds: [...issuers.kinds],
    tags,
    summary: 'Issue an operator certificate with its work categories',
    body: IssueOperatorCertificateBody,
    refusals: [400, 401, 403, 409, 422],
    record: async (request, _params, input) => {
      const { occurredAt, ...body } = input
      const { command } = issueOperatorCertificateCommand(request.principal, body)
      requireRegion(request, body.regionCode ?? request.principal.region)
      // Issued as it is recorded: occurredAt is the moment of the request, or the one given, which
      // must fall on today (the evidence of an issue is never back-dated).
      const issued = occurredAt === undefined ? undefined : fieldOccurredAt(requestToday(request), occurredAt)
      return run(request, body.personId, command, issued)
    },
  })

  const change = <B extends z.ZodType>(
    path: string,
    summary: string,
    body: B,
    /** The body's field day: the day the change happened, so occurredAt falls on it. */
    fieldDateOf: (body: z.infer<B>) => string,
    toCommand: (certificateNo: string, body: z.infer<B>) => OperatorCommand,
  ) =>
    commandRoute(app, `/operators/:personId/certificates/:certificateNo/${path}`, {
      kinds: [...issuers.kinds],
      tags,
      summary,
      params: OperatorParams,
      body,
      record: async (request, params, input) => {
        const { personId, certificateNo } = params as z.infer<typeof OperatorParams>
        const { occurredAt, ...rest } = input as z.infer<B> & { occurredAt?: string }
        // Only the authority of the region the certificate was issued in changes it.
        const state = await loadState(ctx.eventStore, cylinderStreams.operator(personId), operatorDecider)
        const certificate = state.certificates[certificateNo]
        if (certificate) requireRegion(request, certificate.regionCode)
        const command = toCommand(certificateNo, rest as z.infer<B>)
        const at = fieldOccurredAt(fieldDateOf(rest as z.infer<B>), occurredAt)
        return run(request, personId, command, at)
      },
    })

  change(
    'suspend',
    'Suspend a certificate (暂停)',
    SuspendBody,
    (b) => b.suspendedFrom,
    (certificateNo, b) => ({
      type: 'SuspendOperatorCertificate',
      data: { certificateNo, suspendedFrom: b.suspendedFrom, suspendedUntil: b.suspendedUntil, reason: b.reason },
    }),
  )
  change(
    'reinstate',
    'Lift a suspension',
    ReinstateBody,
    (b) => b.reinstatedOn,
    (certificateNo, b) => ({
      type: 'ReinstateOperatorCertificate',
      data: { certificateNo, reinstatedOn: b.reinstatedOn },
    }),
  )
  change(
    'revoke',
    'Revoke a certificate (撤销)',
    RevokeBody,
    (b) => b.revokedOn,
    (certificateNo, b) => ({
      type: 'RevokeOperatorCertificate',
      data: { certificateNo, revokedOn: b.revokedOn, reason: b.reason },
    }),
  )
  change(
    'renew',
    'Renew a certificate (复审): a new term',
    RenewBody,
    (b) => b.renewedOn,
    (certificateNo, b) => ({
      type: 'RenewOperatorCertificate',
      data: {
        certificateNo,
        renewedOn: b.renewedOn,
        validUntil: b.validUntil,
        validFrom: b.validFrom,
        categories: b.categories,
      },
    }),
  )

  app.get(
    '/operators/:personId/validity',
    {
      schema: {
        tags,
        summary: 'Did this person hold a valid certificate for this work category at this instant? (any past instant)',
        description:
          'Personal data (name, certificate numbers) only for the employer, the issuing authority, enforcement of the certificate’s region and administrators; filling stations get the answer without it (certificates empty); anyone else 404 (operatorDataAccess).',
        params: z.strictObject({ personId: z.string().min(1).max(64) }),
        querystring: ValidityQuery,
        response: { 200: ValidityReply, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const at = request.query.at ?? requestNow(request).toISOString()
      const validity = await operatorValidityAt(ctx.sql, {
        personId: request.params.personId,
        category: request.query.category,
        at,
      })
      const access = operatorDataAccess(request.principal, validity.certificates)
      if (access === 'none') throw notFound()
      const reply = { ...validity, valid: validity.status === 'valid' }
      return access === 'full' ? reply : { ...reply, certificates: [] }
    },
  )

  app.get(
    '/operators/certificates',
    {
      schema: {
        tags,
        summary: 'Operator register with status on a date (stations: their employees; enforcement: its region)',
        querystring: OperatorListQuery,
        response: { 200: z.object({ items: z.array(OperatorCertificate), next: z.string().optional() }) },
      },
    },
    async (request) => {
      const q = request.query
      const rows = await listOperatorCertificates(ctx.sql, {
        scope: listScope(request.principal, undefined, { agenciesByRegion: false }),
        asOf: q.asOf ?? requestToday(request),
        personId: q.personId,
        after: q.after,
        limit: q.limit,
      })
      return pageOf(rows, q.limit, (c) => c.certificateNo)
    },
  )
}
