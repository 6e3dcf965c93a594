import type { RecordedEvent } from '@gsr/event-store'
import { chinaDate } from '@gsr/domain'
import {
  operatorCertificateFact,
  operatorCertificateStatusOn,
  type OperatorCertificateFact,
} from '@gsr/domain/cylinders'
import { judgeOperatorWork } from '@gsr/domain/enforcement'
import { eventRef } from '../eventRef.ts'
import type { CatalogueEvent, Facts, Practice, Stored, ViolationBatch } from './Practice.ts'

/** Every certificate event of a person, in log order (`enf_operators`). */
export const operatorCertificates: Facts<Stored<OperatorCertificateFact>[]> = {
  table: 'enf_operators',
  key: 'person_id',
  eventTypes: [
    'OperatorCertificateIssued',
    'OperatorCertificateRenewed',
    'OperatorCertificateSuspended',
    'OperatorCertificateReinstated',
    'OperatorCertificateRevoked',
  ],
  keyOf: (event) => (event.data as { personId: string }).personId,
  evolve(facts, { recorded, event }) {
    if (!event.type.startsWith('OperatorCertificate')) return facts ?? []
    const fact = operatorCertificateFact(event as Parameters<typeof operatorCertificateFact>[0], recorded.id)
    return [...(facts ?? []), { ...fact, ref: eventRef(recorded) }]
  },
}

/** A certificate that may make earlier work lawful: not a suspension or a revocation. */
const mayCure = (type: string) =>
  type === 'OperatorCertificateIssued' ||
  type === 'OperatorCertificateRenewed' ||
  type === 'OperatorCertificateReinstated'

function workOf(recorded: RecordedEvent, event: CatalogueEvent): Parameters<typeof judgeOperatorWork>[0] | undefined {
  if (event.type === 'OperationFoundPerformed') {
    const d = event.data
    return {
      eventId: recorded.id,
      subjectKind: 'finding',
      subjectId: d.findingId,
      operatorPersonId: d.operatorPersonId,
      workCategory: d.workCategory,
      day: chinaDate(d.performedAt),
      occurredAt: d.performedAt,
      organisationId: d.organisationId,
      region: d.region,
    }
  }
  if (event.type === 'CylinderFilled') {
    const d = event.data
    return {
      eventId: recorded.id,
      subjectKind: 'fill',
      subjectId: d.fillId,
      operatorPersonId: d.operatorId,
      workCategory: 'P',
      day: chinaDate(d.filledAt),
      occurredAt: d.filledAt,
      organisationId: d.stationId,
      region: d.regionCode,
    }
  }
  return undefined
}

/**
 * A certificate recorded after the work but valid on its day (entered late, renewed or
 * reinstated with effect back then) cures the open violations it now covers.
 */
async function recheck(batch: ViolationBatch, person: string, by: RecordedEvent): Promise<void> {
  const facts = batch.facts(operatorCertificates, person) ?? []
  const cureKey = `operator:${person}`
  const validThen = (workCategory: unknown, day: string) =>
    typeof workCategory === 'string' && operatorCertificateStatusOn(facts, workCategory, day).status === 'valid'
  batch.cureFound(cureKey, by, (row) => validThen(row.details['workCategory'], row.occurred_on))
  const { rows } = await batch.tx.query<{ id: string; occurred_on: string; work_category: string | null }>(
    `SELECT id, occurred_on, details->>'workCategory' AS work_category FROM enf_violations
     WHERE cure_key = $1 AND status = 'open'`,
    [cureKey],
  )
  await batch.resolve(
    rows.filter((r) => validThen(r.work_category, r.occurred_on)).map((r) => r.id),
    by,
  )
}

/**
 * 2 Operator without a valid certificate for the work category that day (作业人员无证上岗):
 * fills (category P) and operations found in the field. Facts: operatorCertificates.
 * Judge: judgeOperatorWork. Cure: a certificate recorded later that proves valid on that day.
 */
export const operatorWork: Practice = {
  name: 'operator_uncertified',
  eventTypes: ['OperationFoundPerformed', 'CylinderFilled', ...operatorCertificates.eventTypes],
  reads: [
    {
      facts: operatorCertificates,
      keyOf: (event) =>
        event.type === 'CylinderFilled'
          ? event.data.operatorId
          : event.type === 'OperationFoundPerformed'
            ? event.data.operatorPersonId
            : undefined,
    },
  ],
  begin: (batch) => ({
    async apply({ recorded, event }) {
      const work = workOf(recorded, event)
      if (work) {
        const certificates = batch.facts(operatorCertificates, work.operatorPersonId) ?? []
        const refs = batch.refsOf(recorded, certificates)
        for (const finding of judgeOperatorWork(work, certificates))
          batch.record(finding, recorded, refs, `operator:${work.operatorPersonId}`)
      } else if (mayCure(event.type)) {
        await recheck(batch, operatorCertificates.keyOf(event), recorded)
      }
    },
  }),
}
