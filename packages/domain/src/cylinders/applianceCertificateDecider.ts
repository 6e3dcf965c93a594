import type { CertificationFailure, CylinderEventData } from '@gsr/events/cylinders'
import type { Decider } from '../Decider.ts'
import { DomainError } from '../Decider.ts'
import { type ApplianceCertificateRecord, applianceCertificateStatusOn } from './applianceCertificateStatus.ts'

/** Events of stream `certificate-<certificateNo>`. */
export type ApplianceCertificateEvent =
  | { type: 'ApplianceCertificateIssued'; data: CylinderEventData<'ApplianceCertificateIssued'> }
  | { type: 'ApplianceCertificationFailed'; data: CylinderEventData<'ApplianceCertificationFailed'> }
  | { type: 'ApplianceCertificateReinstated'; data: CylinderEventData<'ApplianceCertificateReinstated'> }

export type ApplianceCertificateState =
  | { readonly issued: false }
  | (ApplianceCertificateRecord & {
      readonly issued: true
      readonly certificateNo: string
      readonly certificationBodyId: string
      readonly manufacturerId: string
      readonly modelNo: string
      readonly regionCode: string
    })

export type ApplianceCertificateCommand =
  | { type: 'IssueApplianceCertificate'; data: CylinderEventData<'ApplianceCertificateIssued'> }
  | {
      type: 'RecordCertificationFailure'
      data: { failure: CertificationFailure; effectiveFrom: string; reason: string }
    }
  | { type: 'ReinstateApplianceCertificate'; data: { effectiveFrom: string } }

function issued(state: ApplianceCertificateState) {
  if (!state.issued)
    throw new DomainError('certificate-not-found', { en: 'no such certificate', 'zh-CN': '无此证书' }, [
      'certificateNo',
    ])
  return state
}

/** CCC certificates of household gas appliance models. */
export const applianceCertificateDecider: Decider<
  ApplianceCertificateCommand,
  ApplianceCertificateEvent,
  ApplianceCertificateState
> = {
  initialState: () => ({ issued: false }),

  decide(command, state) {
    switch (command.type) {
      case 'IssueApplianceCertificate':
        if (state.issued) {
          throw new DomainError(
            'certificate-exists',
            { en: 'this certificate number is already issued', 'zh-CN': '该证书编号已发放' },
            ['certificateNo'],
          )
        }
        if (command.data.validUntil < command.data.validFrom) {
          throw new DomainError(
            'invalid-period',
            { en: 'validUntil is before validFrom', 'zh-CN': '有效期截止日早于起始日' },
            ['validUntil'],
          )
        }
        return [{ type: 'ApplianceCertificateIssued', data: command.data }]
      case 'RecordCertificationFailure': {
        const s = issued(state)
        const status = applianceCertificateStatusOn(s, command.data.effectiveFrom)
        if (status === 'revoked' || status === 'cancelled') {
          throw new DomainError(
            'certificate-withdrawn',
            { en: `the certificate is already ${status}`, 'zh-CN': `证书已失效（${status}）` },
            ['certificateNo'],
          )
        }
        return [
          {
            type: 'ApplianceCertificationFailed',
            data: {
              certificateNo: s.certificateNo,
              manufacturerId: s.manufacturerId,
              modelNo: s.modelNo,
              regionCode: s.regionCode,
              ...command.data,
            },
          },
        ]
      }
      case 'ReinstateApplianceCertificate': {
        const s = issued(state)
        if (applianceCertificateStatusOn(s, command.data.effectiveFrom) !== 'suspended') {
          throw new DomainError(
            'certificate-not-suspended',
            { en: 'the certificate is not suspended on that date', 'zh-CN': '该日期证书未处于暂停状态' },
            ['effectiveFrom'],
          )
        }
        return [
          {
            type: 'ApplianceCertificateReinstated',
            data: {
              certificateNo: s.certificateNo,
              manufacturerId: s.manufacturerId,
              modelNo: s.modelNo,
              regionCode: s.regionCode,
              effectiveFrom: command.data.effectiveFrom,
            },
          },
        ]
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ApplianceCertificateIssued': {
        const e = event.data
        return {
          issued: true,
          certificateNo: e.certificateNo,
          certificationBodyId: e.certificationBodyId,
          manufacturerId: e.manufacturerId,
          modelNo: e.modelNo,
          regionCode: e.regionCode,
          validFrom: e.validFrom,
          validUntil: e.validUntil,
          changes: [],
        }
      }
      case 'ApplianceCertificationFailed':
        return state.issued
          ? {
              ...state,
              changes: [...state.changes, { kind: event.data.failure, effectiveFrom: event.data.effectiveFrom }],
            }
          : state
      case 'ApplianceCertificateReinstated':
        return state.issued
          ? { ...state, changes: [...state.changes, { kind: 'reinstated', effectiveFrom: event.data.effectiveFrom }] }
          : state
      default:
        return state
    }
  },
}
