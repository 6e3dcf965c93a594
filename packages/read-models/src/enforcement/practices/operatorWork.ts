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

interface OpenWork {
  id: string
  occurredOn: string
  workCategory: string | null
}

/** The open violations recorded before the batch of the persons whose certificates may cure them: one query. */
async function openWorkOf(batch: ViolationBatch): Promise<Map<string, OpenWork[]>> {
  const persons = new Set<string>()
  for (const { event } of batch.events) if (mayCure(event.type)) persons.add(operatorCertificates.keyOf(event))
  const open = new Map<string, OpenWork[]>()
  if (persons.size === 0) return open
  const { rows } = await batch.tx.query<{
    id: string
    occurred_on: string
    work_category: string | null
    cure_key: string
  }>(
    `SELECT id, occurred_on, details->>'workCategory' AS work_category, cure_key FROM enf_violations
     WHERE status = 'open' AND cure_key IN (SELECT 'operator:' || jsonb_array_elements_text($1::jsonb))`,
    [JSON.stringify([...persons])],
  )
  for (const r of rows) {
    const person = r.cure_key.slice('operator:'.length)
    open.set(person, [
      ...(open.get(person) ?? []),
      { id: r.id, occurredOn: r.occurred_on, workCategory: r.work_category },
    ])
  }
  return open
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
  async begin(batch) {
    const open = await openWorkOf(batch)
    const cured: { ids: string[]; by: RecordedEvent }[] = []
    return {
      apply({ recorded, event }) {
        const work = workOf(recorded, event)
        if (work) {
          const certificates = batch.facts(operatorCertificates, work.operatorPersonId) ?? []
          const refs = batch.refsOf(recorded, certificates)
          for (const finding of judgeOperatorWork(work, certificates))
            batch.record(finding, recorded, refs, `operator:${work.operatorPersonId}`)
          return
        }
        if (!mayCure(event.type)) return
        // A certificate recorded after the work but valid on its day (entered late, renewed or
        // reinstated with effect back then) cures the open violations it now covers.
        const person = operatorCertificates.keyOf(event)
        const facts = batch.facts(operatorCertificates, person) ?? []
        const validThen = (workCategory: unknown, day: string) =>
          typeof workCategory === 'string' && operatorCertificateStatusOn(facts, workCategory, day).status === 'valid'
        batch.cureFound(`operator:${person}`, recorded, (row) =>
          validThen(row.details['workCategory'], row.occurred_on),
        )
        const stillOpen = open.get(person) ?? []
        const ids = stillOpen.filter((v) => validThen(v.workCategory, v.occurredOn)).map((v) => v.id)
        if (ids.length === 0) return
        open.set(
          person,
          stillOpen.filter((v) => !ids.includes(v.id)),
        )
        cured.push({ ids, by: recorded })
      },
      async end() {
        for (const { ids, by } of cured) await batch.resolve(ids, by)
      },
    }
  },
}
