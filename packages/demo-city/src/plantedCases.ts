import type { NewEvent } from '@gsr/event-store'
import { addDays, type Decider } from '@gsr/domain'
import {
  penaltyCaseDecider,
  rectificationOrderDecider,
  type PenaltyCaseCommand,
  type RectificationOrderCommand,
} from '@gsr/domain/enforcement'
import { penaltyCaseStreamName, rectificationOrderStreamName, type EnforcementEvent } from '@gsr/events/enforcement'
import { enforcementEvent } from './catalogueEvents.ts'
import type { ExpectedCaseMonth, ExpectedViolation } from './CityExpectations.ts'

type Entry = readonly [string, NewEvent]

/** What a planted case comes to, by field day: the plan the expected statistics are summed from. */
interface CasePlan {
  readonly region: string
  readonly openedOn: string
  readonly decidedOn?: string
  readonly fineFen?: number
  readonly closedOn?: string
  readonly collectedFen?: number
  readonly droppedOn?: string
}

const morning = (day: string) => `${day}T10:00:00+08:00`

/**
 * The enforcement loop planted in each county, against the county's first planted violations:
 * an order re-checked rectified; an order re-checked not rectified and escalated, and a case
 * opened from it, decided with a fine (month 4 + county index) and closed with the fine paid; a
 * case from a violation decided with a fine and a warning in July, in even counties closed with
 * half of it paid. In the first county a case dropped; in the second a case referred to the
 * police, accepted and closed without a decision; in the third a case extended and decided in
 * December. Every event comes from the deciders (so the sequence is one the services accept)
 * and is validated by the enforcement catalogue; the expected statistics are summed from the
 * plans, not from the events. Orders and cases neither create nor cure violations.
 */
