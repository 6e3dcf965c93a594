import { useEffect, useState } from 'react'
import { Link, useNavigate } from 'react-router-dom'
import { Alert, Button, DatePicker, Form, Input, List, Modal, Space, Typography, message } from 'antd'
import dayjs from 'dayjs'
import { api } from '../api/client'
import { chinaToday } from '../format'
import { newSeed, plansMemory } from '../plansMemory'
import { ProblemAlert } from '../ProblemAlert'
import { useMessages, useSession } from '../session'
import { WorkbenchNav } from '../WorkbenchNav'

/**
 * Random inspection plans (双随机、一公开): open one by its id, make one (the seed made here, its
 * SHA-256 committed), the plans of this session.
 */
export default function Plans() {
  const m = useMessages()
  const { me } = useSession()
  const navigate = useNavigate()
  const [committing, setCommitting] = useState(false)
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
        {m.plans.recent}
      </Typography.Title>
      <List
        data-testid="plans"
        locale={{ emptyText: <span className="empty-text">{m.plans.none}</span> }}
        dataSource={plansMemory.ids}
        renderItem={(id) => (
          <List.Item>
            <Link to={`/workbench/plans/${encodeURIComponent(id)}`}>{id}</Link>
          </List.Item>
        )}
      />
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
  const [error, setError] = useState<unknown>()
  const [busy, setBusy] = useState(false)
  const [seed, setSeed] = useState<{ seed: string; seedHash: string }>()
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID())
  useEffect(() => {
    if (props.open) void newSeed().then(setSeed)
  }, [props.open])
  const submit = async (values: CommitValues) => {
    if (!seed) return
    setBusy(true)
    setError(undefined)
    try {
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
      if (!answer.data) {
        setError(answer.error)
        return
      }
      const planId = String((answer.data.events[0]?.data as { planId?: string } | undefined)?.planId ?? '')
      plansMemory.remember(planId, seed.seed)
      setIdempotencyKey(crypto.randomUUID())
      props.onCommitted(planId)
    } catch (caught) {
      setError(caught)
    } finally {
      setBusy(false)
    }
  }
  const today = dayjs(chinaToday())
  return (
    <Modal
      open={props.open}
      title={m.plans.commit}
      okText={m.plans.commit}
      cancelText={m.cancel}
      confirmLoading={busy}
      onCancel={props.onClose}
      okButtonProps={{ htmlType: 'submit', form: 'commit-plan', disabled: !seed }}
      destroyOnHidden
    >
      {error !== undefined && (
        <div style={{ marginBottom: 12 }}>
          <ProblemAlert error={error} />
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
