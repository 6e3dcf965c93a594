import { useState } from 'react'
import { Link, useParams, useSearchParams } from 'react-router-dom'
import { Alert, Descriptions, Space, Typography } from 'antd'
import { api } from '../api/client'
import { chinaToday, yuan } from '../format'
import type { Messages } from '../messages'
import { RecordTimeline, type TimelineEntry } from '../RecordTimeline'
import { useMessages, useSession } from '../session'
import { CaseStageTags } from '../StatusTags'
import { StepButtons, type Step, type StepValues } from '../StepDialog'
import { ok, useQuery } from '../useQuery'

type CaseView = NonNullable<ReturnType<typeof useCaseQuery>['data']>
const useCaseQuery = (caseId: string, on: string, refresh: number) =>
  useQuery(`case:${caseId}:${on}:${refresh}`, async () =>
    ok(await api.GET('/enforcement/cases/{caseId}', { params: { path: { caseId }, query: { on } } })),
  )

const str = (v: StepValues, k: string) => v[k] as string
/** `{ k: v }` when the field was filled, else nothing (the API's optional fields). */
const opt = <K extends string, V extends string | number>(k: K, v: StepValues[string]) =>
  (v === undefined ? {} : { [k]: v }) as { [P in K]?: V }

/**
 * The steps a case can take at its stage (the API decides; a step it refuses is shown with its
 * problem): investigation, extension and decision (approver only), referral and the police's
 * receipt, closure, dropping.
 */
