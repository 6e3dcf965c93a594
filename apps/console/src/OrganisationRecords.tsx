import { useState, type ReactNode } from 'react'
import { Link } from 'react-router-dom'
import { Alert, Button, Card, Col, Row, Space, Tag } from 'antd'
import { api } from './api/client'
import { formatChinaTime } from './format'
import { categoryLabel, type Messages, type Practice } from './messages'
import { caseIdColumn, complaintIdColumn } from './recordColumns'
import { RecordsTable, type RecordsTableProps } from './RecordsTable'
import { OrderStatusTags } from './StatusTags'
import { useMessages } from './session'
import { ok, useQuery } from './useQuery'

/** A section of the organisation page: its heading (level 2), a link to the whole list, the first rows. */
function Section<T extends object>(
  props: { heading: string; testId: string; more?: string; children?: ReactNode } & RecordsTableProps<T>,
) {
  const m = useMessages()
  const { heading, testId, more, children, ...table } = props
  return (
    <Card
      data-testid={testId}
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{heading}</h2>}
      extra={more && <Link to={more}>{m.org.viewAll}</Link>}
    >
      {table.loaded.error && <Alert type="error" showIcon title={m.loadFailed} description={table.loaded.error} />}
      <RecordsTable {...table} />
      {children}
    </Card>
  )
}

/** Why a cylinder is the organisation's: owned, registered by it (a station), or entrusted to it. */
function cylinderRole(
  c: { ownerOrganisationId: string; stationId: string },
  organisationId: string,
  m: Messages,
): string {
  if (c.ownerOrganisationId === organisationId) return m.org.cylinderRoles.owned
  if (c.stationId === organisationId) return m.org.cylinderRoles.registered
  return m.org.cylinderRoles.entrusted
}

const dueColour = (state: string) => (state === 'overdue' ? '#a8071a' : state === 'due' ? '#ad4e00' : '#135200')

/** The next statutory inspection of equipment and pipelines alike: its day and how due it is. */
const dueColumns = (m: Messages) => [
  { title: m.org.nextDue, dataIndex: 'nextDueDate', render: (d: string | null) => d ?? '—' },
  {
    title: m.org.dueState,
    dataIndex: 'dueState',
    render: (s: string) => <Tag color={dueColour(s)}>{m.org.dueStates[s] ?? s}</Tag>,
  },
]

/**
 * An organisation's records through the existing lists, filtered by it: its equipment and
 * pipelines, its cylinders (owned, registered or entrusted; cursor pages), the fills of the day
 * (filling stations), its violations, rectification orders and
 * penalty cases; complaints about it among the region's latest 500 (the complaints list has no
 * organisation filter).
 */
