import type { CylinderEventData, CylinderInspectionResult, CylinderType } from '@gsr/events/cylinders'
import { actsInRegion, assertActsInRegion, authorityKinds, type Actor } from '../Actor.ts'
import type { Decider } from '../Decider.ts'
import { DomainError } from '../Decider.ts'
import { addDays, addYears } from '../calendar.ts'
import {
  cylinderTypeRuleOn,
  cylinderTypeRules,
  designLifeEndAfterPass,
  designLifeOf,
  type CylinderTypeRules,
} from './cylinderTypeRules.ts'
import type { RuleTable } from '../RuleTable.ts'

/** Events of stream `cylinder-<code>`. */
export type CylinderStreamEvent =
  | { type: 'CylinderRegistered'; data: CylinderEventData<'CylinderRegistered'> }
  | { type: 'CylinderEntrusted'; data: CylinderEventData<'CylinderEntrusted'> }
  | { type: 'CylinderEntrustmentEnded'; data: CylinderEventData<'CylinderEntrustmentEnded'> }
  | { type: 'CylinderInspected'; data: CylinderEventData<'CylinderInspected'> }
  | { type: 'CylinderScrapped'; data: CylinderEventData<'CylinderScrapped'> }
  | { type: 'CylinderMarkedRefurbished'; data: CylinderEventData<'CylinderMarkedRefurbished'> }

/** An organisation a command names, as the identity tables know it (looked up by the route). */
export interface OrganisationFound {
  readonly organisationId: string
  readonly organisationKind: string
  readonly region: string
}

export type CylinderCommand =
  | {
      type: 'RegisterCylinder'
      data: Omit<
        CylinderEventData<'CylinderRegistered'>,
        'nextInspectionDate' | 'designLifeEndDate' | 'ruleVersion'
      > & {
        /** The owner as the identity tables know it; undefined when no such organisation exists. */
        owner: OrganisationFound | undefined
      }
    }
  | {
      /**
       * 委托充装: granted by the cylinder's owner, or recorded by an authority of the cylinder's
       * region with the contract's number; from the day it is recorded on, never before.
       */
      type: 'EntrustCylinder'
      data: {
        actor: Actor
        stationId: string
        /** The station as the identity tables know it; undefined when no such organisation exists. */
        station: OrganisationFound | undefined
        entrustedFrom: string
        entrustedUntil?: string | undefined
        contractNo?: string | undefined
        /** The day the entrustment is recorded (today, China time): entrustedFrom may not be before it. */
        recordedOn: string
      }
    }
  | { type: 'EndEntrustment'; data: { stationId: string; regionCode: string; endedOn: string } }
  | {
      type: 'RecordCylinderInspection'
      data: {
        agencyId: string
        inspectionDate: string
        result: CylinderInspectionResult
        reportNo: string
        findings?: string | undefined
      }
    }
  | {
      /**
       * 报废: by its owner, an inspection agency accredited for its region, or an authority of its
       * region with the evidence. Final: nothing un-scraps a cylinder.
       */
      type: 'ScrapCylinder'
      data: { actor: Actor; scrappedOn: string; reason: string; evidence?: string | undefined }
    }
  | {
      /** 翻新: found by an inspection agency accredited for its region or an authority of its region, with the evidence. */
      type: 'MarkCylinderRefurbished'
      data: { actor: Actor; markedOn: string; evidence: string }
    }

export type CylinderState =
  | { readonly registered: false }
  | {
      readonly registered: true
      readonly code: string
      readonly cylinderType: CylinderType
      readonly ownerOrganisationId: string
      /** The filling station that registered it. */
      readonly stationId: string
      readonly regionCode: string
      /** The day it was registered: no scrap or marking of it is dated before. */
      readonly registeredOn: string
      readonly manufactureDate: string
      /** Stamped on the cylinder (设计使用年限), when the registration gave it. */
      readonly designLifeYears?: number | undefined
      readonly nextInspectionDate: string
      readonly designLifeEndDate: string
      readonly lastInspectionResult?: CylinderInspectionResult | undefined
      /** The day of the latest-dated agency inspection (the one `lastInspectionResult` is of). */
      readonly inspectedOn?: string | undefined
      readonly scrapped: boolean
      readonly refurbished: boolean
      /** Open entrustments by station id. */
      readonly entrustedTo: Readonly<Record<string, { from: string; until?: string }>>
    }

function registered(state: CylinderState) {
  if (!state.registered)
    throw new DomainError('cylinder-not-registered', { en: 'cylinder is not registered', 'zh-CN': '气瓶未登记' }, [
      'cylinderCode',
    ])
  return state
}

