import { useState } from 'react'
import { Link, useParams } from 'react-router-dom'
import { Alert, Button, DatePicker, Descriptions, Form, Input, Space, Table, Tag, Typography, message } from 'antd'
import dayjs from 'dayjs'
import { api } from '../api/client'
import { chinaToday, formatChinaTime } from '../format'
import { plansMemory } from '../plansMemory'
import { ProblemAlert } from '../ProblemAlert'
import { useMessages, useSession } from '../session'
import { ok, useQuery } from '../useQuery'
import { WorkbenchNav } from '../WorkbenchNav'

const grades = ['A', 'B', 'C', 'D', 'E'] as const

/** One random inspection plan: its committed inputs, the draw (the seed revealed), the visits drawn and their outcome. */
export default function Plan() {
  const m = useMessages()
  const { me } = useSession()
  const { planId = '' } = useParams()
  const [refresh, setRefresh] = useState(0)
  const loaded = useQuery(`plan:${planId}:${refresh}`, async () => {
    const plan = ok(await api.GET('/enforcement/inspection-plans/{planId}', { params: { path: { planId } } }))
    plansMemory.remember(plan.planId)
    return plan
  })
  const p = loaded.data
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <WorkbenchNav />
      <Link to="/workbench/plans">← {m.plans.title}</Link>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {m.plans.title}: {planId}
      </Typography.Title>
      {loaded.error && <Alert type="error" showIcon title={m.loadFailed} description={loaded.error} />}
      {p && (
        <>
          <Typography.Title level={2} style={{ fontSize: 18 }}>
            {m.plans.inputs}
          </Typography.Title>
          <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} data-testid="plan-inputs">
            <Descriptions.Item label={m.status}>
              <Tag data-testid="plan-status">{m.plans.status[p.status] ?? p.status}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={m.region}>{p.region}</Descriptions.Item>
            <Descriptions.Item label={m.period}>
              {p.periodFrom} – {p.periodTo}
            </Descriptions.Item>
            <Descriptions.Item label={m.plans.catalogueOn}>{p.catalogueOn}</Descriptions.Item>
            <Descriptions.Item label={m.plans.knownAt}>{formatChinaTime(p.knownAt)}</Descriptions.Item>
            <Descriptions.Item label={m.plans.inspectors}>{p.inspectors}</Descriptions.Item>
            <Descriptions.Item label={m.plans.subjects} span={2}>
              {grades.map((g) => `${g}: ${p.subjects[g]}`).join(' · ')}
            </Descriptions.Item>
            <Descriptions.Item label={m.plans.rule}>
              {p.rule.name} {p.rule.version} · {p.catalogueRule.name} {p.catalogueRule.version}
            </Descriptions.Item>
            <Descriptions.Item label={m.plans.seedHash}>
              <code style={{ wordBreak: 'break-all' }}>{p.seedHash}</code>
            </Descriptions.Item>
            <Descriptions.Item label={m.plans.seed}>
              <code data-testid="plan-revealed-seed">{p.seed ?? '—'}</code>
            </Descriptions.Item>
          </Descriptions>
          {p.status === 'committed' && me.role !== 'viewer' && (
            <DrawPlan
              planId={p.planId}
              catalogueOn={p.catalogueOn}
              onDrawn={() => {
                void message.success(m.plans.drawn)
                setRefresh((n) => n + 1)
              }}
            />
          )}
          <Typography.Title level={2} style={{ fontSize: 18 }}>
            {m.plans.visits}
          </Typography.Title>
          <Table
            data-testid="visits"
            size="small"
            rowKey="organisationId"
            dataSource={p.visits}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            columns={[
              {
                title: m.organisation,
                key: 'organisation',
                render: (_, v) => (
                  <Link to={`/organisations/${encodeURIComponent(v.organisationId)}`}>
                    {v.name ?? v.organisationId}
                  </Link>
                ),
              },
              { title: m.plans.grade, dataIndex: 'grade' },
              {
                title: m.plans.visitInspectors,
                key: 'inspectors',
                render: (_, v) => (
                  <>
                    {v.inspectorIds.join(', ') || '—'} {v.unstaffed && <Tag color="#ad4e00">{m.plans.unstaffed}</Tag>}
                  </>
                ),
              },
              {
                title: m.plans.outcome,
                key: 'outcome',
                render: (_, v) => (v.outcome ? m.inspections.results[v.outcome] : m.plans.pending),
              },
            ]}
          />
        </>
      )}
    </Space>
  )
}

/** Reveals the seed and draws; the seed of a plan made in this session is filled in. */
function DrawPlan(props: { planId: string; catalogueOn: string; onDrawn: () => void }) {
  const m = useMessages()
  const [error, setError] = useState<unknown>()
  const [busy, setBusy] = useState(false)
  const [idempotencyKey] = useState(() => crypto.randomUUID())
  const submit = async (values: { seed: string; drawnOn: dayjs.Dayjs }) => {
    setBusy(true)
    setError(undefined)
    try {
      const answer = await api.POST('/enforcement/inspection-plans/{planId}/draw', {
        params: { path: { planId: props.planId } },
        headers: { 'idempotency-key': idempotencyKey },
        body: { seed: values.seed.trim(), drawnOn: values.drawnOn.format('YYYY-MM-DD') },
      })
      if (!answer.data) setError(answer.error)
      else props.onDrawn()
    } catch (caught) {
      setError(caught)
    } finally {
      setBusy(false)
    }
  }
  const today = chinaToday()
  return (
    <section aria-labelledby="draw-plan">
      <Typography.Title level={2} id="draw-plan" style={{ fontSize: 18 }}>
        {m.plans.draw}
      </Typography.Title>
      {error !== undefined && (
        <div style={{ marginBottom: 12 }}>
          <ProblemAlert error={error} />
        </div>
      )}
      <Form
        layout="inline"
        initialValues={{
          seed: plansMemory.seeds.get(props.planId) ?? '',
          drawnOn: dayjs(today < props.catalogueOn ? props.catalogueOn : today),
        }}
        onFinish={submit}
      >
        <Form.Item label={m.plans.seed} name="seed" rules={[{ required: true, min: 16 }]}>
          <Input maxLength={256} style={{ width: 320 }} />
        </Form.Item>
        <Form.Item label={m.plans.drawnOn} name="drawnOn" rules={[{ required: true }]}>
          <DatePicker allowClear={false} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {m.plans.draw}
        </Button>
      </Form>
    </section>
  )
}
