import type { CylinderEventData, WorkCategory } from '@gsr/events/cylinders'
import type { Decider } from '../Decider.ts'
import { DomainError } from '../Decider.ts'
import { addDays } from '../calendar.ts'
import type { RuleTable } from '../RuleTable.ts'
import { operatorSanctions, suspensionEndedBy } from './operatorSanctions.ts'
import {
  latestValidUntil,
  operatorCertificateRules,
  type OperatorCertificateRules,
} from './operatorCertificateRules.ts'

/** Events of stream `operator-<personId>`. */
export type OperatorEvent =
  | { type: 'OperatorCertificateIssued'; data: CylinderEventData<'OperatorCertificateIssued'> }
  | { type: 'OperatorCertificateSuspended'; data: CylinderEventData<'OperatorCertificateSuspended'> }
  | { type: 'OperatorCertificateReinstated'; data: CylinderEventData<'OperatorCertificateReinstated'> }
  | { type: 'OperatorCertificateRevoked'; data: CylinderEventData<'OperatorCertificateRevoked'> }
  | { type: 'OperatorCertificateRenewed'; data: CylinderEventData<'OperatorCertificateRenewed'> }

/** What the decider needs of a certificate to decide; validity on a day is read from the facts. */
interface Certificate {
  readonly certificateNo: string
  readonly categories: readonly string[]
  /** Each term with the categories it covered (a renewal may change them). */
  readonly terms: readonly { readonly from: string; readonly until: string; readonly categories: readonly string[] }[]
  readonly suspensions: readonly { readonly from: string; readonly until?: string | undefined }[]
  readonly revokedOn?: string | undefined
  readonly regionCode: string
}

export interface OperatorState {
  readonly personId?: string
  readonly certificates: Readonly<Record<string, Certificate>>
}

export type OperatorCommand =
  | { type: 'IssueOperatorCertificate'; data: CylinderEventData<'OperatorCertificateIssued'> }
  | {
      type: 'SuspendOperatorCertificate'
      data: { certificateNo: string; suspendedFrom: string; suspendedUntil?: string | undefined; reason: string }
    }
  | { type: 'ReinstateOperatorCertificate'; data: { certificateNo: string; reinstatedOn: string } }
  | { type: 'RevokeOperatorCertificate'; data: { certificateNo: string; revokedOn: string; reason: string } }
  | {
      type: 'RenewOperatorCertificate'
      data: {
        certificateNo: string
        renewedOn: string
        validUntil: string
        validFrom?: string | undefined
        categories?: WorkCategory[] | undefined
      }
    }

function existing(state: OperatorState, certificateNo: string): Certificate {
  const certificate = state.certificates[certificateNo]
  if (!certificate)
    throw new DomainError(
      'certificate-not-found',
      { en: 'no such certificate for this person', 'zh-CN': '此人无该证书' },
      ['certificateNo'],
    )
  if (certificate.revokedOn !== undefined) {
    throw new DomainError('certificate-revoked', { en: 'the certificate is revoked', 'zh-CN': '证书已撤销' }, [
      'certificateNo',
    ])
  }
  return certificate
}

/**
 * A suspension or revocation is a fact about the issued certificate: never dated before its first
 * valid day (the issue's validFrom; a certificate entered late keeps its earlier facts).
 */
function notBeforeIssue(certificate: Certificate, on: string, field: string): void {
  const issuedFrom = certificate.terms[0]?.from
  if (issuedFrom !== undefined && on < issuedFrom) {
    throw new DomainError(
      'dated-before-issue',
      {
        en: `the certificate is valid from ${issuedFrom}; ${field} cannot be before it`,
        'zh-CN': `证书有效期自 ${issuedFrom} 起，${field} 不能早于该日期`,
      },
      [field],
    )
  }
}