/** A scrap (an inspection's too) or a marking is of the registered cylinder: never dated before its registration. */
function notBeforeRegistration(state: Extract<CylinderState, { registered: true }>, on: string, field: string): void {
  if (on < state.registeredOn) {
    throw new DomainError(
      'dated-before-registration',
      {
        en: `the cylinder was registered on ${state.registeredOn}; ${field} cannot be before it`,
        'zh-CN': `气瓶登记日期为 ${state.registeredOn}，${field} 不能早于该日期`,
      },
      [field],
    )
  }
}

function notScrapped(state: CylinderState) {
  const s = registered(state)
  if (s.scrapped)
    throw new DomainError('cylinder-scrapped', { en: 'cylinder is scrapped', 'zh-CN': '气瓶已报废' }, ['cylinderCode'])
  return s
}

/** Who marks a cylinder scrapped or refurbished besides its owner: agencies and authorities of its region. */
const markingKinds: readonly string[] = ['inspection_agency', ...authorityKinds]

/**
 * A marking (scrap, refurbished) by someone other than the owner: an inspection agency accredited
 * for the cylinder's region, or an authority of its region; an authority names its evidence.
 */
function assertMayMark(actor: Actor, regionCode: string, evidence: string | undefined): void {
  if (!markingKinds.includes(actor.organisationKind)) {
    throw new DomainError(
      'not-allowed-to-mark',
      {
        en: 'only the owner, an inspection agency or an enforcement team of its region marks a cylinder',
        'zh-CN': '仅产权单位、所在地检验机构或监管部门可标记气瓶',
      },
      [],
    )
  }
  assertActsInRegion(actor, regionCode, 'cylinderCode')
  if (authorityKinds.includes(actor.organisationKind) && evidence === undefined) {
    throw new DomainError(
      'evidence-required',
      { en: 'enforcement marks a cylinder with its evidence', 'zh-CN': '监管部门标记气瓶须附证据' },
      ['evidence'],
    )
  }
}

/**
 * Register, entrust, inspect, scrap, mark refurbished one cylinder (一瓶一码), judged by `table`:
 * the effective `cylinderTypeRules` (code versions and those an administrator published, which
 * the route loads), so a published version decides from its effective day; registrations and
 * inspections cite the version (`ruleVersion`).
 */
export function cylinderDeciderWith(
  table: RuleTable<CylinderTypeRules>,
): Decider<CylinderCommand, CylinderStreamEvent, CylinderState> {
  return { ...cylinderDecisions, decide: (command, state) => cylinderDecisions.decide(command, state, table) }
}

