import type { ComplaintChannel } from '@gsr/events/enforcement'
import { addDays } from '../calendar.ts'
import { ruleTable } from '../RuleTable.ts'

/** A term in working days, with where it comes from and whether that was checked against the text. */
export interface ReplyTerm {
  readonly workingDays: number
  readonly citation: string
  /** false: a working value not yet checked against the published text (replace it when checked). */
  readonly verified: boolean
}

/**
 * Rule table `complaintReplyRules` (投诉举报答复时限): by channel, how many working days after
 * the day a complaint is received the complainant must have a reply. A ticket not replied by
 * then is late (逾期答复) and goes on the special rectification ledger (不满意工单整改台账).
 *
 * Working days are Monday to Friday; public holidays and the weekend days worked in their place
 * (调休) are not modelled yet, so a term spanning a holiday comes out shorter than the law's.
 *
 * UNVERIFIED: every value below is a working value (`verified: false`). The 12315 / walk-in /
 * letter / online term is read from 《市场监督管理投诉举报处理暂行办法》(国家市场监督管理总局令
 * 第20号, in force 2020-01-01) art. 14 (seven working days to decide on a complaint and tell the
 * complainant); the 12345 term is the five working days many local 12345 hotline rules set for
 * ordinary requests (国办发〔2020〕53号 leaves the figure to local rules). Check both against the
 * texts in force in the bureau's city before relying on them.
 */
export interface ComplaintReplyRules {
  readonly replyTerm: Readonly<Record<ComplaintChannel, ReplyTerm>>
}

const samrOrder20 = '《市场监督管理投诉举报处理暂行办法》（国家市场监督管理总局令第20号）第十四条'
const term = (workingDays: number, citation: string): ReplyTerm => ({ workingDays, citation, verified: false })

export const complaintReplyRules = ruleTable<ComplaintReplyRules>('complaintReplyRules', [
  {
    version: '2020.1',
    effectiveFrom: '2020-01-01',
    rules: {
      replyTerm: {
        hotline_12345: term(5, '12345 政务服务便民热线地方办理规定（国办发〔2020〕53号 授权地方规定时限）'),
        hotline_12315: term(7, samrOrder20),
        walk_in: term(7, samrOrder20),
        letter: term(7, samrOrder20),
        online: term(7, samrOrder20),
      },
    },
  },
])

const isWeekend = (date: string) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay())

/** The day `n` working days (Monday to Friday) after `date`. */
export function addWorkingDays(date: string, n: number): string {
  let day = date
  for (let left = n; left > 0;) {
    day = addDays(day, 1)
    if (!isWeekend(day)) left--
  }
  return day
}
