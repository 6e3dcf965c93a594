import type { z } from 'zod'
import type { OperatorCommand } from '@gsr/domain/cylinders'
import { canActInRegion, type Principal } from '@gsr/http-kit'
import type { IssueOperatorCertificateBody } from './routes/operatorSchemas.ts'

/**
 * The IssueOperatorCertificate command the market-supervision authority asserts, from
 * `POST /operators/certificates` or a row of `POST /imports/operator-certificates` alike: issued
 * by the caller, in the given region or the caller's; `inRegion` is false when the caller may not
 * issue there (the route answers 403, the import refuses the row).
 */
export function issueOperatorCertificateCommand(
  issuer: Principal,
  input: Omit<z.infer<typeof IssueOperatorCertificateBody>, 'occurredAt'>,
): { command: OperatorCommand; inRegion: boolean } {
  const { regionCode, ...body } = input
  const region = regionCode ?? issuer.region
  return {
    command: {
      type: 'IssueOperatorCertificate',
      data: { ...body, regionCode: region, issuedBy: issuer.organisationId },
    },
    inRegion: canActInRegion(issuer, region),
  }
}