export function plantCases(options: {
  readonly counties: readonly string[]
  readonly violations: readonly ExpectedViolation[]
  readonly team: (county: string) => string
  readonly act: (day: string, entry: Entry) => void
}): ExpectedCaseMonth[] {
  const plans: CasePlan[] = []
  options.counties.forEach((county, index) => {
    // Dates step by county index within a year: counties beyond the seventh (a generated
    // province) repeat the first ones' calendar.
    const k = index % 7
    const team = options.team(county)
    const lead = { id: `${team}/lead`, mayApprove: true }
    const [v0, v1, v2, v3] = options.violations
      .filter((v) => v.region === county)
      .sort((a, b) => (a.id < b.id ? -1 : 1))
    if (!v0 || !v1 || !v2 || !v3) throw new Error(`county ${county}: four planted violations needed`)

    /** Runs commands through a decider, each event dated by its command's field day. */
    const run = <C>(
      decider: Decider<C, EnforcementEvent, unknown>,
      stream: string,
      steps: readonly (readonly [string, C, string?])[],
    ) => {
      let state = decider.initialState()
      let n = 0
      for (const [day, command, role] of steps) {
        const events = decider.decide(command, state)
        for (const event of events) {
          state = decider.evolve(state, event)
          options.act(day, [
            stream,
            enforcementEvent(event, {
              occurredAt: morning(day),
              organisationId: team,
              role: role ?? 'operator',
              idName: `${stream}-${n++}`,
            }),
          ])
        }
      }
    }
    const order = (
      orderId: string,
      v: ExpectedViolation,
      issuedOn: string,
      recheckedOn: string,
      outcome: 'rectified' | 'not_rectified',
    ) =>
      run<RectificationOrderCommand>(
        rectificationOrderDecider as Decider<RectificationOrderCommand, EnforcementEvent, unknown>,
        rectificationOrderStreamName(orderId),
        [
          [
            issuedOn,
            {
              type: 'IssueRectificationOrder',
              data: {
                orderId,
                enforcementOrganisationId: team,
                region: county,
                organisationId: v.organisationId,
                problems: [{ source: 'violation', id: v.id, category: v.category }],
                issuedOn,
              },
            },
          ],
          [issuedOn, { type: 'DeliverRectificationOrder', data: { deliveredOn: issuedOn, method: 'in_person' } }],
          [recheckedOn, { type: 'RecheckRectificationOrder', data: { recheckedOn, outcome } }],
        ],
      )
    const openCase = (
      caseId: string,
      v: ExpectedViolation,
      openedOn: string,
      source: { source: 'violation' | 'rectification_order'; id: string },
    ): readonly [string, PenaltyCaseCommand] => [
      openedOn,
      {
        type: 'OpenPenaltyCase',
        data: {
          caseId,
          enforcementOrganisationId: team,
          region: county,
          organisationId: v.organisationId,
          sources: [{ ...source, categories: [v.category] }],
          openedOn,
        },
      },
    ]
    const decideCase = (
      decidedOn: string,
      fineFen: number,
      number: string,
    ): readonly [string, PenaltyCaseCommand, string] => [
      decidedOn,
      {
        type: 'DecidePenaltyCase',
        data: {
          decidedOn,
          decisionNumber: `${county}市监罚〔2025〕${number}号`,
          penalties: [{ kind: 'fine', amountFen: fineFen }, { kind: 'warning' }],
          approver: lead,
        },
      },
      'admin',
    ]
    const caseRun = (caseId: string, steps: readonly (readonly [string, PenaltyCaseCommand, string?])[]) =>
      run<PenaltyCaseCommand>(
        penaltyCaseDecider as Decider<PenaltyCaseCommand, EnforcementEvent, unknown>,
        penaltyCaseStreamName(caseId),
        steps,
      )

    // Orders: one rectified, one not (escalated).
    const rectified = `RO-${county}-OK`
    order(rectified, v0, `2025-02-${10 + k}`, addDays(`2025-02-${10 + k}`, 15), 'rectified')
    const failed = `RO-${county}-FAIL`
    const failedIssued = `2025-03-0${3 + (k % 5)}`
    const failedRechecked = addDays(failedIssued, 17)
    order(failed, v1, failedIssued, failedRechecked, 'not_rectified')

    // A case from the failed order: decided in month 4 + k, closed the next month, paid in full.
    const fromOrder = `PC-${county}-ORDER`
    const month = String(4 + k).padStart(2, '0')
    const next = String(5 + k).padStart(2, '0')
    const p1 = {
      region: county,
      openedOn: addDays(failedRechecked, 3),
      decidedOn: `2025-${month}-15`,
      fineFen: 100_000 * (k + 1) + 50,
      closedOn: `2025-${next}-10`,
    }
    plans.push({ ...p1, collectedFen: p1.fineFen })
    caseRun(fromOrder, [
      openCase(fromOrder, v1, p1.openedOn, { source: 'rectification_order', id: failed }),
      [
        addDays(p1.openedOn, 20),
        {
          type: 'RecordCaseInvestigation',
          data: { investigatedOn: addDays(p1.openedOn, 20), findings: '逾期未整改，事实清楚' },
        },
      ],
      decideCase(p1.decidedOn, p1.fineFen, `${k + 1}01`),
      [p1.closedOn, { type: 'ClosePenaltyCase', data: { closedOn: p1.closedOn, fineCollectedFen: p1.fineFen } }],
    ])

    // A case from a violation: decided in July; in even counties closed in August with half paid.
    const fromViolation = `PC-${county}-VIOL`
    const p2 = {
      region: county,
      openedOn: `2025-05-0${5 + (k % 5)}`,
      decidedOn: `2025-07-${20 + k}`,
      fineFen: 33_333 * (k + 1),
    }
    const closes = k % 2 === 0
    const collected = Math.floor(p2.fineFen / 2)
    plans.push(closes ? { ...p2, closedOn: '2025-08-28', collectedFen: collected } : p2)
    caseRun(fromViolation, [
      openCase(fromViolation, v2, p2.openedOn, { source: 'violation', id: v2.id }),
      decideCase(p2.decidedOn, p2.fineFen, `${k + 1}02`),
      ...(closes
        ? [
            [
              '2025-08-28',
              { type: 'ClosePenaltyCase', data: { closedOn: '2025-08-28', fineCollectedFen: collected } },
            ] as const,
          ]
        : []),
    ])

    const third = `PC-${county}-MORE`
    if (k === 0) {
      // Dropped: no penalty.
      plans.push({ region: county, openedOn: '2025-06-02', droppedOn: '2025-06-30' })
      caseRun(third, [
        openCase(third, v3, '2025-06-02', { source: 'violation', id: v3.id }),
        [
          '2025-06-30',
          {
            type: 'DropPenaltyCase',
            data: { droppedOn: '2025-06-30', kind: 'no_penalty', reason: '违法行为轻微并及时改正' },
          },
        ],
      ])
    } else if (k === 1) {
      // Referred to the police, accepted, closed without an administrative decision.
      plans.push({ region: county, openedOn: '2025-08-01', closedOn: '2025-09-01', collectedFen: 0 })
      caseRun(third, [
        openCase(third, v3, '2025-08-01', { source: 'violation', id: v3.id }),
        [
          '2025-08-05',
          {
            type: 'ReferCaseToPolice',
            data: {
              referredOn: '2025-08-05',
              policeAgency: `${county} 公安分局`,
              reason: '涉嫌犯罪',
              evidence: [{ description: `violation ${v3.id}` }],
            },
          },
        ],
        [
          '2025-08-20',
          {
            type: 'RecordPoliceReceipt',
            data: { receivedOn: '2025-08-20', outcome: 'accepted', criminalCaseNumber: `${county}-2025-XS-1` },
          },
        ],
        ['2025-09-01', { type: 'ClosePenaltyCase', data: { closedOn: '2025-09-01', fineCollectedFen: 0 } }],
      ])
    } else if (k === 2) {
      // Extended by an approver (due 2025-12-09 → 2026-01-08), decided in December, not closed.
      const p3 = { region: county, openedOn: '2025-09-10', decidedOn: '2025-12-20', fineFen: 12_345_678 }
      plans.push(p3)
      caseRun(third, [
        openCase(third, v3, p3.openedOn, { source: 'violation', id: v3.id }),
        [
          '2025-12-01',
          { type: 'ExtendCaseTimeLimit', data: { approvedOn: '2025-12-01', reason: '案情复杂', approver: lead } },
          'admin',
        ],
        decideCase(p3.decidedOn, p3.fineFen, `${k + 1}03`),
      ])
    }
  })
  return caseStatisticsOf(plans)
}