const cylinderDecisions = {
  initialState: (): CylinderState => ({ registered: false }),

  decide(command: CylinderCommand, state: CylinderState, table: RuleTable<CylinderTypeRules>): CylinderStreamEvent[] {
    switch (command.type) {
      case 'RegisterCylinder': {
        if (state.registered) {
          throw new DomainError(
            'cylinder-already-registered',
            { en: 'this cylinder code is already registered', 'zh-CN': '该气瓶编码已登记' },
            ['cylinderCode'],
          )
        }
        const { owner, ...c } = command.data
        // A cylinder belongs to someone who exists: an unknown owner could never see it, entrust it or be held to it.
        if (!owner || owner.organisationId !== c.ownerOrganisationId) {
          throw new DomainError(
            'owner-not-found',
            { en: 'no organisation with this id: the owner must be registered', 'zh-CN': '无此单位：产权单位须已登记' },
            ['ownerOrganisationId'],
          )
        }
        if (c.manufactureDate > c.registeredOn) {
          throw new DomainError(
            'manufacture-date-in-future',
            { en: 'manufacture date is after the registration date', 'zh-CN': '制造日期晚于登记日期' },
            ['manufactureDate'],
          )
        }
        const { version, rule } = cylinderTypeRuleOn(c.cylinderType, c.registeredOn, table)
        // The first periodic inspection counts from manufacture; later ones from the last one.
        const nextInspectionDate = addYears(c.lastInspectionDate ?? c.manufactureDate, rule.inspectionIntervalYears)
        // The design life the standard it was made under gives (shortened by its stamp). A stated
        // last inspection after that life was reached was passed (the cylinder is in use): extended.
        const designLifeEndDate =
          c.lastInspectionDate === undefined
            ? designLifeOf(rule, c.manufactureDate, c.designLifeYears).endDate
            : designLifeEndAfterPass(rule, c.manufactureDate, c.designLifeYears, c.lastInspectionDate)
        return [
          { type: 'CylinderRegistered', data: { ...c, nextInspectionDate, designLifeEndDate, ruleVersion: version } },
        ]
      }
      case 'EntrustCylinder': {
        const s = notScrapped(state)
        const { actor, station, recordedOn, ...c } = command.data
        const byOwner = actor.organisationId === s.ownerOrganisationId
        const byAuthority = authorityKinds.includes(actor.organisationKind) && actsInRegion(actor, s.regionCode)
        if (!byOwner && !byAuthority) {
          throw new DomainError(
            'not-the-owner',
            {
              en: 'only the cylinder’s owner grants an entrustment (or an authority of its region records one)',
              'zh-CN': '委托充装须由气瓶产权单位授予（或由所在地监管部门凭合同登记）',
            },
            ['ownerOrganisationId'],
          )
        }
        if (!byOwner && c.contractNo === undefined) {
          throw new DomainError(
            'contract-required',
            {
              en: 'an authority records an entrustment with the contract number',
              'zh-CN': '监管部门登记委托充装须填写委托合同编号',
            },
            ['contractNo'],
          )
        }
        if (!station || station.organisationId !== c.stationId || station.organisationKind !== 'filling_station') {
          throw new DomainError(
            'station-not-found',
            { en: 'no filling station with this id', 'zh-CN': '无此充装单位' },
            ['stationId'],
          )
        }
        if (c.entrustedFrom < recordedOn) {
          throw new DomainError(
            'entrustment-backdated',
            {
              en: `an entrustment starts on the day it is recorded (${recordedOn}) or later`,
              'zh-CN': `委托充装起始日不能早于登记日（${recordedOn}）`,
            },
            ['entrustedFrom'],
          )
        }
        if (s.ownerOrganisationId === c.stationId) {
          throw new DomainError(
            'cylinder-already-owned',
            { en: 'the station owns this cylinder; no entrustment needed', 'zh-CN': '气瓶为本站产权，无需委托' },
            ['stationId'],
          )
        }
        if (c.entrustedUntil !== undefined && c.entrustedUntil < c.entrustedFrom) {
          throw new DomainError(
            'invalid-period',
            { en: 'entrustedUntil is before entrustedFrom', 'zh-CN': '委托截止日早于起始日' },
            ['entrustedUntil'],
          )
        }
        return [
          {
            type: 'CylinderEntrusted',
            data: {
              cylinderCode: s.code,
              ownerOrganisationId: s.ownerOrganisationId,
              ...c,
              regionCode: station.region,
              grantedBy: actor.organisationId,
            },
          },
        ]
      }
      case 'EndEntrustment': {
        const s = registered(state)
        const entrustment = s.entrustedTo[command.data.stationId]
        if (!entrustment) {
          throw new DomainError(
            'cylinder-not-entrusted',
            { en: 'the cylinder is not entrusted to this station', 'zh-CN': '该气瓶未委托本站充装' },
            ['stationId'],
          )
        }
        // endedOn is the last day the station may fill it: the eve of the first day at the earliest
        // (an entrustment ended before it began, never in force).
        const eve = addDays(entrustment.from, -1)
        if (command.data.endedOn < eve) {
          throw new DomainError(
            'ended-before-entrustment',
            {
              en: `the entrustment begins on ${entrustment.from}; its last day (endedOn) is ${eve} at the earliest`,
              'zh-CN': `委托充装自 ${entrustment.from} 起，终止日期（最后充装日）不得早于 ${eve}`,
            },
            ['endedOn'],
          )
        }
        return [{ type: 'CylinderEntrustmentEnded', data: { cylinderCode: s.code, ...command.data } }]
      }
      case 'RecordCylinderInspection': {
        const s = notScrapped(state)
        const c = command.data
        // A scrap result is a scrap (final from its day): dated before the registration it would
        // turn every fill since, by any station, into a fill of a scrapped cylinder.
        if (c.result === 'scrap') notBeforeRegistration(s, c.inspectionDate, 'inspectionDate')
        // Facts take effect by their day, as enforcement judges a fill (cylinderStateAt): a report
        // older than the registration or the latest inspection (a backlog entered late) is
        // recorded, but moves neither the next inspection date nor the end of the design life.
        const latest =
          c.inspectionDate >= s.registeredOn && (s.inspectedOn === undefined || c.inspectionDate >= s.inspectedOn)
        const { version, rule } = cylinderTypeRuleOn(s.cylinderType, c.inspectionDate, table)
        // A pass records the design-life end the rules give, when it differs: extended once after
        // the life was reached (GB 8334), or corrected where the registration's rule version erred.
        const lifeEnd =
          c.result === 'pass' && latest
            ? designLifeEndAfterPass(rule, s.manufactureDate, s.designLifeYears, c.inspectionDate)
            : s.designLifeEndDate
        return [
          {
            type: 'CylinderInspected',
            data: {
              cylinderCode: s.code,
              regionCode: s.regionCode,
              ownerOrganisationId: s.ownerOrganisationId,
              ...c,
              ...(c.result === 'pass' && latest
                ? { nextInspectionDate: addYears(c.inspectionDate, rule.inspectionIntervalYears) }
                : {}),
              ...(lifeEnd !== s.designLifeEndDate ? { designLifeEndDate: lifeEnd } : {}),
              ruleVersion: version,
            },
          },
        ]
      }
      case 'ScrapCylinder': {
        const s = notScrapped(state)
        const { actor, ...c } = command.data
        if (actor.organisationId !== s.ownerOrganisationId) assertMayMark(actor, s.regionCode, c.evidence)
        notBeforeRegistration(s, c.scrappedOn, 'scrappedOn')
        return [
          {
            type: 'CylinderScrapped',
            data: {
              cylinderCode: s.code,
              regionCode: s.regionCode,
              ownerOrganisationId: s.ownerOrganisationId,
              ...c,
              byOrganisationId: actor.organisationId,
            },
          },
        ]
      }
      case 'MarkCylinderRefurbished': {
        const s = registered(state)
        const { actor, ...c } = command.data
        assertMayMark(actor, s.regionCode, c.evidence)
        notBeforeRegistration(s, c.markedOn, 'markedOn')
        if (s.refurbished) {
          throw new DomainError(
            'cylinder-already-refurbished',
            { en: 'the cylinder is already known as refurbished', 'zh-CN': '该气瓶已标记为翻新' },
            ['cylinderCode'],
          )
        }
        return [
          {
            type: 'CylinderMarkedRefurbished',
            data: {
              cylinderCode: s.code,
              regionCode: s.regionCode,
              ownerOrganisationId: s.ownerOrganisationId,
              ...c,
              byOrganisationId: actor.organisationId,
            },
          },
        ]
      }
    }
  },

  evolve(state: CylinderState, event: CylinderStreamEvent): CylinderState {
    switch (event.type) {
      case 'CylinderRegistered': {
        const e = event.data
        return {
          registered: true,
          code: e.cylinderCode,
          cylinderType: e.cylinderType,
          ownerOrganisationId: e.ownerOrganisationId,
          stationId: e.stationId,
          regionCode: e.regionCode,
          registeredOn: e.registeredOn,
          manufactureDate: e.manufactureDate,
          designLifeYears: e.designLifeYears,
          nextInspectionDate: e.nextInspectionDate,
          designLifeEndDate: e.designLifeEndDate,
          scrapped: false,
          refurbished: e.refurbished,
          entrustedTo: {},
        }
      }
      case 'CylinderEntrusted': {
        if (!state.registered) return state
        const { stationId, entrustedFrom, entrustedUntil } = event.data
        const entry =
          entrustedUntil === undefined ? { from: entrustedFrom } : { from: entrustedFrom, until: entrustedUntil }
        return { ...state, entrustedTo: { ...state.entrustedTo, [stationId]: entry } }
      }
      case 'CylinderEntrustmentEnded': {
        if (!state.registered) return state
        const { [event.data.stationId]: _ended, ...rest } = state.entrustedTo
        return { ...state, entrustedTo: rest }
      }
      case 'CylinderInspected': {
        if (!state.registered) return state
        const e = event.data
        const latest = state.inspectedOn === undefined || e.inspectionDate >= state.inspectedOn
        return {
          ...state,
          lastInspectionResult: latest ? e.result : state.lastInspectionResult,
          inspectedOn: latest ? e.inspectionDate : state.inspectedOn,
          nextInspectionDate: e.nextInspectionDate ?? state.nextInspectionDate,
          designLifeEndDate: e.designLifeEndDate ?? state.designLifeEndDate,
          scrapped: state.scrapped || e.result === 'scrap',
        }
      }
      case 'CylinderScrapped':
        return state.registered ? { ...state, scrapped: true } : state
      case 'CylinderMarkedRefurbished':
        return state.registered ? { ...state, refurbished: true } : state
      default:
        // Other events in the stream (e.g. the scheduler's InspectionDue) do not change the state.
        return state
    }
  },
}

/** Over the versions of `cylinderTypeRules` in code only: folding a stream, and tests. */
export const cylinderDecider = cylinderDeciderWith(cylinderTypeRules)
