import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router-dom'
import { Alert, Button, Descriptions, Space, Tag, Timeline, Typography, message } from 'antd'
import { api, download, problemText } from '../api/client'
import { formatChinaTime } from '../format'
import { IssueOrder } from '../IssueOrder'
import { OpenCase } from '../OpenCase'
import { useMessages, useSession } from '../session'
import { ok, useQuery } from '../useQuery'

interface Metadata {
  readonly occurredAt?: string
  readonly actor?: { organisationId?: string; userId?: string; role?: string }
}

/** One violation and its evidence: the events that establish it, who recorded each, field and record time. */
export default function Violation() {
  const m = useMessages()
  const { me } = useSession()
  const navigate = useNavigate()
  const { id = '' } = useParams()
  const [issuing, setIssuing] = useState(false)
  const [opening, setOpening] = useState(false)
  const evidence = useQuery(`evidence:${id}`, async () =>
    ok(await api.GET('/enforcement/violations/{id}/evidence', { params: { path: { id } } })),
  )
  const v = evidence.data?.violation
  const bundle = async () => {
    try {
      await download(`/enforcement/violations/${encodeURIComponent(id)}/evidence-bundle`, `evidence-${id}.json`)
    } catch (error) {
      void message.error(problemText(error))
    }
  }
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Link to="/violations">← {m.violationsTitle}</Link>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {m.violationTitle}
      </Typography.Title>
      {evidence.error && <Alert type="error" showIcon title={m.loadFailed} description={evidence.error} />}
      {v && (
        <>
          <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={m.violationId}>{v.id}</Descriptions.Item>
            <Descriptions.Item label={m.practice}>{m.practices[v.category]}</Descriptions.Item>
            <Descriptions.Item label={m.subject}>{`${v.subjectKind} ${v.subjectId}`}</Descriptions.Item>
            <Descriptions.Item label={m.organisation}>
              <Link to={`/organisations/${encodeURIComponent(v.organisationId)}`} data-testid="violation-organisation">
                {v.organisationId}
              </Link>
            </Descriptions.Item>
            <Descriptions.Item label={m.region}>
              <span data-testid="violation-region">{v.region}</span>
            </Descriptions.Item>
            <Descriptions.Item label={m.status}>
              {v.status === 'open' ? (
                <Tag color="#a8071a">{m.statusOpen}</Tag>
              ) : (
                <Tag color="#135200">{m.statusResolved}</Tag>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={m.occurredAt}>{formatChinaTime(v.occurredAt)}</Descriptions.Item>
            <Descriptions.Item label={m.detectedAt}>{formatChinaTime(v.detectedAt)}</Descriptions.Item>
          </Descriptions>
          <Space wrap>
            <Button onClick={bundle}>{m.downloadBundle}</Button>
            {me.role !== 'viewer' && (
              <Button type="primary" onClick={() => setIssuing(true)}>
                {m.issueOrder}
              </Button>
            )}
            {me.role !== 'viewer' && <Button onClick={() => setOpening(true)}>{m.openCase}</Button>}
          </Space>
        </>
      )}
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {m.evidenceTimeline}
      </Typography.Title>
      <section aria-label={m.evidenceTimeline} data-testid="evidence">
        <Timeline
          items={(evidence.data?.events ?? []).map((event) => {
            const meta = (event.metadata ?? {}) as Metadata
            const actor = meta.actor
            return {
              key: event.id,
              children: (
                <div>
                  <Typography.Text strong>{event.type}</Typography.Text>{' '}
                  {event.lateReported && <Tag color="#ad4e00">{m.lateReported}</Tag>}
                  <div>
                    {m.fieldTime}: {formatChinaTime(meta.occurredAt)} · {m.recordTime}:{' '}
                    {formatChinaTime(event.recordedAt)}
                  </div>
                  <div>
                    {m.recordedBy}:{' '}
                    {actor ? `${actor.organisationId ?? '—'} / ${actor.userId ?? '—'} (${actor.role ?? '—'})` : '—'}
                  </div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {event.streamName} #{event.revision}
                  </Typography.Text>
                </div>
              ),
            }
          })}
        />
      </section>
      <IssueOrder
        open={issuing}
        violationId={id}
        onClose={() => setIssuing(false)}
        onIssued={(orderId) => {
          setIssuing(false)
          void message.success(`${m.issued} ${orderId}`)
          navigate(`/workbench?organisationId=${encodeURIComponent(v?.organisationId ?? '')}`)
        }}
      />
      {v && (
        <OpenCase
          open={opening}
          from={{ source: 'violation', id: v.id, region: v.region, organisationId: v.organisationId }}
          onClose={() => setOpening(false)}
          onOpened={(caseId) => {
            setOpening(false)
            void message.success(`${m.caseOpenedMessage} ${caseId}`)
            navigate(`/cases?organisationId=${encodeURIComponent(v.organisationId)}`)
          }}
        />
      )}
    </Space>
  )
}