/** A term runs at most the rule's years (TSG Z6001: 4), issue and review (复审) alike; the version it was judged by. */
function assertTermWithinRule(validFrom: string, validUntil: string, tables: OperatorRuleTables): string {
  const { latest, version, years } = latestValidUntil(validFrom, tables.operatorCertificateRules)
  if (validUntil > latest) {
    throw new DomainError(
      'validity-beyond-rule',
      {
        en: `a certificate term runs at most ${years} years: from ${validFrom}, until ${latest} at the latest (${version})`,
        'zh-CN': `作业人员证有效期最长 ${years} 年：自 ${validFrom} 起，至迟 ${latest}（${version}）`,
      },
      ['validUntil'],
    )
  }
  return version
}

/** What a new term is, for the messages of `assertNotDatedIntoSanctions`. */
const newTerm = {
  issue: { en: 'a new certificate', 'zh-CN': '新证书', lifts: { en: 'a new certificate', 'zh-CN': '新发证书' } },
  renewal: { en: 'the renewed term', 'zh-CN': '复审后的新一期', lifts: { en: 'a renewal', 'zh-CN': '复审' } },
} as const

/**
 * A new term (an issue, or a renewal of another certificate) may not be dated into a sanction of
 * another certificate of the person covering one of its categories: refused while that one is
 * suspended and not reinstated (only its own region's reinstatement ends it), and when it would
 * be valid on or before the last day of its suspension or its revocation day. The status on a day
 * (`operatorCertificateStatusOn`) already keeps the person unqualified on those days whatever
 * they hold; the refusal keeps the register from claiming otherwise after the fact. After a
 * revocation a certificate valid from a later day is a re-certification (TSG Z6001 may bar it for
 * years: not modelled). The same sanctions as the status: `operatorSanctions`.
 */
function assertNotDatedIntoSanctions(
  state: OperatorState,
  term: { categories: readonly string[]; validFrom: string; kind: keyof typeof newTerm; certificateNo?: string },
): void {
  const { categories, validFrom } = term
  const what = newTerm[term.kind]
  for (const other of Object.values(state.certificates)) {
    if (other.certificateNo === term.certificateNo) continue
    const covered = categories.flatMap((category) => {
      const sanctions = operatorSanctions(other, category)
      return sanctions ? [{ category, sanctions }] : []
    })[0]
    if (covered === undefined) continue
    const { category, sanctions } = covered
    const { certificateNo: no, regionCode: region } = other
    const which = {
      en: `certificate ${no} of this person (issued in region ${region}), covering ${category},`,
      'zh-CN': `此人证书 ${no}（发证地区 ${region}，涵盖作业项目 ${category}）`,
    }
    if (sanctions.revokedOn !== undefined && validFrom <= sanctions.revokedOn) {
      const next = addDays(sanctions.revokedOn, 1)
      throw new DomainError(
        'certificate-revoked',
        {
          en: `${which.en} was revoked on ${sanctions.revokedOn}; ${what.en} can be valid from ${next} at the earliest`,
          'zh-CN': `${which['zh-CN']}已于 ${sanctions.revokedOn} 撤销；${what['zh-CN']}有效期起始日不能早于 ${next}`,
        },
        ['validFrom'],
      )
    }
    for (const s of sanctions.suspensions) {
      if (s.until === undefined) {
        throw new DomainError(
          'certificate-suspended-elsewhere',
          {
            en: `${which.en} is suspended from ${s.from} and not reinstated; only its reinstatement by region ${region} lifts the suspension, not ${what.lifts.en}`,
            'zh-CN': `${which['zh-CN']}自 ${s.from} 起暂停且未恢复；须由 ${region} 恢复该证书，不能以${what.lifts['zh-CN']}解除暂停`,
          },
          ['categories'],
        )
      }
      if (validFrom <= s.until) {
        const next = addDays(s.until, 1)
        throw new DomainError(
          'certificate-suspended-elsewhere',
          {
            en: `${which.en} was suspended from ${s.from} to ${s.until}; ${what.en} can be valid from ${next} at the earliest`,
            'zh-CN': `${which['zh-CN']}在 ${s.from} 至 ${s.until} 期间暂停；${what['zh-CN']}有效期起始日不能早于 ${next}`,
          },
          ['validFrom'],
        )
      }
    }
  }
}