/** The statistics of the plans: counts and fen by the case's region and the month of each field day. */
function caseStatisticsOf(plans: readonly CasePlan[]): ExpectedCaseMonth[] {
  const months = new Map<string, { -readonly [K in keyof ExpectedCaseMonth]: ExpectedCaseMonth[K] }>()
  const at = (region: string, day: string) => {
    const key = `${region}|${day.slice(0, 7)}`
    let m = months.get(key)
    if (!m) {
      m = {
        region,
        month: day.slice(0, 7),
        opened: 0,
        decided: 0,
        closed: 0,
        dropped: 0,
        finesImposedFen: 0,
        finesCollectedFen: 0,
      }
      months.set(key, m)
    }
    return m
  }
  for (const p of plans) {
    at(p.region, p.openedOn).opened += 1
    if (p.decidedOn) {
      const m = at(p.region, p.decidedOn)
      m.decided += 1
      m.finesImposedFen += p.fineFen ?? 0
    }
    if (p.closedOn) {
      const m = at(p.region, p.closedOn)
      m.closed += 1
      m.finesCollectedFen += p.collectedFen ?? 0
    }
    if (p.droppedOn) at(p.region, p.droppedOn).dropped += 1
  }
  return [...months.values()].sort((a, b) =>
    a.region !== b.region ? (a.region < b.region ? -1 : 1) : a.month < b.month ? -1 : 1,
  )
}
