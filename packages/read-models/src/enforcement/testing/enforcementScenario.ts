import type { NewEvent } from '@gsr/event-store'
import { gsrEventNamespace, uuidv5 } from '@gsr/domain/equipment'
import { cylinderEvent, equipmentEvent } from '@gsr/demo-city'

/**
 * A small scenario with one case (or a few) per practice, including cures, in one county.
 * `p` prefixes every code and organisation so several counties can share one log.
 * Per county it plants 7 violations, 2 of them cured, and one pipeline found without notification.
 */
export function enforcementScenario(county: string, p = ''): [string, NewEvent][] {
  let n = 0
  const uuid = () => uuidv5(`${p}fill-${++n}`, gsrEventNamespace)
  const at = (day: string, time = '10:00:00') => `${day}T${time}+08:00`
  const allChecks = {
    pre: [
      'registered_coded',
      'owned_or_entrusted',
      'within_inspection_date',
      'within_service_life',
      'valve_accessories_intact',
      'no_damage',
      'colour_marking',
      'residual_gas',
    ],
    post: ['quantity_weighed', 'no_leak', 'temperature_normal', 'cap_seal_fitted', 'filling_label'],
  }
  const answers = (items: string[]) => items.map((item) => ({ item, answer: 'ok' as const }))

  function registerCylinder(
    code: string,
    overrides: { refurbished?: boolean; owner?: string; designLifeEndDate?: string } = {},
  ): [string, NewEvent] {
    return [
      `cylinder-${code}`,
      cylinderEvent(
        'CylinderRegistered',
        {
          cylinderCode: code,
          cylinderType: 'lpg_welded_steel',
          gas: 'LPG',
          manufacturer: 'M',
          manufactureDate: '2020-01-01',
          ownerOrganisationId: overrides.owner ?? `${p}station-1`,
          stationId: `${p}station-1`,
          regionCode: county,
          refurbished: overrides.refurbished ?? false,
          registeredOn: '2024-01-01',
          nextInspectionDate: '2028-01-01',
          designLifeEndDate: overrides.designLifeEndDate ?? '2035-01-01',
          ruleVersion: 'cylinderTypeRules/2026-1',
        },
        { occurredAt: at('2024-01-01'), organisationId: `${p}station-1`, idName: `reg-${code}` },
      ),
    ]
  }

  function fill(code: string, day: string, options: { operator?: string; pre?: string[] } = {}): [string, NewEvent] {
    const fillId = uuid()
    return [
      `fill-${fillId}`,
      cylinderEvent(
        'CylinderFilled',
        {
          fillId,
          cylinderCode: code,
          stationId: `${p}station-1`,
          regionCode: county,
          operatorId: options.operator ?? `${p}op-1`,
          filledAt: at(day),
          gas: 'LPG',
          quantityKg: 14.5,
          preFillChecks: answers(options.pre ?? allChecks.pre),
          postFillChecks: answers(allChecks.post),
        },
        { occurredAt: at(day), organisationId: `${p}station-1`, idName: `fill-${fillId}` },
      ),
    ]
  }

  function certificate(personId: string, certificateNo: string): [string, NewEvent] {
    return [
      `operator-${personId}`,
      cylinderEvent(
        'OperatorCertificateIssued',
        {
          personId,
          name: 'Zhang San',
          certificateNo,
          categories: ['P'],
          validFrom: '2023-01-01',
          validUntil: '2026-12-31',
          issuedBy: `${p}bureau`,
          regionCode: county,
        },
        { occurredAt: at('2023-01-01'), organisationId: `${p}bureau`, idName: `cert-${certificateNo}` },
      ),
    ]
  }

  return [
    certificate(`${p}op-1`, `${p}P-1`),
    certificate(`${p}op-2`, `${p}P-2`),
    [
      `operator-${p}op-2`,
      cylinderEvent(
        'OperatorCertificateRevoked',
        {
          personId: `${p}op-2`,
          certificateNo: `${p}P-2`,
          revokedOn: '2025-03-01',
          reason: 'fraud',
          regionCode: county,
        },
        { occurredAt: at('2025-03-01'), organisationId: `${p}bureau`, idName: `${p}revoke-P-2` },
      ),
    ],
    registerCylinder(`${p}CYL-OK`),
    registerCylinder(`${p}CYL-REFURB`, { refurbished: true }),
    registerCylinder(`${p}CYL-OTHER`, { owner: 'customer-9' }),
    fill(`${p}CYL-OK`, '2025-04-01'),
    fill(`${p}CYL-NONE`, '2025-04-02'),
    fill(`${p}CYL-REFURB`, '2025-04-03'),
    fill(`${p}CYL-OTHER`, '2025-04-04'),
    fill(`${p}CYL-OK`, '2025-04-05', { operator: `${p}op-2` }),
    fill(`${p}CYL-OK`, '2025-04-06', { pre: allChecks.pre.slice(1) }),
    [
      `finding-${p}F-1`,
      equipmentEvent(
        'EquipmentFoundInUse',
        {
          findingId: `${p}F-1`,
          enforcementOrganisationId: `${p}team-1`,
          region: county,
          location: 'market',
          foundOn: '2025-05-01',
          category: 'boiler',
          registrationCode: `${p}EQ-9`,
          usingOrganisationId: `${p}user-9`,
        },
        { occurredAt: at('2025-05-01'), organisationId: `${p}team-1`, idName: `finding-${p}F-1` },
      ),
    ],
    [
      `equipment-${p}EQ-1`,
      equipmentEvent(
        'InspectionOverdue',
        {
          subjectKind: 'equipment',
          subjectId: `${p}EQ-1`,
          organisationId: `${p}user-1`,
          region: county,
          dueDate: '2025-05-01',
          overdueSince: '2025-05-02',
        },
        { occurredAt: at('2025-05-02', '00:00:00'), organisationId: 'system', idName: `${p}overdue-EQ-1` },
      ),
    ],
    [
      `equipment-${p}EQ-9`,
      equipmentEvent(
        'EquipmentRegistered',
        {
          registrationCode: `${p}EQ-9`,
          category: 'boiler',
          organisationId: `${p}user-9`,
          region: county,
          location: 'market',
          attributes: {},
          putIntoServiceDate: '2025-04-01',
          registeredOn: '2025-05-10',
          registrationDeadline: '2025-05-01',
          late: true,
          registrationDeadlineRule: { name: 'registrationDeadline', version: '1' },
          nextInspectionDue: '2026-05-10',
        },
        { occurredAt: at('2025-05-10'), organisationId: `${p}user-9`, idName: `${p}register-EQ-9` },
      ),
    ],
    [
      `equipment-${p}EQ-1`,
      equipmentEvent(
        'InspectionResultRecorded',
        {
          subjectKind: 'equipment',
          subjectId: `${p}EQ-1`,
          organisationId: `${p}user-1`,
          region: county,
          agencyId: `${p}agency-1`,
          kind: 'periodic',
          conclusion: 'pass',
          reportNumber: 'R-1',
          inspectors: ['Li'],
          inspectionDate: '2025-05-20',
          nextDueDate: '2026-05-20',
        },
        { occurredAt: at('2025-05-20'), organisationId: `${p}agency-1`, idName: `${p}inspect-EQ-1` },
      ),
    ],
    [
      `pipeline-${p}PL-1`,
      equipmentEvent(
        'PipelineConstructionStarted',
        {
          pipelineId: `${p}PL-1`,
          region: county,
          organisationId: `${p}user-1`,
          startedOn: '2025-02-01',
          source: 'found',
          reportedBy: `${p}team-1`,
        },
        { occurredAt: at('2025-02-01'), organisationId: `${p}team-1`, idName: `${p}pl-1-start` },
      ),
    ],
  ]
}