function caseSteps(m: Messages, c: CaseView): Step[] {
  const path = { caseId: c.caseId }
  const post = (key: string) => ({ params: { path }, headers: { 'idempotency-key': key } })
  const open = c.stage === 'opened' || c.stage === 'investigated'
  const steps: Step[] = []
  if (c.stage === 'opened')
    steps.push({
      key: 'investigation',
      label: m.step.investigation,
      fields: [
        { name: 'investigatedOn', label: m.step.investigatedOn, kind: 'date', required: true },
        { name: 'findings', label: m.step.findings, kind: 'textarea', required: true },
      ],
      send: (v, key) =>
        api.POST('/enforcement/cases/{caseId}/investigation', {
          ...post(key),
          body: { investigatedOn: str(v, 'investigatedOn'), findings: str(v, 'findings') },
        }),
    })
  if (open && !c.extension)
    steps.push({
      key: 'extension',
      label: m.step.extension,
      note: m.step.approverOnly,
      fields: [
        { name: 'approvedOn', label: m.step.approvedOn, kind: 'date', required: true },
        { name: 'extensionDays', label: m.step.extensionDays, kind: 'number' },
        { name: 'reason', label: m.step.reason, kind: 'textarea', required: true },
      ],
      send: (v, key) =>
        api.POST('/enforcement/cases/{caseId}/extension', {
          ...post(key),
          body: {
            approvedOn: str(v, 'approvedOn'),
            reason: str(v, 'reason'),
            ...opt<'extensionDays', number>('extensionDays', v['extensionDays']),
          },
        }),
    })
  if (open)
    steps.push({
      key: 'decision',
      label: m.step.decision,
      note: m.step.approverOnly,
      fields: [
        { name: 'decidedOn', label: m.step.decidedOn, kind: 'date', required: true },
        { name: 'decisionNumber', label: m.decisionNumber, kind: 'text', required: true },
        {
          name: 'kind',
          label: m.step.penaltyKind,
          kind: 'select',
          required: true,
          options: m.step.penaltyKinds,
          initial: 'fine',
        },
        { name: 'amountFen', label: m.step.amountYuan, kind: 'yuan' },
        { name: 'description', label: m.step.penaltyDescription, kind: 'text' },
      ],
      send: (v, key) =>
        api.POST('/enforcement/cases/{caseId}/decision', {
          ...post(key),
          body: {
            decidedOn: str(v, 'decidedOn'),
            decisionNumber: str(v, 'decisionNumber'),
            penalties: [
              {
                kind: str(v, 'kind') as 'fine',
                ...opt<'amountFen', number>('amountFen', v['amountFen']),
                ...opt<'description', string>('description', v['description']),
              },
            ],
          },
        }),
    })
  const pending = c.referrals.some((r) => r.receivedOn === null)
  if (c.stage !== 'closed' && c.stage !== 'dropped' && !pending)
    steps.push({
      key: 'referral',
      label: m.step.referral,
      fields: [
        { name: 'referredOn', label: m.step.referredOn, kind: 'date', required: true },
        { name: 'policeAgency', label: m.step.policeAgency, kind: 'text', required: true },
        { name: 'reason', label: m.step.referralReason, kind: 'textarea', required: true },
      ],
      send: (v, key) =>
        api.POST('/enforcement/cases/{caseId}/referral', {
          ...post(key),
          body: { referredOn: str(v, 'referredOn'), policeAgency: str(v, 'policeAgency'), reason: str(v, 'reason') },
        }),
    })
  if (pending)
    steps.push({
      key: 'police-receipt',
      label: m.step.receipt,
      fields: [
        { name: 'receivedOn', label: m.step.receivedOn, kind: 'date', required: true },
        {
          name: 'outcome',
          label: m.step.outcome,
          kind: 'select',
          required: true,
          options: { accepted: m.policeAccepted, declined: m.policeDeclined },
        },
        { name: 'criminalCaseNumber', label: m.step.criminalCaseNumber, kind: 'text' },
        { name: 'reason', label: m.step.declineReason, kind: 'textarea' },
      ],
      send: (v, key) =>
        api.POST('/enforcement/cases/{caseId}/police-receipt', {
          ...post(key),
          body: {
            receivedOn: str(v, 'receivedOn'),
            outcome: str(v, 'outcome') as 'accepted',
            ...opt<'criminalCaseNumber', string>('criminalCaseNumber', v['criminalCaseNumber']),
            ...opt<'reason', string>('reason', v['reason']),
          },
        }),
    })
  if (c.stage === 'decided')
    steps.push({
      key: 'closure',
      label: m.step.closure,
      fields: [
        { name: 'closedOn', label: m.step.closedOn, kind: 'date', required: true },
        { name: 'fineCollectedFen', label: m.step.fineCollectedYuan, kind: 'yuan', required: true },
        { name: 'notes', label: m.step.notes, kind: 'textarea' },
      ],
      send: (v, key) =>
        api.POST('/enforcement/cases/{caseId}/closure', {
          ...post(key),
          body: {
            closedOn: str(v, 'closedOn'),
            fineCollectedFen: v['fineCollectedFen'] as number,
            ...opt<'notes', string>('notes', v['notes']),
          },
        }),
    })
  if (c.stage !== 'closed' && c.stage !== 'dropped')
    steps.push({
      key: 'dropping',
      label: m.step.dropping,
      fields: [
        { name: 'droppedOn', label: m.step.droppedOn, kind: 'date', required: true },
        { name: 'kind', label: m.step.droppingKind, kind: 'select', required: true, options: m.step.dropKinds },
        { name: 'reason', label: m.step.reason, kind: 'textarea', required: true },
      ],
      send: (v, key) =>
        api.POST('/enforcement/cases/{caseId}/dropping', {
          ...post(key),
          body: { droppedOn: str(v, 'droppedOn'), kind: str(v, 'kind') as 'no_penalty', reason: str(v, 'reason') },
        }),
    })
  return steps
}