function update(state: OperatorState, certificateNo: string, change: (c: Certificate) => Certificate): OperatorState {
  const certificate = state.certificates[certificateNo]
  if (!certificate) return state
  return { ...state, certificates: { ...state.certificates, [certificateNo]: change(certificate) } }
}

/**
 * The publishable rule table a certificate term is judged by, passed in by the route (loaded with
 * the versions an administrator published: the kit's `loadRuleTable`); issue and renewal events
 * cite the version (`ruleVersion`, set here, never taken from the request).
 */
export interface OperatorRuleTables {
  readonly operatorCertificateRules: RuleTable<OperatorCertificateRules>
}

/** The table in code only (its versions in code, none published). */
export const operatorRuleTablesInCode: OperatorRuleTables = { operatorCertificateRules }

/** Operator certificates (作业人员证, TSG Z6001) over the given (effective) rule table. */
export function operatorDeciderWith(
  tables: OperatorRuleTables,
): Decider<OperatorCommand, OperatorEvent, OperatorState> {
  return { initialState, evolve, decide: (command, state) => decide(command, state, tables) }
}

function initialState(): OperatorState {
  return { certificates: {} }
}

function decide(command: OperatorCommand, state: OperatorState, tables: OperatorRuleTables): OperatorEvent[] {
  switch (command.type) {
    case 'IssueOperatorCertificate': {
      const c = command.data
      if (state.certificates[c.certificateNo]) {
        throw new DomainError(
          'certificate-exists',
          { en: 'this certificate number is already issued', 'zh-CN': '该证书编号已发放' },
          ['certificateNo'],
        )
      }
      if (c.validUntil < c.validFrom) {
        throw new DomainError(
          'invalid-period',
          { en: 'validUntil is before validFrom', 'zh-CN': '有效期截止日早于起始日' },
          ['validUntil'],
        )
      }
      assertNotDatedIntoSanctions(state, { kind: 'issue', categories: c.categories, validFrom: c.validFrom })
      const ruleVersion = assertTermWithinRule(c.validFrom, c.validUntil, tables)
      return [{ type: 'OperatorCertificateIssued', data: { ...c, ruleVersion } }]
    }
    case 'SuspendOperatorCertificate': {
      const cert = existing(state, command.data.certificateNo)
      notBeforeIssue(cert, command.data.suspendedFrom, 'suspendedFrom')
      const open = cert.suspensions.some((s) => s.until === undefined)
      if (open)
        throw new DomainError(
          'certificate-already-suspended',
          { en: 'the certificate is already suspended', 'zh-CN': '证书已暂停' },
          ['certificateNo'],
        )
      const personId = personOf(state)
      return [
        { type: 'OperatorCertificateSuspended', data: { personId, regionCode: cert.regionCode, ...command.data } },
      ]
    }
    case 'ReinstateOperatorCertificate': {
      const cert = existing(state, command.data.certificateNo)
      const ended = suspensionEndedBy(cert.suspensions, command.data.reinstatedOn)
      if (ended === undefined) {
        throw new DomainError(
          'certificate-not-suspended',
          {
            en: `the certificate is not suspended on ${command.data.reinstatedOn} or after`,
            'zh-CN': `证书在 ${command.data.reinstatedOn} 及之后未暂停`,
          },
          ['reinstatedOn'],
        )
      }
      // Dated before the suspension began it would end it before it started: the suspension would
      // vanish from every day it covered, and the operator's work on those days turn lawful.
      if (command.data.reinstatedOn < ended.from) {
        throw new DomainError(
          'reinstated-before-suspension',
          {
            en: `the suspension it ends began on ${ended.from}; reinstatedOn cannot be before it`,
            'zh-CN': `所解除的暂停自 ${ended.from} 起，恢复日期不能早于该日期`,
          },
          ['reinstatedOn'],
        )
      }
      return [
        {
          type: 'OperatorCertificateReinstated',
          data: { personId: personOf(state), regionCode: cert.regionCode, ...command.data },
        },
      ]
    }
    case 'RevokeOperatorCertificate': {
      const cert = existing(state, command.data.certificateNo)
      notBeforeIssue(cert, command.data.revokedOn, 'revokedOn')
      return [
        {
          type: 'OperatorCertificateRevoked',
          data: { personId: personOf(state), regionCode: cert.regionCode, ...command.data },
        },
      ]
    }
    case 'RenewOperatorCertificate': {
      const cert = existing(state, command.data.certificateNo)
      const lastUntil = cert.terms.reduce((max, t) => (t.until > max ? t.until : max), '')
      // A renewal before expiry continues the term; a late one starts on the renewal day.
      const validFrom =
        command.data.validFrom ?? (command.data.renewedOn <= lastUntil ? addDays(lastUntil, 1) : command.data.renewedOn)
      if (command.data.validUntil < validFrom) {
        throw new DomainError(
          'invalid-period',
          { en: 'validUntil is before the new term starts', 'zh-CN': '有效期截止日早于新一期起始日' },
          ['validUntil'],
        )
      }
      const categories = command.data.categories ?? (cert.categories as WorkCategory[])
      assertNotDatedIntoSanctions(state, { kind: 'renewal', categories, validFrom, certificateNo: cert.certificateNo })
      const ruleVersion = assertTermWithinRule(validFrom, command.data.validUntil, tables)
      return [
        {
          type: 'OperatorCertificateRenewed',
          data: {
            personId: personOf(state),
            certificateNo: cert.certificateNo,
            renewedOn: command.data.renewedOn,
            validFrom,
            validUntil: command.data.validUntil,
            categories,
            regionCode: cert.regionCode,
            ruleVersion,
          },
        },
      ]
    }
  }
}

