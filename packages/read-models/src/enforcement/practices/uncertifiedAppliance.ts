import { cccRequirementRules, judgeApplianceRecord, type ApplianceCertificateFact } from '@gsr/domain/enforcement'
import { eventRef } from '../eventRef.ts'
import type { CatalogueEvent, Facts, Practice, Stored } from './Practice.ts'

const modelKey = (manufacturerId: string, modelNo: string) => `${manufacturerId}|${modelNo}`
const modelOf = (event: CatalogueEvent) => {
  const d = event.data as { manufacturerId: string; modelNo: string }
  return modelKey(d.manufacturerId, d.modelNo)
}

/** Every certification event of an appliance model, in log order (`enf_appliance_models`). */
export const applianceCertificates: Facts<Stored<ApplianceCertificateFact>[]> = {
  table: 'enf_appliance_models',
  key: 'model_key',
  eventTypes: ['ApplianceCertificateIssued', 'ApplianceCertificationFailed', 'ApplianceCertificateReinstated'],
  keyOf: modelOf,
  evolve(facts, { recorded, event }) {
    const base = { eventId: recorded.id, ref: eventRef(recorded) }
    const fact: Stored<ApplianceCertificateFact> | undefined =
      event.type === 'ApplianceCertificateIssued'
        ? {
            ...base,
            kind: 'issued',
            certificateNo: event.data.certificateNo,
            manufacturerId: event.data.manufacturerId,
            modelNo: event.data.modelNo,
            validFrom: event.data.validFrom,
            validUntil: event.data.validUntil,
          }
        : event.type === 'ApplianceCertificationFailed'
          ? {
              ...base,
              kind: 'failed',
              certificateNo: event.data.certificateNo,
              failure: event.data.failure,
              effectiveFrom: event.data.effectiveFrom,
            }
          : event.type === 'ApplianceCertificateReinstated'
            ? {
                ...base,
                kind: 'reinstated',
                certificateNo: event.data.certificateNo,
                effectiveFrom: event.data.effectiveFrom,
              }
            : undefined
    return fact ? [...(facts ?? []), fact] : (facts ?? [])
  },
}

/**
 * 5 Uncertified household gas appliance produced or sold (生产/销售无CCC认证燃气具), by the rule
 * table `cccRequirementRules` in force on the day. Facts: applianceCertificates.
 * Judge: judgeApplianceRecord. Cure: none (the record stays as it was made).
 */
export const uncertifiedAppliance: Practice = {
  name: 'uncertified_gas_appliance',
  eventTypes: ['ApplianceProductionRecorded', 'ApplianceSaleRecorded'],
  reads: [
    {
      facts: applianceCertificates,
      keyOf: (event) => (event.type.startsWith('Appliance') ? modelOf(event) : undefined),
    },
  ],
  begin: (batch) => ({
    apply({ recorded, event }) {
      if (event.type !== 'ApplianceProductionRecorded' && event.type !== 'ApplianceSaleRecorded') return
      const d = event.data
      const sale = event.type === 'ApplianceSaleRecorded'
      const certificates = batch.facts(applianceCertificates, modelKey(d.manufacturerId, d.modelNo)) ?? []
      const day = sale ? event.data.soldOn : event.data.producedOn
      const findings = judgeApplianceRecord(
        {
          eventId: recorded.id,
          kind: sale ? 'sale' : 'production',
          recordId: d.recordId,
          category: d.category,
          manufacturerId: d.manufacturerId,
          modelNo: d.modelNo,
          organisationId: sale ? event.data.sellerId : d.manufacturerId,
          region: d.regionCode,
          day,
          quantity: d.quantity,
        },
        certificates,
        cccRequirementRules.inForceOn(day)?.rules,
      )
      const refs = batch.refsOf(recorded, certificates)
      for (const f of findings) batch.record(f, recorded, refs)
    },
  }),
}
