import type { NewEvent } from '@gsr/event-store'
import { cylinderTypeRuleOn } from '@gsr/domain/cylinders'
import { gsrEventNamespace, uuidv5 } from '@gsr/domain/equipment'
import { cylinderTypes, type CylinderType } from '@gsr/events/cylinders'
import type { EquipmentCategory } from '@gsr/events/equipment'
import { cylinderEvent, equipmentEvent } from './catalogueEvents.ts'
import type { CityExpectations, ExpectedRate, ExpectedViolation } from './CityExpectations.ts'
import { asOfDays, cityRegion, cityYear, provinceRegion, type CitySize } from './citySize.ts'
import {
  deadlineOf,
  expectedStandings,
  foundRecordedAfterDays,
  newInUseAfterDays,
  type PipelineProfile,
} from './pipelineProfiles.ts'
import { addDays } from '@gsr/domain'
import { plantCases } from './plantedCases.ts'
import { createRng, daysOfYear } from './rng.ts'

/** Events of one day and phase whose streams may be appended concurrently (same stream: in order). */
export interface CityBatch {
  readonly day: string
  readonly phase: 'state' | 'acts'
  readonly events: readonly (readonly [string, NewEvent])[]
}

/** An organisation the city's events name, for the organisation directory (names where people read). */
export interface CityOrganisation {
  readonly id: string
  readonly kind:
    'equipment_user' | 'installer' | 'inspection_agency' | 'filling_station' | 'manufacturer' | 'seller' | 'enforcement'
  readonly region: string
  readonly name: string
}

export interface City {
  readonly expected: CityExpectations
  readonly counts: Readonly<Record<string, number>>
  readonly organisations: readonly CityOrganisation[]
  /** Day by day: the register changes first, then the acts (fills, findings, sales) of that day. */
  batches(): Generator<CityBatch>
}

type Entry = readonly [string, NewEvent]
const gasOf: Record<CylinderType, string> = {
  lpg_welded_steel: 'LPG',
  seamless_steel_general: 'oxygen',
  seamless_steel_inert: 'argon',
  corrosive_gas: 'chlorine',
  dissolved_acetylene: 'acetylene',
  vehicle_cng: 'CNG',
  fibre_wrapped_composite: 'nitrogen',
}
const equipmentCategories: EquipmentCategory[] = ['boiler', 'pressure_vessel', 'elevator', 'lifting_machinery']
const pad = (n: number, width: number) => String(n).padStart(width, '0')
const uuid = (name: string) => uuidv5(name, gsrEventNamespace)
const morning = (day: string) => `${day}T09:00:00+08:00`

/**
 * A synthetic city, seeded and deterministic: counties with filling stations, equipment users,
 * installers, manufacturers and sellers; registered cylinders, equipment and gas pipelines; a
 * year of fills; and a known set of planted violations and missing pipeline stages (every other
 * record is compliant). `expected` lists exactly what the enforcement projections must find.
 */
