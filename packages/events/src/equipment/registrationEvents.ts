import { z } from 'zod'
import { IsoDate, OrganisationId, RegionCode } from '../common.ts'
import { defineEvent } from '../defineEvent.ts'
import { EquipmentAttributes, EquipmentCategory, EquipmentIdentity } from './EquipmentCategory.ts'
import { CertificateNumber, RegistrationCode } from './equipmentEvents.ts'

/**
 * Stream `registration-<applicationId>`: an application for use registration (使用登记申请)
 * and its answer. The user applies; the registration authority (登记机关: the enforcement
 * organisation of the equipment's region) accepts it, issuing the registration code and the
 * certificate number, or refuses it with a reason. Acceptance also records `EquipmentRegistered`
 * on `equipment-<registrationCode>`.
 */
export const ApplicationId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{2,63}$/, 'letters, digits and dashes, 3-64 characters')
  .describe('registration application id')

export const registrationApplicationStreamName = (applicationId: string): string => `registration-${applicationId}`

/** The user applies for use registration of equipment it uses in `region` (where it stands). */
export const EquipmentRegistrationApplied = defineEvent(
  'EquipmentRegistrationApplied',
  z.strictObject({
    applicationId: ApplicationId,
    organisationId: OrganisationId.describe('the applicant, the using organisation (使用单位)'),
    category: EquipmentCategory,
    region: RegionCode,
    location: z.string().min(1).max(512),
    attributes: EquipmentAttributes,
    ...EquipmentIdentity,
    putIntoServiceDate: IsoDate,
    appliedOn: IsoDate,
    statedLastInspection: z.strictObject({ date: IsoDate, reportNumber: z.string().min(1).max(128) }).optional(),
  }),
)

/**
 * The application is accepted: the registration authority of the equipment's region issued the
 * registration code and the certificate number (`by: 'authority'`, naming it), or the automatic
 * acceptance policy did (`by: 'automatic_policy'`, a configured deployment: the embedded demo).
 */
export const EquipmentRegistrationAccepted = defineEvent(
  'EquipmentRegistrationAccepted',
  z.strictObject({
    applicationId: ApplicationId,
    organisationId: OrganisationId,
    region: RegionCode,
    registrationCode: RegistrationCode,
    certificateNumber: CertificateNumber,
    acceptedOn: IsoDate,
    by: z.enum(['authority', 'automatic_policy']),
    authorityOrganisationId: OrganisationId.optional(),
  }),
)

/** The registration authority refused the application, saying why; the user may apply again. */
export const EquipmentRegistrationRefused = defineEvent(
  'EquipmentRegistrationRefused',
  z.strictObject({
    applicationId: ApplicationId,
    organisationId: OrganisationId,
    region: RegionCode,
    refusedOn: IsoDate,
    reason: z.string().min(1).max(1024),
    authorityOrganisationId: OrganisationId,
  }),
)

/**
 * Stream `code-claim-<registrationCode>`: who holds a registration code. Every write that
 * records `EquipmentRegistered` under a code first claims it here, as the stream's first event
 * (or after a release): the event store appends atomically to one stream only (KurrentDB has no
 * multi-stream transaction), so an acceptance is claim-first. Two acceptances (or transcriptions)
 * of one code race on this stream, and one wins.
 */
export const registrationCodeClaimStreamName = (registrationCode: string): string => `code-claim-${registrationCode}`

/**
 * The code is held for the application being accepted (`applicationId`), or, without one, for a
 * registration already issued that `organisationId` transcribes (`POST /equipment`, an import).
 */
export const RegistrationCodeClaimed = defineEvent(
  'RegistrationCodeClaimed',
  z.strictObject({
    registrationCode: RegistrationCode,
    organisationId: OrganisationId.describe('the using organisation the code is held for'),
    region: RegionCode,
    applicationId: ApplicationId.optional().describe('the application the code is issued to; absent: transcribed'),
    claimedOn: IsoDate,
  }),
)

/**
 * A claim for an application that was answered otherwise (accepted under another code, refused)
 * is released: the acceptance that claimed it failed after the claim. The code is free again.
 */
export const RegistrationCodeReleased = defineEvent(
  'RegistrationCodeReleased',
  z.strictObject({
    registrationCode: RegistrationCode,
    organisationId: OrganisationId,
    region: RegionCode,
    applicationId: ApplicationId,
    reason: z.enum(['application-accepted-under-another-code', 'application-refused']),
    releasedOn: IsoDate,
  }),
)
