import { useEffect, useState } from 'react'
import { Link, useNavigate } from 'react-router-dom'
import { Alert, Button, DatePicker, Form, Input, Modal, Select, Space, Tag, Typography, message } from 'antd'
import dayjs from 'dayjs'
import { api } from '../api/client'
import { chinaToday } from '../format'
import { newSeed, plansMemory } from '../plansMemory'
import { ProblemAlert } from '../ProblemAlert'
import { RecordsTable } from '../RecordsTable'
import { useMessages, useSession } from '../session'
import { ok, useQuery } from '../useQuery'
import { useWriteForm } from '../useWriteForm'
import { WorkbenchNav } from '../WorkbenchNav'

/**
 * Random inspection plans (双随机、一公开): open one by its id, make one (the seed made here, its
 * SHA-256 committed), the plans of the team's region and below, newest first (cursor pages).
 */
export default function Plans() {
  const m = useMessages()
  const { me } = useSession()
  const navigate = useNavigate()
  const [committing, setCommitting] = useState(false)
  const [after, setAfter] = useState<string | undefined>()
  const [status, setStatus] = useState<'committed' | 'drawn' | undefined>()
  const query = { limit: 50, ...(status ? { status } : {}), ...(after ? { after } : {}) }
  const list = useQuery(`plans:${JSON.stringify(query)}`, async () =>
    ok(await api.GET('/enforcement/inspection-plans', { params: { query } })),
  )
  const open = (values: { planId: string }) => navigate(`/workbench/plans/${encodeURIComponent(values.planId.trim())}`)
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <WorkbenchNav />
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {m.plans.title}
      </Typography.Title>
      <Space wrap align="end">
        <Form layout="inline" onFinish={open} aria-label={m.plans.open}>
          <Form.Item label={m.plans.planId} name="planId" rules={[{ required: true }]}>
            <Input maxLength={128} style={{ width: 280 }} />
          </Form.Item>
          <Button htmlType="submit">{m.plans.open}</Button>
        </Form>
        {me.role !== 'viewer' && (
          <Button type="primary" onClick={() => setCommitting(true)}>
            {m.plans.commit}
          </Button>
        )}
      </Space>
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {m.plans.list}
      </Typography.Title>
      <Select
        aria-label={m.plans.statusFilter}
        style={{ minWidth: 200 }}
        value={status ?? ''}
        onChange={(v) => {
          setAfter(undefined)
          setStatus((v || undefined) as typeof status)
        }}
        options={[
          { value: '', label: m.plans.allStatuses },
          ...Object.entries(m.plans.status).map(([value, label]) => ({ value, label })),
        ]}
      />
      {list.error && <Alert type="error" showIcon title={m.loadFailed} description={list.error} />}
      <RecordsTable
        data-testid="plans"
        loaded={list}
        rowKey="planId"
        locale={{ emptyText: <span className="empty-text">{m.plans.none}</span> }}
        columns={[
          {
            title: m.plans.planId,
            dataIndex: 'planId',
            render: (id: string) => <Link to={`/workbench/plans/${encodeURIComponent(id)}`}>{id}</Link>,
          },
          {
            title: m.plans.state,
            dataIndex: 'status',
            render: (s: string) => <Tag color={s === 'drawn' ? '#135200' : '#874d00'}>{m.plans.status[s] ?? s}</Tag>,
          },
          { title: m.region, dataIndex: 'region' },
          { title: m.plans.plannedOn, dataIndex: 'plannedOn' },
          { title: m.plans.period, key: 'period', render: (_, p) => `${p.periodFrom} – ${p.periodTo}` },
          { title: m.plans.drawnOn, dataIndex: 'drawnOn', render: (d: string | null) => d ?? '—' },
          { title: m.plans.subjectCount, dataIndex: 'subjects' },
          { title: m.plans.inspectors, dataIndex: 'inspectors' },
          { title: m.plans.visits, dataIndex: 'visits', render: (v: number | null) => v ?? '—' },
        ]}
      />
      <Space>
        {after && <Button onClick={() => setAfter(undefined)}>{m.first}</Button>}
        {list.data?.next && <Button onClick={() => setAfter(list.data?.next)}>{m.next}</Button>}
      </Space>
      <CommitPlan
        open={committing}
        onClose={() => setCommitting(false)}
        onCommitted={(planId) => {
          setCommitting(false)
          void message.success(m.plans.committed)
          navigate(`/workbench/plans/${encodeURIComponent(planId)}`)
        }}
      />
    </Space>
  )
}