/** One penalty case on a day: its facts and its timeline (opened, investigated, decided, referred, closed). */
export default function Case() {
  const m = useMessages()
  const { caseId = '' } = useParams()
  const [params] = useSearchParams()
  const on = params.get('on') ?? chinaToday()
  const { me } = useSession()
  const [refresh, setRefresh] = useState(0)
  const loaded = useCaseQuery(caseId, on, refresh)
  const c = loaded.data
  const steps: TimelineEntry[] = []
  if (c) {
    steps.push({
      day: c.openedOn,
      label: m.caseOpened,
      testId: 'opened',
      detail: c.sources.map((s) =>
        s.source === 'violation' ? (
          <div key={s.id}>
            <Link to={`/violations/${encodeURIComponent(s.id)}`}>{s.id}</Link>
          </div>
        ) : (
          <div key={s.id}>{`${s.source} ${s.id}`}</div>
        ),
      ),
    })
    if (c.investigatedOn)
      steps.push({
        day: c.investigatedOn,
        label: m.caseInvestigated,
        testId: 'investigated',
        detail: c.investigation?.findings,
      })
    if (c.extension)
      steps.push({
        day: c.extension.approvedOn,
        label: m.caseExtended,
        testId: 'extended',
        detail: `${m.decisionDue}: ${c.extension.decisionDue} · ${c.extension.reason}`,
      })
    if (c.decidedOn)
      steps.push({
        day: c.decidedOn,
        label: m.caseDecided,
        testId: 'decided',
        detail: `${m.decisionNumber}: ${c.decision?.decisionNumber ?? '—'} · ${m.fine}: ${yuan(c.fineFen)}`,
      })
    c.referrals.forEach((r, i) => {
      steps.push({
        day: r.referredOn,
        label: m.caseReferred,
        testId: `referred-${i}`,
        detail: `${r.policeAgency} · ${r.reason}`,
      })
      if (r.receivedOn)
        steps.push({
          day: r.receivedOn,
          label: m.policeReceipt,
          testId: `receipt-${i}`,
          detail:
            r.outcome === 'accepted'
              ? `${m.policeAccepted} · ${r.criminalCaseNumber ?? ''}`
              : `${m.policeDeclined} · ${r.declineReason ?? ''}`,
        })
    })
    if (c.closedOn)
      steps.push({
        day: c.closedOn,
        label: m.caseClosed,
        testId: 'closed',
        detail: `${m.fineCollected}: ${yuan(c.fineCollectedFen)}`,
      })
    if (c.droppedOn)
      steps.push({ day: c.droppedOn, label: m.caseDropped, testId: 'dropped', detail: c.dropping?.reason })
  }
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Link to={`/cases?on=${on}`}>← {m.casesTitle}</Link>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {m.caseTitle}
      </Typography.Title>
      {loaded.error && <Alert type="error" showIcon title={m.loadFailed} description={loaded.error} />}
      {c && (
        <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={m.caseId}>
            <span data-testid="case-id">{c.caseId}</span>
          </Descriptions.Item>
          <Descriptions.Item label={m.stage}>
            <CaseStageTags case={c} stageTestId="case-stage" />
          </Descriptions.Item>
          <Descriptions.Item label={m.organisation}>
            <Link to={`/organisations/${encodeURIComponent(c.organisationId)}`}>{c.organisationId}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={m.region}>{c.region}</Descriptions.Item>
          <Descriptions.Item label={m.openedOn}>{c.openedOn}</Descriptions.Item>
          <Descriptions.Item label={m.decisionDue}>{c.decisionDue}</Descriptions.Item>
          <Descriptions.Item label={m.fine}>{yuan(c.fineFen)}</Descriptions.Item>
          <Descriptions.Item label={m.summary}>{c.summary ?? '—'}</Descriptions.Item>
        </Descriptions>
      )}
      {c && me.role !== 'viewer' && (
        <section aria-labelledby="case-steps">
          <Typography.Title level={2} id="case-steps" style={{ fontSize: 18 }}>
            {m.step.actionsTitle}
          </Typography.Title>
          <StepButtons steps={caseSteps(m, c)} testIdPrefix="case-step" onRecorded={() => setRefresh((n) => n + 1)} />
        </section>
      )}
      <RecordTimeline title={m.caseTimeline} testId="case-timeline" testIdPrefix="step" entries={steps} />
    </Space>
  )
}