export function generateCity(size: CitySize, seed = 20250101, label = 'custom'): City {
  const rng = createRng(seed)
  const schedule = new Map<string, { state: Entry[]; acts: Entry[] }>()
  const at = (day: string) => {
    let slot = schedule.get(day)
    if (!slot) schedule.set(day, (slot = { state: [], acts: [] }))
    return slot
  }
  const state = (day: string, entry: Entry) => at(day).state.push(entry)
  const act = (day: string, entry: Entry) => at(day).acts.push(entry)
  const violations: ExpectedViolation[] = []
  const expect = (v: Omit<ExpectedViolation, 'status'> & { status?: 'open' | 'resolved' }) =>
    violations.push({ status: 'open', ...v })
  const counts: Record<string, number> = {}
  const count = (what: string, n = 1) => (counts[what] = (counts[what] ?? 0) + n)

  // Organisations per county.
  const stations = (county: string) =>
    Array.from({ length: size.stationsPerCounty }, (_, i) => `FS-${county}-${pad(i, 2)}`)
  const users = (county: string) => Array.from({ length: size.usersPerCounty }, (_, i) => `EU-${county}-${pad(i, 2)}`)
  const installers = (county: string) =>
    Array.from({ length: size.installersPerCounty }, (_, i) => `IN-${county}-${pad(i, 2)}`)
  const manufacturers = (county: string) =>
    Array.from({ length: size.manufacturersPerCounty }, (_, i) => `MF-${county}-${pad(i, 2)}`)
  const sellers = (county: string) =>
    Array.from({ length: size.sellersPerCounty }, (_, i) => `SL-${county}-${pad(i, 2)}`)
  const agency = (county: string) => `IA-${county}`
  const team = (county: string) => `EN-${county}`
  const bureau = 'AD-330100'
  const kindNames: Record<CityOrganisation['kind'], string> = {
    filling_station: '演示充装站',
    equipment_user: '演示使用单位',
    installer: '演示安装单位',
    manufacturer: '演示制造单位',
    seller: '演示销售单位',
    inspection_agency: '演示检验机构',
    enforcement: '演示市场监管局',
  }
  const organisation = (id: string, kind: CityOrganisation['kind'], region: string): CityOrganisation => ({
    id,
    kind,
    region,
    name: `${kindNames[kind]} ${id}`,
  })
  const organisations: CityOrganisation[] = [
    organisation(bureau, 'enforcement', bureau.slice(3)),
    ...size.counties.flatMap((county) => [
      organisation(team(county), 'enforcement', county),
      organisation(agency(county), 'inspection_agency', county),
      ...stations(county).map((id) => organisation(id, 'filling_station', county)),
      ...users(county).map((id) => organisation(id, 'equipment_user', county)),
      ...installers(county).map((id) => organisation(id, 'installer', county)),
      ...manufacturers(county).map((id) => organisation(id, 'manufacturer', county)),
      ...sellers(county).map((id) => organisation(id, 'seller', county)),
    ]),
  ]
  count(
    'organisations',
    size.counties.length *
      (size.stationsPerCounty +
        size.usersPerCounty +
        size.installersPerCounty +
        size.manufacturersPerCounty +
        size.sellersPerCounty +
        2) +
      2,
  )

  // Operators: two certified P operators per station, valid well beyond the year.
  const operatorsOf = (station: string) => [`OP-${station}-1`, `OP-${station}-2`]
  const certify = (
    person: string,
    certificateNo: string,
    region: string,
    validFrom: string,
    validUntil: string,
    categories: ('P' | 'Q2')[] = ['P'],
  ) =>
    state(validFrom < '2024-12-01' ? '2024-11-01' : validFrom, [
      `operator-${person}`,
      cylinderEvent(
        'OperatorCertificateIssued',
        {
          personId: person,
          name: `operator ${person}`,
          certificateNo,
          categories,
          validFrom,
          validUntil,
          issuedBy: bureau,
          regionCode: region,
        },
        {
          occurredAt: morning(validFrom < '2024-12-01' ? '2024-11-01' : validFrom),
          organisationId: bureau,
          idName: `cert-${certificateNo}`,
        },
      ),
    ])

  // Fills.
  let fillSeq = 0
  const fillEvent = (
    day: string,
    time: string,
    c: { code: string; type: CylinderType; region: string },
    stationId: string,
    operatorId: string,
    options: { dropPre?: boolean; dropPost?: boolean } = {},
  ): { entry: Entry; fillId: string } => {
    const name = `fill-${seed}-${++fillSeq}`
    const fillId = uuid(name)
    const rule = cylinderTypeRuleOn(c.type, day).rule
    const pre = rule.preFillItems.slice(options.dropPre ? 1 : 0).map((item) => ({ item, answer: 'ok' as const }))
    const post = rule.postFillItems.slice(options.dropPost ? 1 : 0).map((item) => ({ item, answer: 'ok' as const }))
    const filledAt = `${day}T${time}+08:00`
    return {
      fillId,
      entry: [
        `fill-${fillId}`,
        cylinderEvent(
          'CylinderFilled',
          {
            fillId,
            cylinderCode: c.code,
            stationId,
            regionCode: c.region,
            operatorId,
            filledAt,
            gas: gasOf[c.type],
            quantityKg: c.type === 'lpg_welded_steel' ? 14.5 : 6,
            preFillChecks: pre,
            postFillChecks: post,
          },
          { occurredAt: filledAt, organisationId: stationId, idName: name },
        ),
      ],
    }
  }

  const registerCylinder = (
    day: string,
    c: { code: string; type: CylinderType; region: string },
    stationId: string,
    options: {
      owner?: string
      refurbished?: boolean
      nextInspectionDate?: string
      designLifeEndDate?: string
      manufactureDate?: string
    } = {},
  ) =>
    state(day, [
      `cylinder-${c.code}`,
      cylinderEvent(
        'CylinderRegistered',
        {
          cylinderCode: c.code,
          cylinderType: c.type,
          gas: gasOf[c.type],
          manufacturer: 'Zhejiang Cylinder Works',
          manufactureDate: options.manufactureDate ?? '2022-03-01',
          ownerOrganisationId: options.owner ?? stationId,
          stationId,
          regionCode: c.region,
          refurbished: options.refurbished ?? false,
          registeredOn: day,
          nextInspectionDate: options.nextInspectionDate ?? '2027-03-01',
          designLifeEndDate: options.designLifeEndDate ?? '2037-03-01',
          ruleVersion: 'cylinderTypeRules/2026-1',
        },
        { occurredAt: morning(day), organisationId: stationId, idName: `reg-${c.code}` },
      ),
    ])

  // Clean cylinders: owned by the registering station, inspected, within service life.
  const allStations = size.counties.flatMap((county) => stations(county).map((s) => ({ county, station: s })))
  const pool: { code: string; type: CylinderType; region: string; station: string }[] = []
  for (let i = 0; i < size.cylinders; i++) {
    const { county, station } = allStations[i % allStations.length]!
    const c = {
      code: `CY${county}${station.slice(-2)}${pad(i, 7)}`,
      type: rng.pick(cylinderTypes),
      region: county,
      station,
    }
    pool.push(c)
    registerCylinder('2024-12-01', c, station)
  }
  count('cylinders', pool.length)
  const poolByStation = new Map<string, typeof pool>()
  for (const c of pool) poolByStation.set(c.station, [...(poolByStation.get(c.station) ?? []), c])
  for (const { station, county } of allStations)
    operatorsOf(station).forEach((person, i) =>
      certify(person, `TS-${station}-${i}`, county, '2023-01-01', '2027-12-31'),
    )

  for (const county of size.counties) {
    const [s0, s1] = stations(county) as [string, string]
    const [u0] = users(county) as [string]
    const [m0] = manufacturers(county) as [string]
    const [l0] = sellers(county) as [string]
    const s0Op = operatorsOf(s0)[0]!
    const clean = poolByStation.get(s0)!
    const planted = (kind: string, r: number, type: CylinderType = 'lpg_welded_steel') => ({
      code: `PX${county}${kind}${r}`,
      type,
      region: county,
    })
    const fillViolation = (
      day: string,
      c: { code: string; type: CylinderType; region: string },
      station: string,
      subReasons: string[],
      category = 'noncompliant_cylinder_filled',
      operator = station === s0 ? s0Op : operatorsOf(station)[0]!,
      options: { dropPre?: boolean; dropPost?: boolean } = {},
    ) => {
      const { entry, fillId } = fillEvent(day, '10:30:00', c, station, operator, options)
      act(day, entry)
      for (const subReason of subReasons)
        expect({
          id: `${category}:${subReason}:fill:${fillId}`,
          category,
          subReason,
          organisationId: station,
          region: county,
        })
    }

    for (let r = 0; r < size.plantedRepeats; r++) {
      const d = (day: string) => addDays(day, r) // spread repeats over consecutive days
      // Practice 3: each sub-reason, and controls that must stay clean.
      fillViolation(d('2025-02-10'), planted('UNREG', r), s0, ['unregistered'])
      const other = planted('OTHER', r)
      registerCylinder('2024-12-01', other, s1)
      fillViolation(d('2025-03-03'), other, s0, ['not_owned_nor_entrusted'])
      const entrusted = planted('ENTR', r)
      registerCylinder('2024-12-01', entrusted, s0, { owner: u0 })
      state('2024-12-02', [
        `cylinder-${entrusted.code}`,
        cylinderEvent(
          'CylinderEntrusted',
          {
            cylinderCode: entrusted.code,
            stationId: s0,
            regionCode: county,
            ownerOrganisationId: u0,
            entrustedFrom: '2024-12-02',
          },
          { occurredAt: morning('2024-12-02'), organisationId: s0, idName: `entrust-${entrusted.code}` },
        ),
      ])
      fillViolation(d('2025-03-04'), entrusted, s0, []) // entrusted: lawful
      state('2025-08-31', [
        `cylinder-${entrusted.code}`,
        cylinderEvent(
          'CylinderEntrustmentEnded',
          { cylinderCode: entrusted.code, stationId: s0, regionCode: county, endedOn: '2025-08-31' },
          { occurredAt: morning('2025-08-31'), organisationId: s0, idName: `entrust-end-${entrusted.code}` },
        ),
      ])
      fillViolation(d('2025-09-10'), entrusted, s0, ['not_owned_nor_entrusted'])
      const refurbished = planted('REFB', r)
      registerCylinder('2024-12-01', refurbished, s0, { refurbished: true })
      fillViolation(d('2025-04-07'), refurbished, s0, ['refurbished'])
      const overdue = planted('OVRD', r)
      registerCylinder('2024-12-01', overdue, s0, { nextInspectionDate: '2025-03-01' })
      fillViolation(d('2025-02-20'), overdue, s0, []) // before the due date: lawful
      fillViolation(d('2025-04-10'), overdue, s0, ['inspection_overdue'])
      const inspected = planted('INSP', r)
      registerCylinder('2024-12-01', inspected, s0, { nextInspectionDate: '2025-03-01' })
      state('2025-03-10', [
        `cylinder-${inspected.code}`,
        cylinderEvent(
          'CylinderInspected',
          {
            cylinderCode: inspected.code,
            agencyId: agency(county),
            regionCode: county,
            ownerOrganisationId: s0,
            inspectionDate: '2025-03-10',
            result: 'pass',
            reportNo: `CR-${inspected.code}`,
            nextInspectionDate: '2029-03-10',
          },
          { occurredAt: morning('2025-03-10'), organisationId: agency(county), idName: `inspect-${inspected.code}` },
        ),
      ])
      fillViolation(d('2025-05-02'), inspected, s0, []) // inspected in time since: lawful
      const failed = planted('FAIL', r)
      registerCylinder('2024-12-01', failed, s0)
      state('2025-05-01', [
        `cylinder-${failed.code}`,
        cylinderEvent(
          'CylinderInspected',
          {
            cylinderCode: failed.code,
            agencyId: agency(county),
            regionCode: county,
            ownerOrganisationId: s0,
            inspectionDate: '2025-05-01',
            result: 'fail',
            reportNo: `CR-${failed.code}`,
          },
          { occurredAt: morning('2025-05-01'), organisationId: agency(county), idName: `inspect-${failed.code}` },
        ),
      ])
      fillViolation(d('2025-06-03'), failed, s0, ['failed_last_inspection'])
      const scrapped = planted('SCRP', r)
      registerCylinder('2024-12-01', scrapped, s0)
      state('2025-07-01', [
        `cylinder-${scrapped.code}`,
        cylinderEvent(
          'CylinderScrapped',
          {
            cylinderCode: scrapped.code,
            regionCode: county,
            ownerOrganisationId: s0,
            scrappedOn: '2025-07-01',
            byOrganisationId: s0,
            reason: 'corrosion',
          },
          { occurredAt: morning('2025-07-01'), organisationId: s0, idName: `scrap-${scrapped.code}` },
        ),
      ])
      fillViolation(d('2025-08-04'), scrapped, s0, ['scrapped'])
      const old = planted('OLD', r)
      registerCylinder('2024-12-01', old, s0, { manufactureDate: '2010-02-28', designLifeEndDate: '2025-02-28' })
      fillViolation(d('2025-09-02'), old, s0, ['past_design_life'])
      const multi = planted('MULT', r)
      registerCylinder('2024-12-01', multi, s1, {
        refurbished: true,
        manufactureDate: '2010-01-31',
        designLifeEndDate: '2025-01-31',
      })
      fillViolation(d('2025-10-01'), multi, s0, ['not_owned_nor_entrusted', 'refurbished', 'past_design_life'])
      count('planted noncompliant-cylinder fills', 11)

      // Practice 4: incomplete checks on clean cylinders.
      fillViolation(
        d('2025-05-12'),
        clean[r % clean.length]!,
        s0,
        ['pre_fill_check_incomplete'],
        'fill_checks_missing',
        s0Op,
        { dropPre: true },
      )
      fillViolation(
        d('2025-06-12'),
        clean[(r + 1) % clean.length]!,
        s0,
        ['post_fill_check_incomplete'],
        'fill_checks_missing',
        s0Op,
        { dropPost: true },
      )
      fillViolation(
        d('2025-07-14'),
        clean[(r + 2) % clean.length]!,
        s0,
        ['pre_fill_check_incomplete', 'post_fill_check_incomplete'],
        'fill_checks_missing',
        s0Op,
        { dropPre: true, dropPost: true },
      )

      // Practice 2: operators without a valid certificate at the fill / operation.
      const person = (kind: string) => `OX-${county}-${kind}-${r}`
      certify(person('EXP'), `TX-${county}-EXP-${r}`, county, '2021-04-01', '2025-03-31')
      fillViolation(
        d('2025-05-15'),
        clean[r % clean.length]!,
        s0,
        ['certificate_expired'],
        'operator_uncertified',
        person('EXP'),
      )
      certify(person('SUS'), `TX-${county}-SUS-${r}`, county, '2023-01-01', '2027-12-31')
      state('2025-04-01', [
        `operator-${person('SUS')}`,
        cylinderEvent(
          'OperatorCertificateSuspended',
          {
            personId: person('SUS'),
            certificateNo: `TX-${county}-SUS-${r}`,
            suspendedFrom: '2025-04-01',
            suspendedUntil: '2025-04-30',
            reason: 'audit',
            regionCode: county,
          },
          { occurredAt: morning('2025-04-01'), organisationId: bureau, idName: `suspend-${person('SUS')}` },
        ),
      ])
      fillViolation(
        d('2025-04-15'),
        clean[r % clean.length]!,
        s0,
        ['certificate_suspended'],
        'operator_uncertified',
        person('SUS'),
      )
      fillViolation(d('2025-05-05'), clean[r % clean.length]!, s0, [], 'operator_uncertified', person('SUS'))
      certify(person('REV'), `TX-${county}-REV-${r}`, county, '2023-01-01', '2027-12-31')
      state('2025-02-01', [
        `operator-${person('REV')}`,
        cylinderEvent(
          'OperatorCertificateRevoked',
          {
            personId: person('REV'),
            certificateNo: `TX-${county}-REV-${r}`,
            revokedOn: '2025-02-01',
            reason: 'forged records',
            regionCode: county,
          },
          { occurredAt: morning('2025-02-01'), organisationId: bureau, idName: `revoke-${person('REV')}` },
        ),
      ])
      fillViolation(
        d('2025-03-01'),
        clean[r % clean.length]!,
        s0,
        ['certificate_revoked'],
        'operator_uncertified',
        person('REV'),
      )
      fillViolation(
        d('2025-06-02'),
        clean[r % clean.length]!,
        s0,
        ['no_certificate'],
        'operator_uncertified',
        person('NONE'),
      )
      const operation = (kind: string, operator: string, category: 'Q2' | 'P', day: string, violating: boolean) => {
        const findingId = `FO-${county}-${kind}-${r}`
        act(day, [
          `finding-${findingId}`,
          equipmentEvent(
            'OperationFoundPerformed',
            {
              findingId,
              enforcementOrganisationId: team(county),
              region: county,
              location: 'construction site',
              foundOn: day,
              performedAt: `${day}T14:00:00+08:00`,
              operatorPersonId: operator,
              workCategory: category,
              organisationId: u0,
            },
            { occurredAt: `${day}T14:00:00+08:00`, organisationId: team(county), idName: `finding-${findingId}` },
          ),
        ])
        if (violating)
          expect({
            id: `operator_uncertified:no_certificate:finding:${findingId}`,
            category: 'operator_uncertified',
            subReason: 'no_certificate',
            organisationId: u0,
            region: county,
          })
      }
      operation('CRANE', person('CRANE'), 'Q2', d('2025-07-07'), true)
      operation('FILL', s0Op, 'P', d('2025-07-08'), false)
      count('planted operator cases', 6)

      // Practice 1: equipment found in use unregistered; overdue inspections.
      const equipment = (
        code: string,
        day: string,
        nextInspectionDue: string,
        late = false,
        plate: { manufacturer?: string; serialNumber?: string } = {},
      ) =>
        state(day, [
          `equipment-${code}`,
          equipmentEvent(
            'EquipmentRegistered',
            {
              registrationCode: code,
              category: 'boiler',
              organisationId: u0,
              region: county,
              location: 'plant room',
              attributes: {},
              putIntoServiceDate: late ? addDays(day, -60) : addDays(day, -10),
              registeredOn: day,
              registrationDeadline: late ? addDays(day, -30) : addDays(day, 20),
              late,
              registrationDeadlineRule: { name: 'registrationDeadline', version: '2022.1' },
              nextInspectionDue,
              ...plate,
            },
            { occurredAt: morning(day), organisationId: u0, idName: `register-${code}` },
          ),
        ])
      const found = (
        kind: string,
        day: string,
        registrationCode?: string,
        plate: { manufacturer?: string; serialNumber?: string } = {},
      ) => {
        const findingId = `FE-${county}-${kind}-${r}`
        act(day, [
          `finding-${findingId}`,
          equipmentEvent(
            'EquipmentFoundInUse',
            {
              findingId,
              enforcementOrganisationId: team(county),
              region: county,
              location: 'workshop',
              foundOn: day,
              category: 'boiler',
              usingOrganisationId: u0,
              ...(registrationCode ? { registrationCode } : {}),
              ...plate,
            },
            { occurredAt: morning(day), organisationId: team(county), idName: `finding-${findingId}` },
          ),
        ])
        return `equipment_unregistered_or_uninspected:unregistered_in_use:finding:${findingId}`
      }
      const equipmentRegion = { category: 'equipment_unregistered_or_uninspected', organisationId: u0, region: county }
      expect({ id: found('NOCODE', d('2025-02-11')), subReason: 'unregistered_in_use', ...equipmentRegion })
      const lateCode = `EQ-${county}-LATE-${r}`
      const lateId = found('LATE', d('2025-03-05'), lateCode)
      equipment(lateCode, d('2025-03-25'), '2026-03-25', true)
      expect({
        id: lateId,
        subReason: 'unregistered_in_use',
        ...equipmentRegion,
        status: 'resolved',
        resolvedByEventId: uuid(`register-${lateCode}`),
      })
      // The late registration is no 1a of its own: one per equipment and unregistered period, and
      // the finding it cures counts this one (practices/lateRegistration.ts).
      // Found with no code, its nameplate read; registered later under the code the authority
      // issued: the same manufacturer and serial number cure it.
      const plate = { manufacturer: 'Hangzhou Boiler Works', serialNumber: `HBW ${county}-${r}` }
      const serialId = found('SERIAL', d('2025-03-07'), undefined, plate)
      const serialCode = `EQ-${county}-SERIAL-${r}`
      equipment(serialCode, d('2025-03-20'), '2026-03-20', false, {
        manufacturer: 'hangzhou boiler  works',
        serialNumber: plate.serialNumber,
      })
      expect({
        id: serialId,
        subReason: 'unregistered_in_use',
        ...equipmentRegion,
        status: 'resolved',
        resolvedByEventId: uuid(`register-${serialCode}`),
      })
      // Found with no code and no legible plate; the team links it to the registration it saw.
      const linkedCode = `EQ-${county}-LINKED-${r}`
      equipment(linkedCode, d('2025-03-12'), '2026-03-12')
      const linkId = found('LINK', d('2025-03-08'))
      const linkFinding = `FE-${county}-LINK-${r}`
      act(d('2025-03-16'), [
        `finding-${linkFinding}`,
        equipmentEvent(
          'FindingLinkedToRegistration',
          {
            findingId: linkFinding,
            enforcementOrganisationId: team(county),
            region: county,
            registrationCode: linkedCode,
            linkedOn: d('2025-03-16'),
          },
          { occurredAt: morning(d('2025-03-16')), organisationId: team(county), idName: `link-${linkFinding}` },
        ),
      ])
      expect({
        id: linkId,
        subReason: 'unregistered_in_use',
        ...equipmentRegion,
        status: 'resolved',
        resolvedByEventId: uuid(`link-${linkFinding}`),
      })
      found('KNOWN', d('2025-03-06'), `EQ-${county}-${pad(0, 4)}`) // registered: lawful
      const overdueCase = (kind: string, dueDate: string, cure?: { on: string; conclusion: 'pass' | 'fail' }) => {
        const code = `EQ-${county}-${kind}-${r}`
        equipment(code, '2024-06-01', dueDate)
        const overdueSince = addDays(dueDate, 1)
        state(overdueSince, [
          `equipment-${code}`,
          equipmentEvent(
            'InspectionOverdue',
            { subjectKind: 'equipment', subjectId: code, organisationId: u0, region: county, dueDate, overdueSince },
            {
              occurredAt: morning(overdueSince),
              organisationId: 'system',
              role: 'scheduler',
              idName: `overdue-${code}-${dueDate}`,
            },
          ),
        ])
        const id = `equipment_unregistered_or_uninspected:inspection_overdue:equipment:${code}@${dueDate}`
        if (cure)
          state(cure.on, [
            `equipment-${code}`,
            equipmentEvent(
              'InspectionResultRecorded',
              {
                subjectKind: 'equipment',
                subjectId: code,
                organisationId: u0,
                region: county,
                agencyId: agency(county),
                kind: 'periodic',
                conclusion: cure.conclusion,
                reportNumber: `R-${code}`,
                inspectors: ['inspector'],
                inspectionDate: cure.on,
                ...(cure.conclusion === 'pass' ? { nextDueDate: addDays(cure.on, 365) } : {}),
              },
              { occurredAt: morning(cure.on), organisationId: agency(county), idName: `inspect-${code}` },
            ),
          ])
        expect({
          id,
          subReason: 'inspection_overdue',
          ...equipmentRegion,
          ...(cure?.conclusion === 'pass'
            ? { status: 'resolved' as const, resolvedByEventId: uuid(`inspect-${code}`) }
            : {}),
        })
      }
      overdueCase('ODCURED', '2025-03-31', { on: '2025-05-10', conclusion: 'pass' })
      overdueCase('ODOPEN', '2025-06-30')
      overdueCase('ODFAIL', '2025-08-31', { on: '2025-09-15', conclusion: 'fail' })
      count('planted equipment cases', 6)

      // Practice 5: household gas appliances.
      const cert = (
        kind: string,
        validFrom: string,
        validUntil: string,
        category: 'gas_stove' | 'gas_leak_alarm' = 'gas_stove',
      ) => {
        const certificateNo = `CCC-${county}-${kind}-${r}`
        state(validFrom < '2024-12-01' ? '2024-11-02' : validFrom, [
          `certificate-${certificateNo}`,
          cylinderEvent(
            'ApplianceCertificateIssued',
            {
              certificateNo,
              certificationBodyId: 'CB-330000',
              manufacturerId: m0,
              modelNo: `MOD-${kind}-${r}`,
              category,
              validFrom,
              validUntil,
              regionCode: county,
            },
            {
              occurredAt: morning(validFrom < '2024-12-01' ? '2024-11-02' : validFrom),
              organisationId: 'CB-330000',
              idName: `ccc-${certificateNo}`,
            },
          ),
        ])
        return certificateNo
      }
      const failCert = (kind: string, failure: 'suspended' | 'revoked' | 'cancelled', effectiveFrom: string) =>
        state(effectiveFrom, [
          `certificate-CCC-${county}-${kind}-${r}`,
          cylinderEvent(
            'ApplianceCertificationFailed',
            {
              certificateNo: `CCC-${county}-${kind}-${r}`,
              manufacturerId: m0,
              modelNo: `MOD-${kind}-${r}`,
              failure,
              effectiveFrom,
              reason: 'spot check failed',
              regionCode: county,
            },
            {
              occurredAt: morning(effectiveFrom),
              organisationId: 'CB-330000',
              idName: `ccc-fail-${kind}-${county}-${r}`,
            },
          ),
        ])
      let recordSeq = 0
      const record = (
        kind: string,
        type: 'sale' | 'production',
        day: string,
        subReason?: string,
        category: 'gas_stove' | 'gas_leak_alarm' = 'gas_stove',
      ) => {
        const recordId = uuid(`record-${county}-${kind}-${r}-${++recordSeq}`)
        const common = {
          recordId,
          manufacturerId: m0,
          modelNo: `MOD-${kind}-${r}`,
          category,
          quantity: 20,
          regionCode: county,
          source: 'reported' as const,
        }
        act(
          day,
          type === 'sale'
            ? [
                `appliance-sale-${recordId}`,
                cylinderEvent(
                  'ApplianceSaleRecorded',
                  { ...common, sellerId: l0, soldOn: day, recordedBy: l0 },
                  { occurredAt: morning(day), organisationId: l0, idName: `sale-${recordId}` },
                ),
              ]
            : [
                `appliance-production-${recordId}`,
                cylinderEvent(
                  'ApplianceProductionRecorded',
                  { ...common, producedOn: day, recordedBy: m0 },
                  { occurredAt: morning(day), organisationId: m0, idName: `production-${recordId}` },
                ),
              ],
        )
        if (subReason)
          expect({
            id: `uncertified_gas_appliance:${subReason}:${type}:${recordId}`,
            category: 'uncertified_gas_appliance',
            subReason,
            organisationId: type === 'sale' ? l0 : m0,
            region: county,
          })
      }
      cert('OK', '2023-01-01', '2028-12-31')
      record('OK', 'production', d('2025-02-03'))
      record('OK', 'sale', d('2025-03-03'))
      record('NEVER', 'sale', d('2025-04-01'), 'never_certified')
      cert('REVK', '2022-01-01', '2027-12-31')
      failCert('REVK', 'revoked', '2025-05-01')
      record('REVK', 'sale', d('2025-04-20'))
      record('REVK', 'sale', d('2025-06-02'), 'certificate_revoked')
      cert('EXPD', '2020-04-01', '2025-03-31')
      record('EXPD', 'production', d('2025-04-15'), 'certificate_expired')
      cert('SUSP', '2023-01-01', '2028-12-31')
      failCert('SUSP', 'suspended', '2025-07-01')
      state('2025-08-01', [
        `certificate-CCC-${county}-SUSP-${r}`,
        cylinderEvent(
          'ApplianceCertificateReinstated',
          {
            certificateNo: `CCC-${county}-SUSP-${r}`,
            manufacturerId: m0,
            modelNo: `MOD-SUSP-${r}`,
            effectiveFrom: '2025-08-01',
            regionCode: county,
          },
          { occurredAt: morning('2025-08-01'), organisationId: 'CB-330000', idName: `ccc-reinstate-${county}-${r}` },
        ),
      ])
      record('SUSP', 'sale', d('2025-07-10'), 'certificate_suspended')
      record('SUSP', 'sale', d('2025-08-11'))
      cert('CANC', '2023-01-01', '2028-12-31')
      failCert('CANC', 'cancelled', '2025-09-01')
      record('CANC', 'production', d('2025-09-15'), 'certificate_cancelled')
      record('ALARM', 'sale', d('2025-05-20'), undefined, 'gas_leak_alarm') // not under CCC
      count('planted appliance cases', 10)
    }

    // Clean equipment: registered in time, next inspection after the year.
    for (let i = 0; i < size.equipmentPerCounty; i++) {
      const code = `EQ-${county}-${pad(i, 4)}`
      const owner = users(county)[i % size.usersPerCounty]!
      state('2024-06-01', [
        `equipment-${code}`,
        equipmentEvent(
          'EquipmentRegistered',
          {
            registrationCode: code,
            category: equipmentCategories[i % equipmentCategories.length]!,
            organisationId: owner,
            region: county,
            location: `site ${i}`,
            attributes: {},
            putIntoServiceDate: '2024-05-20',
            registeredOn: '2024-06-01',
            registrationDeadline: '2024-06-19',
            late: false,
            registrationDeadlineRule: { name: 'registrationDeadline', version: '2022.1' },
            nextInspectionDue: '2026-06-01',
          },
          { occurredAt: morning('2024-06-01'), organisationId: owner, idName: `register-${code}` },
        ),
      ])
    }
    count('equipment', size.equipmentPerCounty)
  }

  // Pipelines: planted shapes first (per county and repeat), then compliant ones.
  const pipelines: { id: string; region: string; organisationId: string; profile: PipelineProfile }[] = []
  const plantedKinds = [
    'legacy_incomplete',
    'legacy_norecord',
    'due_late',
    'due_missing',
    'new_unnotified',
    'new_late_notified',
    'new_undeclared',
    'new_planned',
    'found_in_use',
  ] as const
  for (const [c, county] of size.counties.entries()) {
    // A gas utility seated in the next county operates the pipelines found in use here.
    const neighbour = users(size.counties[(c + 1) % size.counties.length]!)[0]!
    const us = users(county)
    for (let i = 0; i < size.pipelinesPerCounty; i++) {
      const plantedIndex = i < plantedKinds.length * size.plantedRepeats ? i % plantedKinds.length : -1
      const kind =
        plantedIndex >= 0
          ? plantedKinds[plantedIndex]!
          : (['legacy_ok', 'legacy_ok', 'new_ok', 'due_in_time'] as const)[i % 4]!
      const id = `PL-${county}-${pad(i, 4)}`
      const startedOn = addDays('2025-01-15', rng.int(0, 289))
      const dueDate = addDays('2025-03-15', rng.int(0, 291))
      const profile: PipelineProfile =
        kind === 'legacy_ok' || kind === 'legacy_norecord'
          ? { kind }
          : kind === 'legacy_incomplete'
            ? { kind, completedOn: addDays('2025-02-01', rng.int(0, 300)) }
            : kind === 'due_in_time' || kind === 'due_late' || kind === 'due_missing'
              ? { kind, dueDate }
              : kind === 'new_planned'
                ? { kind, notifiedOn: '2025-12-20' }
                : kind === 'found_in_use'
                  ? { kind, foundOn: startedOn }
                  : { kind, startedOn }
      const organisationId = kind === 'found_in_use' ? neighbour : us[i % us.length]!
      pipelines.push({ id, region: county, organisationId, profile })
    }
  }
  count('pipelines', pipelines.length)
  for (const [index, p] of pipelines.entries()) {
    const installer = installers(p.region)[index % size.installersPerCounty]!
    const stream = `pipeline-${p.id}`
    const ev = (day: string, entry: NewEvent) => state(day, [stream, entry])
    const opts = (day: string, name: string, organisationId = p.organisationId) => ({
      occurredAt: morning(day),
      organisationId,
      idName: `${name}-${p.id}`,
    })
    const inUse = (day: string, complete: boolean, nextInspectionDue: string) =>
      ev(
        day,
        equipmentEvent(
          'PipelineInUseRecorded',
          {
            pipelineId: p.id,
            organisationId: p.organisationId,
            region: p.region,
            record: complete ? { name: p.id, designPressure: 0.4, medium: 'natural gas' } : { name: p.id },
            missingFields: complete ? [] : ['designPressure', 'medium'],
            complete,
            requiredFieldsRule: { name: 'pipelineInUseRequiredFields', version: '2022.1' },
            recordedOn: day,
            nextInspectionDue,
          },
          opts(day, `inuse-${day}`),
        ),
      )
    const notify = (day: string, plannedStartDate: string) =>
      ev(
        day,
        equipmentEvent(
          'PipelineConstructionNotified',
          {
            pipelineId: p.id,
            installerId: installer,
            organisationId: p.organisationId,
            region: p.region,
            name: `gas main ${p.id}`,
            location: 'street',
            grade: 'GB1',
            plannedStartDate,
            notifiedOn: day,
          },
          opts(day, 'notify', installer),
        ),
      )
    const start = (day: string, source: 'reported' | 'found') =>
      ev(
        day,
        equipmentEvent(
          'PipelineConstructionStarted',
          {
            pipelineId: p.id,
            region: p.region,
            organisationId: p.organisationId,
            installerId: installer,
            startedOn: day,
            source,
            reportedBy: source === 'found' ? `EN-${p.region}` : installer,
          },
          opts(day, 'start', installer),
        ),
      )
    const declareInstallation = (day: string) =>
      ev(
        day,
        equipmentEvent(
          'InstallationInspectionDeclared',
          {
            pipelineId: p.id,
            organisationId: p.organisationId,
            region: p.region,
            installerId: installer,
            declaredOn: day,
          },
          opts(day, 'declare-installation'),
        ),
      )
    const profile = p.profile
    switch (profile.kind) {
      case 'legacy_ok':
        inUse('2024-12-01', true, '2028-12-01')
        break
      case 'legacy_incomplete':
        inUse('2024-12-01', false, '2028-12-01')
        inUse(profile.completedOn, true, '2028-12-01')
        break
      case 'legacy_norecord':
        ev(
          '2024-11-15',
          equipmentEvent(
            'InspectionResultRecorded',
            {
              subjectKind: 'pipeline',
              subjectId: p.id,
              organisationId: p.organisationId,
              region: p.region,
              agencyId: `IA-${p.region}`,
              kind: 'periodic',
              conclusion: 'pass',
              reportNumber: `PR-${p.id}`,
              inspectors: ['inspector'],
              inspectionDate: '2024-11-15',
              nextDueDate: '2030-11-15',
            },
            opts('2024-11-15', 'periodic-result', `IA-${p.region}`),
          ),
        )
        break
      case 'due_in_time':
      case 'due_late':
      case 'due_missing': {
        inUse('2024-12-01', true, profile.dueDate)
        if (profile.kind === 'due_missing') break
        const declaredOn = addDays(profile.dueDate, profile.kind === 'due_in_time' ? -40 : -10)
        ev(
          declaredOn,
          equipmentEvent(
            'PeriodicInspectionDeclared',
            {
              subjectKind: 'pipeline',
              subjectId: p.id,
              organisationId: p.organisationId,
              region: p.region,
              declaredOn,
              dueDate: profile.dueDate,
              inTime: declaredOn <= deadlineOf(profile.dueDate),
              declarationRule: { name: 'periodicDeclarationDeadline', version: '2022.1' },
            },
            opts(declaredOn, 'declare-periodic'),
          ),
        )
        break
      }
      case 'new_planned':
        notify(profile.notifiedOn, '2026-03-01')
        break
      case 'found_in_use': {
        // Found by the county's team with no owner known; the owner (seated in the next county)
        // and installer are named ten days later, the owner records it after that.
        const team = `EN-${p.region}`
        ev(
          profile.foundOn,
          equipmentEvent(
            'PipelineFoundInUse',
            {
              findingId: `FIND-${p.id}`,
              enforcementOrganisationId: team,
              pipelineId: p.id,
              region: p.region,
              location: 'street',
              foundOn: profile.foundOn,
            },
            opts(profile.foundOn, 'found-in-use', team),
          ),
        )
        const namedOn = addDays(profile.foundOn, 10)
        ev(
          namedOn,
          equipmentEvent(
            'PipelinePartiesNamed',
            {
              pipelineId: p.id,
              region: p.region,
              organisationId: p.organisationId,
              installerId: installer,
              namedOn,
              namedBy: team,
            },
            opts(namedOn, 'parties', team),
          ),
        )
        const recordedOn = addDays(profile.foundOn, foundRecordedAfterDays)
        inUse(recordedOn, true, addDays(recordedOn, 3 * 365))
        break
      }
      default: {
        const s = profile.startedOn
        if (profile.kind === 'new_ok' || profile.kind === 'new_undeclared') notify(addDays(s, -10), s)
        if (profile.kind === 'new_late_notified') notify(addDays(s, 7), s)
        if (profile.kind === 'new_ok' || profile.kind === 'new_late_notified') declareInstallation(addDays(s, -5))
        if (profile.kind === 'new_unnotified') declareInstallation(addDays(s, 3))
        start(s, profile.kind === 'new_unnotified' ? 'found' : 'reported')
        if (profile.kind === 'new_ok')
          inUse(addDays(s, newInUseAfterDays), true, addDays(s, newInUseAfterDays + 3 * 365))
      }
    }
  }

  // Expected rates, per as-of day and region (province, city, each county).
  const rateNames = [
    'construction_notification',
    'installation_inspection_declaration',
    'in_use_information_entry',
    'periodic_inspection_declaration',
  ] as const
  const rates: Record<string, Record<string, ExpectedRate[]>> = {}
  for (const day of asOfDays) {
    rates[day] = {}
    for (const region of [provinceRegion, cityRegion, ...size.counties]) {
      const inRegion = pipelines.filter(
        (p) => region === provinceRegion || region === cityRegion || p.region === region,
      )
      rates[day]![region] = rateNames.map((rate) => {
        let numerator = 0
        let denominator = 0
        const shortfalls: { pipelineId: string; reason: string }[] = []
        for (const p of inRegion) {
          const standing = expectedStandings(p.profile, day)[rate]
          if (standing === undefined) continue
          denominator += 1
          if (standing === 'ok') numerator += 1
          else shortfalls.push({ pipelineId: p.id, reason: standing })
        }
        shortfalls.sort((a, b) => (a.pipelineId < b.pipelineId ? -1 : 1))
        return { rate, numerator, denominator, shortfalls }
      })
    }
  }

  // Rectification orders and penalty cases on the planted violations (statistics by region and month).
  const caseStatistics = plantCases({ counties: size.counties, violations, team, act })

  const fillsPerDay = Math.floor(size.fills / 365)
  count('random fills', fillsPerDay * 365)

  return {
    organisations,
    expected: {
      seed,
      size: label,
      violations: violations.sort((a, b) => (a.id < b.id ? -1 : 1)),
      rates,
      caseStatistics,
    },
    counts,
    *batches() {
      const preYear = [...schedule.keys()].filter((day) => day < `${cityYear}-01-01`).sort()
      for (const day of preYear) {
        const slot = schedule.get(day)!
        for (let i = 0; i < slot.state.length; i += 5000)
          yield { day, phase: 'state', events: slot.state.slice(i, i + 5000) }
      }
      const dayRng = createRng(seed ^ 0x5eed)
      for (const day of daysOfYear(cityYear)) {
        const slot = schedule.get(day)
        if (slot?.state.length) yield { day, phase: 'state', events: slot.state }
        const acts: Entry[] = [...(slot?.acts ?? [])]
        for (let i = 0; i < fillsPerDay; i++) {
          const c = pool[Math.floor(dayRng.next() * pool.length)]!
          const operator = operatorsOf(c.station)[i % 2]!
          const time = `${pad(8 + Math.floor(dayRng.next() * 10), 2)}:${pad(Math.floor(dayRng.next() * 60), 2)}:00`
          acts.push(fillEvent(day, time, c, c.station, operator).entry)
        }
        if (acts.length) yield { day, phase: 'acts', events: acts }
      }
    },
  }
}