interface CommitValues {
  region: string
  plannedOn: dayjs.Dayjs
  periodFrom: dayjs.Dayjs
  periodTo: dayjs.Dayjs
  roster: string
}

/** Commits a plan: the seed is made in the browser and kept in this page's memory; only its hash is sent. */
function CommitPlan(props: { open: boolean; onClose: () => void; onCommitted: (planId: string) => void }) {
  const m = useMessages()
  const { me } = useSession()
  const write = useWriteForm()
  const [seed, setSeed] = useState<{ seed: string; seedHash: string }>()
  useEffect(() => {
    if (props.open) void newSeed().then(setSeed)
  }, [props.open])
  const submit = async (values: CommitValues) => {
    if (!seed) return
    await write.submit(async (idempotencyKey) => {
      const answer = await api.POST('/enforcement/inspection-plans', {
        headers: { 'idempotency-key': idempotencyKey },
        body: {
          region: values.region.trim(),
          plannedOn: values.plannedOn.format('YYYY-MM-DD'),
          periodFrom: values.periodFrom.format('YYYY-MM-DD'),
          periodTo: values.periodTo.format('YYYY-MM-DD'),
          seedHash: seed.seedHash,
          roster: values.roster
            .split(/\s+/)
            .map((s) => s.trim())
            .filter(Boolean),
          conflicts: [],
        },
      })
      if (!answer.data) throw answer.error
      const planId = String((answer.data.events[0]?.data as { planId?: string } | undefined)?.planId ?? '')
      plansMemory.remember(planId, seed.seed)
      return planId
    }, props.onCommitted)
  }
  const today = dayjs(chinaToday())
  return (
    <Modal
      open={props.open}
      title={m.plans.commit}
      okText={m.plans.commit}
      cancelText={m.cancel}
      confirmLoading={write.busy}
      onCancel={props.onClose}
      okButtonProps={{ htmlType: 'submit', form: 'commit-plan', disabled: !seed }}
      destroyOnHidden
    >
      {write.error !== undefined && (
        <div style={{ marginBottom: 12 }}>
          <ProblemAlert error={write.error} />
        </div>
      )}
      <Form
        id="commit-plan"
        layout="vertical"
        initialValues={{
          region: me.region,
          plannedOn: today,
          periodFrom: today,
          periodTo: today.add(3, 'month'),
          roster: me.userId,
        }}
        onFinish={submit}
      >
        <Form.Item label={m.region} name="region" rules={[{ required: true }]}>
          <Input maxLength={12} />
        </Form.Item>
        <Form.Item label={m.plans.plannedOn} name="plannedOn" rules={[{ required: true }]}>
          <DatePicker allowClear={false} />
        </Form.Item>
        <Form.Item label={m.plans.periodFrom} name="periodFrom" rules={[{ required: true }]}>
          <DatePicker allowClear={false} />
        </Form.Item>
        <Form.Item label={m.plans.periodTo} name="periodTo" rules={[{ required: true }]}>
          <DatePicker allowClear={false} />
        </Form.Item>
        <Form.Item label={m.plans.roster} name="roster" rules={[{ required: true }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item label={m.plans.seed}>
          <Input value={seed?.seed ?? ''} readOnly data-testid="plan-seed" />
        </Form.Item>
        <Alert type="warning" showIcon description={m.plans.seedHelp} />
      </Form>
    </Modal>
  )
}
