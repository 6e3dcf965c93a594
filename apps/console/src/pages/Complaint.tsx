import { useState } from 'react'
import { Link, useParams, useSearchParams } from 'react-router-dom'
import { Alert, Button, DatePicker, Descriptions, Form, Input, Modal, Space, Table, Typography, message } from 'antd'
import dayjs from 'dayjs'
import { api, problemText } from '../api/client'
import { chinaToday } from '../format'
import { categoryLabel, type Messages } from '../messages'
import { RecordTimeline, type TimelineEntry } from '../RecordTimeline'
import { useMessages, useSession } from '../session'
import { ComplaintStatusTags } from '../StatusTags'
import { StepButtons, type Step } from '../StepDialog'
import { ok, useQuery } from '../useQuery'
import { useWriteForm } from '../useWriteForm'

type ComplaintView = NonNullable<Awaited<ReturnType<typeof loadComplaint>>>
const loadComplaint = async (complaintId: string, on: string) =>
  ok(await api.GET('/enforcement/complaints/{complaintId}', { params: { path: { complaintId }, query: { on } } }))

/** The steps a ticket can take at its status (the API decides): accept, handle, reply (once handled), satisfaction. */
function complaintSteps(m: Messages, c: ComplaintView): Step[] {
  const post = (key: string) => ({
    params: { path: { complaintId: c.complaintId } },
    headers: { 'idempotency-key': key },
  })
  const steps: Step[] = []
  if (c.status === 'assigned')
    steps.push({
      key: 'acceptance',
      label: m.step.accept,
      fields: [{ name: 'acceptedOn', label: m.step.acceptedOn, kind: 'date', required: true }],
      send: (v, key) =>
        api.POST('/enforcement/complaints/{complaintId}/acceptance', {
          ...post(key),
          body: { acceptedOn: v['acceptedOn'] as string },
        }),
    })
  if (c.status === 'accepted')
    steps.push({
      key: 'handling',
      label: m.step.handle,
      fields: [
        { name: 'handledOn', label: m.step.handledOn, kind: 'date', required: true },
        { name: 'outcome', label: m.step.handlingOutcome, kind: 'textarea', required: true },
      ],
      send: (v, key) =>
        api.POST('/enforcement/complaints/{complaintId}/handling', {
          ...post(key),
          body: { handledOn: v['handledOn'] as string, outcome: v['outcome'] as string, references: [] },
        }),
    })
  if (c.status === 'handled')
    steps.push({
      key: 'reply',
      label: m.step.reply,
      fields: [
        { name: 'repliedOn', label: m.repliedOn, kind: 'date', required: true },
        {
          name: 'method',
          label: m.step.replyMethod,
          kind: 'select',
          required: true,
          options: m.step.replyMethods,
          initial: 'phone',
        },
        { name: 'summary', label: m.step.replySummary, kind: 'textarea', required: true },
      ],
      send: (v, key) =>
        api.POST('/enforcement/complaints/{complaintId}/reply', {
          ...post(key),
          body: {
            repliedOn: v['repliedOn'] as string,
            method: v['method'] as 'phone',
            summary: v['summary'] as string,
          },
        }),
    })
  if (c.status === 'replied' && c.satisfaction === null)
    steps.push({
      key: 'satisfaction',
      label: m.step.satisfaction,
      fields: [
        { name: 'recordedOn', label: m.step.satisfactionOn, kind: 'date', required: true },
        {
          name: 'satisfaction',
          label: m.step.satisfaction,
          kind: 'select',
          required: true,
          options: m.step.satisfactions,
        },
      ],
      send: (v, key) =>
        api.POST('/enforcement/complaints/{complaintId}/satisfaction', {
          ...post(key),
          body: { recordedOn: v['recordedOn'] as string, satisfaction: v['satisfaction'] as 'satisfied' },
        }),
    })
  return steps
}

/** The ticket's record: received, assigned (refused, accepted), handled, replied, satisfaction, verified. */
function complaintTimeline(m: Messages, c: ComplaintView): TimelineEntry[] {
  const items: TimelineEntry[] = [
    { day: c.receivedOn, label: m.step.received, detail: m.channels[c.channel] ?? c.channel, testId: 'received' },
  ]
  c.assignments.forEach((a, i) => {
    items.push({ day: a.assignedOn, label: m.assign, detail: a.teamOrganisationId, testId: `assigned-${i}` })
    if (a.refusedOn) items.push({ day: a.refusedOn, label: m.refused, detail: a.reason ?? '', testId: `refused-${i}` })
    if (a.acceptedOn)
      items.push({ day: a.acceptedOn, label: m.step.accept, detail: a.teamOrganisationId, testId: `accepted-${i}` })
  })
  if (c.handledOn) items.push({ day: c.handledOn, label: m.step.handle, detail: c.outcome ?? '', testId: 'handled' })
  if (c.repliedOn)
    items.push({
      day: c.repliedOn,
      label: m.step.reply,
      detail: `${m.step.replyMethods[c.replyMethod ?? ''] ?? c.replyMethod ?? ''} · ${c.replySummary ?? ''}`,
      testId: 'replied',
    })
  if (c.satisfactionOn && c.satisfaction)
    items.push({
      day: c.satisfactionOn,
      label: m.step.satisfaction,
      detail: m.step.satisfactions[c.satisfaction],
      testId: 'satisfaction',
    })
  if (c.verifiedOn)
    items.push({ day: c.verifiedOn, label: m.step.verified, detail: c.verificationNotes ?? '', testId: 'verified' })
  return items
}

