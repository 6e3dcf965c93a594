import { Alert, Button, Segmented, Space, Typography } from 'antd'
import { api } from '../api/client'
import { DayPicker } from '../DayPicker'
import { chinaToday } from '../format'
import { categoryLabel } from '../messages'
import { complaintIdColumn } from '../recordColumns'
import { RecordsTable } from '../RecordsTable'
import { useMessages } from '../session'
import { ComplaintStatusTags } from '../StatusTags'
import { useAddressFilters } from '../useAddressFilters'
import { ok, useQuery } from '../useQuery'

const views = ['due', 'ledger', 'all'] as const
type View = (typeof views)[number]

/** Complaints (投诉举报) of the team's region on a day: due for reply, on the ledger, or all. */
export default function Complaints() {
  const m = useMessages()
  const { params, set } = useAddressFilters()
  const on = params.get('on') ?? chinaToday()
  const view: View = (views as readonly string[]).includes(params.get('view') ?? '')
    ? (params.get('view') as View)
    : 'due'
  const after = params.get('after') ?? undefined
  const page = { on, limit: 100, ...(after ? { after } : {}) }
  const list = useQuery(`${view}:${JSON.stringify(page)}`, async () =>
    view === 'ledger'
      ? ok(await api.GET('/enforcement/complaints/ledger', { params: { query: page } }))
      : ok(
          await api.GET('/enforcement/complaints', {
            params: { query: { ...page, ...(view === 'due' ? { dueForReply: 'true' as const } : {}) } },
          }),
        ),
  )
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {m.complaintsTitle}
      </Typography.Title>
      <Space wrap>
        <label htmlFor="complaints-day">{m.day}</label>
        <DayPicker id="complaints-day" value={on} onChange={(day) => set('on', day)} />
        <Segmented
          aria-label={m.complaintsTitle}
          value={view}
          onChange={(value) => set('view', String(value))}
          options={views.map((v) => ({ value: v, label: m.complaintView[v] }))}
        />
      </Space>
      {list.error && <Alert type="error" showIcon title={m.loadFailed} description={list.error} />}
      <RecordsTable
        data-testid="complaints"
        loaded={list}
        rowKey="complaintId"
        columns={[
          complaintIdColumn(m, on),
          { title: m.region, dataIndex: 'region' },
          { title: m.receivedOn, dataIndex: 'receivedOn' },
          { title: m.replyDue, dataIndex: 'replyDue' },
          {
            title: m.status,
            key: 'status',
            render: (_, c) => <ComplaintStatusTags complaint={c} />,
          },
          { title: m.team, dataIndex: 'team', render: (team: string | null) => team ?? m.awaitingAssignment },
          { title: m.category, dataIndex: 'category', render: (code: string) => categoryLabel(m, code) },
          { title: m.channel, dataIndex: 'channel', render: (code: string) => m.channels[code] ?? code },
        ]}
      />
      <Space>
        <Button disabled={!after} onClick={() => set('after', undefined)}>
          {m.first}
        </Button>
        <Button disabled={!list.data?.next} onClick={() => set('after', list.data?.next)}>
          {m.next}
        </Button>
      </Space>
    </Space>
  )
}
