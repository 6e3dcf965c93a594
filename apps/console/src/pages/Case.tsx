import type { ReactNode } from 'react'
import { Link, useParams, useSearchParams } from 'react-router-dom'
import { Alert, Descriptions, Space, Tag, Timeline, Typography } from 'antd'
import { api } from '../api/client'
import { chinaToday, yuan } from '../format'
import { useMessages } from '../session'
import { ok, useQuery } from '../useQuery'

/** One penalty case on a day: its facts and its timeline (opened, investigated, decided, referred, closed). */
export default function Case() {
  const m = useMessages()
  const { caseId = '' } = useParams()
  const [params] = useSearchParams()
  const on = params.get('on') ?? chinaToday()
  const loaded = useQuery(`case:${caseId}:${on}`, async () =>
    ok(await api.GET('/enforcement/cases/{caseId}', { params: { path: { caseId }, query: { on } } })),
  )
  const c = loaded.data
  const steps: { day: string; label: string; detail?: ReactNode; testId: string }[] = []
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
  steps.sort((a, b) => a.day.localeCompare(b.day))
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
            <Space size={4} wrap>
              <Tag data-testid="case-stage">{m.caseStage[c.stage]}</Tag>
              {c.overdue && <Tag color="#a8071a">{m.overdue}</Tag>}
              {c.referral && <Tag color="#ad4e00">{m.referralState[c.referral.state]}</Tag>}
            </Space>
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
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {m.caseTimeline}
      </Typography.Title>
      <section aria-label={m.caseTimeline} data-testid="case-timeline">
        <Timeline
          items={steps.map((s) => ({
            key: s.testId,
            children: (
              <div data-testid={`step-${s.testId}`}>
                <Typography.Text strong>{s.label}</Typography.Text> · {s.day}
                {s.detail && <div>{s.detail}</div>}
              </div>
            ),
          }))}
        />
      </section>
    </Space>
  )
}