/** One complaint on a day (the complainant in full to the receiving team only), its assignments, "assign". */
export default function Complaint() {
  const m = useMessages()
  const { me } = useSession()
  const { complaintId = '' } = useParams()
  const [params] = useSearchParams()
  const on = params.get('on') ?? chinaToday()
  const [assigning, setAssigning] = useState(false)
  const [refresh, setRefresh] = useState(0)
  const loaded = useQuery(`complaint:${complaintId}:${on}:${refresh}`, () => loadComplaint(complaintId, on))
  const c = loaded.data
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Link to={`/complaints?on=${on}`}>← {m.complaintsTitle}</Link>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {m.complaintTitle}
      </Typography.Title>
      {loaded.error && <Alert type="error" showIcon title={m.loadFailed} description={loaded.error} />}
      {c && (
        <>
          <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={m.complaintId}>{c.complaintId}</Descriptions.Item>
            <Descriptions.Item label={m.status}>
              <ComplaintStatusTags complaint={c} />
            </Descriptions.Item>
            <Descriptions.Item label={m.region}>{c.region}</Descriptions.Item>
            <Descriptions.Item label={m.channel}>{m.channels[c.channel] ?? c.channel}</Descriptions.Item>
            <Descriptions.Item label={m.receivedOn}>{c.receivedOn}</Descriptions.Item>
            <Descriptions.Item label={m.replyDue}>{c.replyDue}</Descriptions.Item>
            <Descriptions.Item label={m.category}>{categoryLabel(m, c.category)}</Descriptions.Item>
            <Descriptions.Item label={m.team}>{c.team ?? m.awaitingAssignment}</Descriptions.Item>
            <Descriptions.Item label={m.subject}>
              {c.subject.organisationId ? (
                <Link to={`/organisations/${encodeURIComponent(c.subject.organisationId)}`}>
                  {c.subject.organisationId}
                </Link>
              ) : (
                [c.subject.equipmentCode, c.subject.cylinderCode, c.subject.address].filter(Boolean).join(' · ')
              )}
            </Descriptions.Item>
            <Descriptions.Item label={m.complainant}>
              {c.complainant ? [c.complainant.name, c.complainant.phone].filter(Boolean).join(' · ') : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={m.repliedOn}>{c.repliedOn ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={m.content} span={2}>
              {c.content}
            </Descriptions.Item>
          </Descriptions>
          {me.role !== 'viewer' && (
            <StepButtons
              steps={complaintSteps(m, c)}
              testIdPrefix="complaint-step"
              onRecorded={() => setRefresh((n) => n + 1)}
            >
              <Button type="primary" onClick={() => setAssigning(true)}>
                {m.assign}
              </Button>
            </StepButtons>
          )}
          <RecordTimeline
            title={m.step.complaintTimeline}
            testId="complaint-timeline"
            testIdPrefix="complaint"
            entries={complaintTimeline(m, c)}
          />
          <Typography.Title level={2} style={{ fontSize: 18 }}>
            {m.assignments}
          </Typography.Title>
          <Table
            data-testid="assignments"
            size="small"
            rowKey={(a) => `${a.teamOrganisationId}:${a.assignedOn}`}
            dataSource={c.assignments}
            pagination={false}
            columns={[
              { title: m.team, dataIndex: 'teamOrganisationId' },
              { title: m.assignedOn, dataIndex: 'assignedOn' },
              {
                title: m.status,
                key: 'state',
                render: (_, a) =>
                  a.refusedOn ? `${m.refused} ${a.refusedOn} ${a.reason ?? ''}` : (a.acceptedOn ?? '—'),
              },
            ]}
          />
        </>
      )}
      <AssignComplaint
        open={assigning}
        complaintId={complaintId}
        onClose={() => setAssigning(false)}
        onAssigned={() => {
          setAssigning(false)
          void message.success(m.assigned)
          setRefresh((n) => n + 1)
        }}
      />
    </Space>
  )
}

/** Assigns (派转) the ticket to an enforcement team; one Idempotency-Key per opened form. */
function AssignComplaint(props: { open: boolean; complaintId: string; onClose: () => void; onAssigned: () => void }) {
  const m = useMessages()
  const write = useWriteForm()
  const submit = (values: { teamOrganisationId: string; assignedOn: dayjs.Dayjs }) =>
    write.submit(
      async (idempotencyKey) =>
        ok(
          await api.POST('/enforcement/complaints/{complaintId}/assignment', {
            params: { path: { complaintId: props.complaintId } },
            headers: { 'idempotency-key': idempotencyKey },
            body: {
              teamOrganisationId: values.teamOrganisationId.trim(),
              assignedOn: values.assignedOn.format('YYYY-MM-DD'),
            },
          }),
        ),
      () => props.onAssigned(),
    )
  return (
    <Modal
      open={props.open}
      title={m.assignTitle}
      okText={m.assign}
      cancelText={m.cancel}
      confirmLoading={write.busy}
      onCancel={props.onClose}
      okButtonProps={{ htmlType: 'submit', form: 'assign-complaint' }}
      destroyOnHidden
    >
      {write.error !== undefined && (
        <Alert type="error" role="alert" showIcon description={problemText(write.error)} style={{ marginBottom: 12 }} />
      )}
      <Form
        id="assign-complaint"
        layout="vertical"
        initialValues={{ assignedOn: dayjs(chinaToday()) }}
        onFinish={submit}
      >
        <Form.Item label={m.teamOrganisationId} name="teamOrganisationId" rules={[{ required: true }]}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item label={m.assignedOn} name="assignedOn" rules={[{ required: true }]}>
          <DatePicker allowClear={false} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