export function OrganisationRecords(props: { organisationId: string; on: string }) {
  const m = useMessages()
  const { organisationId, on } = props
  const key = `${organisationId}:${on}`
  const equipment = useQuery(`equipment:${key}`, async () =>
    ok(await api.GET('/equipment', { params: { query: { organisationId, limit: 50 } } })),
  )
  const pipelines = useQuery(`pipelines:${key}`, async () =>
    ok(await api.GET('/pipelines', { params: { query: { organisationId, limit: 50 } } })),
  )
  const [cylindersAfter, setCylindersAfter] = useState<string | undefined>()
  const cylinders = useQuery(`cylinders:${organisationId}:${cylindersAfter ?? ''}`, async () =>
    ok(
      await api.GET('/cylinders', {
        params: { query: { organisationId, limit: 20, ...(cylindersAfter ? { after: cylindersAfter } : {}) } },
      }),
    ),
  )
  const fills = useQuery(`fills:${key}`, async () =>
    ok(await api.GET('/fills', { params: { query: { stationId: organisationId, date: on, limit: 50 } } })),
  )
  const violations = useQuery(`violations:${key}`, async () =>
    ok(await api.GET('/enforcement/violations', { params: { query: { organisationId, on, limit: 20 } } })),
  )
  const orders = useQuery(`orders:${key}`, async () =>
    ok(await api.GET('/enforcement/rectification-orders', { params: { query: { organisationId, on, limit: 20 } } })),
  )
  const cases = useQuery(`cases:${key}`, async () =>
    ok(await api.GET('/enforcement/cases', { params: { query: { organisationId, on, limit: 20 } } })),
  )
  const complaints = useQuery(`complaints:${key}`, async () => {
    const page = ok(await api.GET('/enforcement/complaints', { params: { query: { on, limit: 500 } } }))
    return { items: page.items.filter((c) => c.subject.organisationId === organisationId) }
  })
  const q = `organisationId=${encodeURIComponent(organisationId)}&on=${on}`
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <Section
          heading={m.org.equipment}
          testId="org-equipment"
          loaded={equipment}
          rowKey="registrationCode"
          columns={[
            { title: m.org.registrationCode, dataIndex: 'registrationCode' },
            {
              title: m.org.equipmentCategory,
              dataIndex: 'category',
              render: (c: string) => m.org.equipmentCategories[c] ?? c,
            },
            {
              title: m.org.equipmentStatus,
              dataIndex: 'status',
              render: (s: string) => m.org.equipmentStatuses[s] ?? s,
            },
            ...dueColumns(m),
          ]}
        />
      </Col>
      <Col xs={24} xl={12}>
        <Section
          heading={m.org.pipelines}
          testId="org-pipelines"
          loaded={pipelines}
          rowKey="pipelineId"
          columns={[
            { title: m.org.pipelineId, dataIndex: 'pipelineId' },
            { title: m.org.pipelineName, dataIndex: 'name', render: (n: string | null) => n ?? '—' },
            { title: m.region, dataIndex: 'region' },
            ...dueColumns(m),
          ]}
        />
      </Col>
      <Col xs={24}>
        <Section
          heading={m.org.cylinders}
          testId="org-cylinders"
          loaded={cylinders}
          rowKey="code"
          locale={{ emptyText: <span className="empty-text">{m.org.noCylinders}</span> }}
          columns={[
            { title: m.org.cylinderCode, dataIndex: 'code' },
            { title: m.org.gas, dataIndex: 'gas' },
            { title: m.org.cylinderRole, key: 'role', render: (_, c) => cylinderRole(c, organisationId, m) },
            { title: m.org.nextInspection, dataIndex: 'nextInspectionDate' },
            {
              title: m.org.cylinderState,
              key: 'state',
              render: (_, c) =>
                c.scrappedOn ? (
                  <Tag>{m.org.scrapped}</Tag>
                ) : (
                  <Tag color={c.nextInspectionDate < on ? '#a8071a' : '#135200'}>
                    {c.nextInspectionDate < on ? m.org.dueStates.overdue : m.org.inService}
                  </Tag>
                ),
            },
          ]}
        >
          <Space style={{ marginTop: 8 }}>
            {cylindersAfter && <Button onClick={() => setCylindersAfter(undefined)}>{m.first}</Button>}
            {cylinders.data?.next && <Button onClick={() => setCylindersAfter(cylinders.data?.next)}>{m.next}</Button>}
          </Space>
        </Section>
      </Col>
      <Col xs={24}>
        <Section
          heading={`${m.org.fills} · ${on}`}
          testId="org-fills"
          loaded={fills}
          rowKey="fillId"
          locale={{ emptyText: <span className="empty-text">{m.org.fillsHelp}</span> }}
          columns={[
            { title: m.org.cylinderCode, dataIndex: 'cylinderCode' },
            { title: m.org.filledAt, dataIndex: 'filledAt', render: formatChinaTime },
            { title: m.org.gas, dataIndex: 'gas' },
            { title: m.org.quantityKg, dataIndex: 'quantityKg', align: 'right' },
          ]}
        />
      </Col>
      <Col xs={24} xl={12}>
        <Section
          heading={m.org.violations}
          testId="org-violations"
          more={`/violations?${q}`}
          loaded={violations}
          rowKey="id"
          columns={[
            {
              title: m.practice,
              dataIndex: 'category',
              render: (c: Practice, v) => <Link to={`/violations/${encodeURIComponent(v.id)}`}>{m.practices[c]}</Link>,
            },
            { title: m.occurredAt, dataIndex: 'occurredAt', render: formatChinaTime },
            {
              title: m.status,
              dataIndex: 'status',
              render: (s: string) =>
                s === 'open' ? (
                  <Tag color="#a8071a">{m.statusOpen}</Tag>
                ) : (
                  <Tag color="#135200">{m.statusResolved}</Tag>
                ),
            },
          ]}
        />
      </Col>
      <Col xs={24} xl={12}>
        <Section
          heading={m.org.orders}
          testId="org-orders"
          more={`/workbench?${q}`}
          loaded={orders}
          rowKey="orderId"
          columns={[
            { title: m.orderId, dataIndex: 'orderId' },
            { title: m.issuedOn, dataIndex: 'issuedOn' },
            { title: m.deadline, dataIndex: 'deadline' },
            {
              title: m.status,
              key: 'status',
              render: (_, o) => <OrderStatusTags order={o} />,
            },
          ]}
        />
      </Col>
      <Col xs={24} xl={12}>
        <Section
          heading={m.org.cases}
          testId="org-cases"
          more={`/cases?${q}`}
          loaded={cases}
          rowKey="caseId"
          columns={[
            caseIdColumn(m, on),
            { title: m.openedOn, dataIndex: 'openedOn' },
            { title: m.stage, dataIndex: 'stage', render: (s: keyof typeof m.caseStage) => m.caseStage[s] },
          ]}
        />
      </Col>
      <Col xs={24} xl={12}>
        <Section
          heading={m.org.complaints}
          testId="org-complaints"
          loaded={complaints}
          rowKey="complaintId"
          columns={[
            complaintIdColumn(m, on),
            { title: m.receivedOn, dataIndex: 'receivedOn' },
            { title: m.category, dataIndex: 'category', render: (c: string) => categoryLabel(m, c) },
            {
              title: m.status,
              dataIndex: 'status',
              render: (s: keyof typeof m.complaintStatus) => m.complaintStatus[s],
            },
          ]}
        />
      </Col>
    </Row>
  )
}
