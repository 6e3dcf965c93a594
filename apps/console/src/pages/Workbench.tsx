import { useState } from 'react'
import { Link, useNavigate } from 'react-router-dom'
import { Alert, Button, Select, Space, Tag, Typography, message } from 'antd'
import { api } from '../api/client'
import { DayPicker } from '../DayPicker'
import { chinaToday } from '../format'
import { IssueOrder } from '../IssueOrder'
import type { OrderStatus } from '../messages'
import { OpenCase } from '../OpenCase'
import { organisationColumn } from '../recordColumns'
import { RecordsTable } from '../RecordsTable'
import { OrderStatusTags } from '../StatusTags'
import { useMessages, useSession } from '../session'
import { useAddressFilters } from '../useAddressFilters'
import { ok, useQuery } from '../useQuery'
import { WorkbenchNav } from '../WorkbenchNav'

const statuses: OrderStatus[] = ['open', 'overdue', 'issued', 'delivered', 'rectified', 'not_rectified']

/** The team's rectification orders on a day, and issuing one for a violation. */
export default function Workbench() {
  const m = useMessages()
  const { me } = useSession()
  const { params, set } = useAddressFilters()
  const [issuing, setIssuing] = useState(false)
  const navigate = useNavigate()
  const [escalating, setEscalating] = useState<{ id: string; region: string; organisationId: string }>()
  const [refresh, setRefresh] = useState(0)
  const on = params.get('on') ?? chinaToday()
  const status = (params.get('status') ?? undefined) as OrderStatus | undefined
  const organisationId = params.get('organisationId') ?? undefined
  const query = { on, limit: 200, ...(status ? { status } : {}), ...(organisationId ? { organisationId } : {}) }
  const orders = useQuery(`${JSON.stringify(query)}:${refresh}`, async () =>
    ok(await api.GET('/enforcement/rectification-orders', { params: { query } })),
  )
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <WorkbenchNav />
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {m.workbenchTitle}
      </Typography.Title>
      <Space wrap>
        <label htmlFor="workbench-day">{m.day}</label>
        <DayPicker id="workbench-day" value={on} onChange={(day) => set('on', day)} />
        <Select
          aria-label={m.status}
          allowClear
          placeholder={m.allStatuses}
          style={{ minWidth: 140 }}
          value={status}
          onChange={(value?: string) => set('status', value)}
          options={statuses.map((s) => ({ value: s, label: m.orderStatus[s] }))}
        />
        {organisationId && (
          <Tag closable onClose={() => set('organisationId', undefined)}>
            {m.organisation}: {organisationId}
          </Tag>
        )}
        {me.role !== 'viewer' && (
          <Button type="primary" onClick={() => setIssuing(true)}>
            {m.issueOrder}
          </Button>
        )}
      </Space>
      {orders.error && <Alert type="error" showIcon title={m.loadFailed} description={orders.error} />}
      <RecordsTable
        data-testid="orders"
        loaded={orders}
        rowKey="orderId"
        columns={[
          { title: m.orderId, dataIndex: 'orderId' },
          organisationColumn(m),
          { title: m.region, dataIndex: 'region' },
          { title: m.issuedOn, dataIndex: 'issuedOn' },
          { title: m.deadline, dataIndex: 'deadline' },
          {
            title: m.status,
            key: 'status',
            render: (_, o) => <OrderStatusTags order={o} />,
          },
          {
            title: m.problems,
            key: 'problems',
            render: (_, o) =>
              o.problems.map((p) =>
                p.source === 'violation' ? (
                  <div key={p.id}>
                    <Link to={`/violations/${encodeURIComponent(p.id)}`}>{p.category}</Link>
                  </div>
                ) : (
                  <div key={p.id}>{p.category}</div>
                ),
              ),
          },
          ...(me.role === 'viewer'
            ? []
            : [
                {
                  title: m.actions,
                  key: 'actions',
                  render: (
                    _: unknown,
                    o: { orderId: string; status: OrderStatus; region: string; organisationId: string },
                  ) =>
                    o.status === 'not_rectified' && (
                      <Button
                        size="small"
                        onClick={() =>
                          setEscalating({ id: o.orderId, region: o.region, organisationId: o.organisationId })
                        }
                      >
                        {m.openCase}
                      </Button>
                    ),
                },
              ]),
        ]}
      />
      {escalating && (
        <OpenCase
          open
          from={{ source: 'rectification_order', ...escalating }}
          onClose={() => setEscalating(undefined)}
          onOpened={(caseId) => {
            setEscalating(undefined)
            void message.success(`${m.caseOpenedMessage} ${caseId}`)
            navigate(`/cases?organisationId=${encodeURIComponent(escalating.organisationId)}`)
          }}
        />
      )}
      <IssueOrder
        open={issuing}
        onClose={() => setIssuing(false)}
        onIssued={(orderId) => {
          setIssuing(false)
          void message.success(`${m.issued} ${orderId}`)
          setRefresh((n) => n + 1)
        }}
      />
    </Space>
  )
}