function evolve(state: OperatorState, event: OperatorEvent): OperatorState {
  switch (event.type) {
    case 'OperatorCertificateIssued': {
      const e = event.data
      const certificate: Certificate = {
        certificateNo: e.certificateNo,
        categories: e.categories,
        terms: [{ from: e.validFrom, until: e.validUntil, categories: e.categories }],
        suspensions: [],
        regionCode: e.regionCode,
      }
      return { personId: e.personId, certificates: { ...state.certificates, [e.certificateNo]: certificate } }
    }
    case 'OperatorCertificateSuspended': {
      const e = event.data
      const suspension =
        e.suspendedUntil === undefined ? { from: e.suspendedFrom } : { from: e.suspendedFrom, until: e.suspendedUntil }
      return update(state, e.certificateNo, (c) => ({ ...c, suspensions: [...c.suspensions, suspension] }))
    }
    case 'OperatorCertificateReinstated': {
      const e = event.data
      return update(state, e.certificateNo, (c) => {
        const ended = suspensionEndedBy(c.suspensions, e.reinstatedOn)
        return {
          ...c,
          suspensions: c.suspensions.map((s) =>
            s === ended ? { from: s.from, until: addDays(e.reinstatedOn, -1) } : s,
          ),
        }
      })
    }
    case 'OperatorCertificateRevoked':
      return update(state, event.data.certificateNo, (c) => ({ ...c, revokedOn: event.data.revokedOn }))
    case 'OperatorCertificateRenewed': {
      const e = event.data
      return update(state, e.certificateNo, (c) => ({
        ...c,
        categories: e.categories,
        terms: [...c.terms, { from: e.validFrom, until: e.validUntil, categories: e.categories }],
      }))
    }
    default:
      return state
  }
}

/** Over the version in code only: for folding a stream, and imports of the register. */
export const operatorDecider = operatorDeciderWith(operatorRuleTablesInCode)

function personOf(state: OperatorState): string {
  if (state.personId === undefined) {
    throw new DomainError('certificate-not-found', { en: 'no certificate for this person', 'zh-CN': '此人无证书' }, [
      'personId',
    ])
  }
  return state.personId
}
