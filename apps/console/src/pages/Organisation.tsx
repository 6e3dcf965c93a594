import { Link, useParams, useSearchParams } from 'react-router-dom'
import { Alert, Descriptions, Space, Table, Tag, Typography } from 'antd'
import { api } from '../api/client'
import { chinaToday } from '../format'
import type { Practice } from '../messages'
import { OrganisationRecords } from '../OrganisationRecords'
import { useMessages } from '../session'
import { ok, useQuery } from '../useQuery'

/** One organisation on a day: its open violations by practice, late reports and risk grade. */
export default function Organisation() {
  const m = useMessages()
  const { organisationId = '' } = useParams()
  const [params] = useSearchParams()
  const on = params.get('on') ?? chinaToday()
  const summary = useQuery(`organisation:${organisationId}:${on}`, async () =>
    ok(
      await api.GET('/enforcement/organisations/{organisationId}/summary', {
        params: { path: { organisationId }, query: { on } },
      }),
    ),
  )
  const s = summary.data
  const list = (extra: string) => `/violations?organisationId=${encodeURIComponent(organisationId)}&on=${on}${extra}`
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {m.organisationTitle}: {s?.name ?? organisationId}
      </Typography.Title>
      {summary.error && <Alert type="error" showIcon title={m.loadFailed} description={summary.error} />}
      {s && (
        <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={m.organisationId}>{s.organisationId}</Descriptions.Item>
          <Descriptions.Item label={m.day}>{s.on}</Descriptions.Item>
          <Descriptions.Item label={m.statusOpen}>
            <Link to={list('&status=open')}>{s.openViolations}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={m.riskGrade}>
            <Tag color={s.risk.grade <= 'B' ? '#135200' : '#a8071a'}>{s.risk.grade}</Tag> {m.riskScore} {s.risk.score}
          </Descriptions.Item>
          <Descriptions.Item label={m.lateFacts}>{s.lateReported.facts}</Descriptions.Item>
          <Descriptions.Item label={m.maxDelayDays}>{s.lateReported.maxDelayDays}</Descriptions.Item>
          <Descriptions.Item label={m.period}>
            {s.window.from} – {s.window.to}
          </Descriptions.Item>
        </Descriptions>
      )}
      <Table
        size="small"
        rowKey="category"
        loading={summary.loading}
        pagination={false}
        dataSource={s?.byCategory ?? []}
        columns={[
          { title: m.practice, dataIndex: 'category', render: (c: Practice) => m.practices[c] },
          {
            title: m.statusOpen,
            dataIndex: 'open',
            align: 'right',
            render: (n: number, row) => <Link to={list(`&status=open&category=${row.category}`)}>{n}</Link>,
          },
          {
            title: m.statusResolved,
            dataIndex: 'resolved',
            align: 'right',
            render: (n: number, row) => <Link to={list(`&status=resolved&category=${row.category}`)}>{n}</Link>,
          },
        ]}
      />
      {s && <OrganisationRecords organisationId={s.organisationId} on={on} />}
    </Space>
  )
}
