import t from 'tap'
import { pipelineStandingsAt } from '@gsr/domain/enforcement'
import type { EquipmentEvent } from '@gsr/events/equipment'
import { evolvePipelineFacts, type StoredPipelineFacts } from './pipelineStagesProjection.ts'

const empty: StoredPipelineFacts = { region: '', organisationId: '', inUseRecords: [], dueDates: [], declarations: [] }
const fold = (events: EquipmentEvent[]) => events.reduce(evolvePipelineFacts, empty)
const inUseRate = (facts: StoredPipelineFacts, day: string) =>
  pipelineStandingsAt({ ...facts, pipelineId: 'GP-1' }, day).find((s) => s.rate === 'in_use_information_entry')

const foundInUse = (foundOn: string, extra: object = {}): EquipmentEvent => ({
  type: 'PipelineFoundInUse',
  data: {
    findingId: `F-${foundOn}`,
    enforcementOrganisationId: 'org-enf',
    pipelineId: 'GP-1',
    region: '330106',
    location: 'Wenyi Rd',
    foundOn,
    ...extra,
  },
})

t.test('a pipeline found in use is in the in-use denominator from that day, without a record', async (t) => {
  const facts = fold([foundInUse('2026-05-20')])
  t.match(facts, { region: '330106', organisationId: '', inUseKnownOn: '2026-05-20' })
  t.equal(inUseRate(facts, '2026-05-19'), undefined, 'not the day before')
  t.same(inUseRate(facts, '2026-05-20'), { rate: 'in_use_information_entry', counted: false, shortfall: 'no_record' })
  const later = fold([foundInUse('2026-06-01'), foundInUse('2026-05-20')])
  t.equal(later.inUseKnownOn, '2026-05-20', 'the earliest finding counts')
})

t.test('found in use with an in-use record: the record decides the numerator', async (t) => {
  const recorded: EquipmentEvent = {
    type: 'PipelineInUseRecorded',
    data: {
      pipelineId: 'GP-1',
      organisationId: 'org-gas',
      region: '330106',
      record: {},
      missingFields: [],
      complete: true,
      requiredFieldsRule: { name: 'pipelineInUseRequiredFields', version: '1' },
      recordedOn: '2026-06-10',
    },
  }
  const facts = fold([foundInUse('2026-05-20'), recorded])
  t.same(inUseRate(facts, '2026-06-01'), { rate: 'in_use_information_entry', counted: false, shortfall: 'no_record' })
  t.same(inUseRate(facts, '2026-06-10'), { rate: 'in_use_information_entry', counted: true })
  t.equal(facts.organisationId, 'org-gas')
})

t.test('an owner named later is the pipeline’s organisation in the rates', async (t) => {
  const named: EquipmentEvent = {
    type: 'PipelinePartiesNamed',
    data: {
      pipelineId: 'GP-1',
      region: '330106',
      organisationId: 'org-gas',
      namedOn: '2026-06-01',
      namedBy: 'org-enf',
    },
  }
  t.equal(fold([foundInUse('2026-05-20'), named]).organisationId, 'org-gas')
  t.equal(fold([foundInUse('2026-05-20', { organisationId: 'org-first' }), named]).organisationId, 'org-first')
})
