import { useState } from 'react'
import { Link, useParams, useSearchParams } from 'react-router-dom'
import {
  Alert,
  Button,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Space,
  Table,
  Tag,
  Typography,
  message,
} from 'antd'
import dayjs from 'dayjs'
import { api, problemText } from '../api/client'
import { chinaToday } from '../format'
import { categoryLabel } from '../messages'
import { useMessages, useSession } from '../session'
import { ok, useQuery } from '../useQuery'

/** One complaint on a day (the complainant in full to the receiving team only), its assignments, "assign". */
export default function Complaint() {
  const m = useMessages()
  const { me } = useSession()
  const { complaintId = '' } = useParams()
  const [params] = useSearchParams()
  const on = params.get('on') ?? chinaToday()
  const [assigning, setAssigning] = useState(false)
  const [refresh, setRefresh] = useState(0)
  const loaded = useQuery(`complaint:${complaintId}:${on}:${refresh}`, async () =>
    ok(await api.GET('/enforcement/complaints/{complaintId}', { params: { path: { complaintId }, query: { on } } })),
  )
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
              <Space size={4} wrap>
                <Tag>{m.complaintStatus[c.status]}</Tag>
                {c.replyOverdue && <Tag color="#a8071a">{m.replyOverdue}</Tag>}
                {c.ledger.map((reason) => (
                  <Tag key={reason} color="#ad4e00">
                    {m.ledgerReasons[reason] ?? reason}
                  </Tag>
                ))}
              </Space>
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
            <Space>
              <Button type="primary" onClick={() => setAssigning(true)}>
                {m.assign}
              </Button>
            </Space>
          )}
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
  const [error, setError] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID())
  const submit = async (values: { teamOrganisationId: string; assignedOn: dayjs.Dayjs }) => {
    setBusy(true)
    setError(undefined)
    try {
      ok(
        await api.POST('/enforcement/complaints/{complaintId}/assignment', {
          params: { path: { complaintId: props.complaintId } },
          headers: { 'idempotency-key': idempotencyKey },
          body: {
            teamOrganisationId: values.teamOrganisationId.trim(),
            assignedOn: values.assignedOn.format('YYYY-MM-DD'),
          },
        }),
      )
      setIdempotencyKey(crypto.randomUUID())
      props.onAssigned()
    } catch (caught) {
      setError(problemText(caught))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal
      open={props.open}
      title={m.assignTitle}
      okText={m.assign}
      cancelText={m.cancel}
      confirmLoading={busy}
      onCancel={props.onClose}
      okButtonProps={{ htmlType: 'submit', form: 'assign-complaint' }}
      destroyOnHidden
    >
      {error && <Alert type="error" role="alert" showIcon description={error} style={{ marginBottom: 12 }} />}
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
