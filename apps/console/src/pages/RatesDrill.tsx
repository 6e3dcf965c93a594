import { Link, useParams, useSearchParams } from 'react-router-dom'
import { Alert, Space, Table, Typography } from 'antd'
import { api } from '../api/client'
import { chinaToday, percent } from '../format'
import { useLanguage, useMessages } from '../session'
import { ok, useQuery } from '../useQuery'

/** One rate of the region on a day: the figure, by county, and the pipelines short of it. */
export default function RatesDrill() {
  const m = useMessages()
  const { language } = useLanguage()
  const { rate = '' } = useParams()
  const [params] = useSearchParams()
  const on = params.get('on') ?? chinaToday()
  const rates = useQuery(`rates:${on}`, async () =>
    ok(await api.GET('/enforcement/rates', { params: { query: { on } } })),
  )
  const pick = (figures: NonNullable<typeof rates.data>) =>
    rate === 'statutory_inspection' ? figures.statutoryInspection : figures.rates.find((r) => r.rate === rate)
  const figure = rates.data ? pick(rates.data) : undefined
  const counties = rates.data?.breakdown.map((b) => ({ region: b.region, figure: pick(b as typeof rates.data) })) ?? []
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Link to={`/overview?on=${on}`}>← {m.backToOverview}</Link>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {m.drillTitle}: {figure?.label[language] ?? rate} · {on} · {percent(figure?.value)}
      </Typography.Title>
      {rates.error && <Alert type="error" showIcon title={m.loadFailed} description={rates.error} />}
      <Table
        size="small"
        loading={rates.loading}
        rowKey="region"
        pagination={false}
        dataSource={counties}
        columns={[
          { title: m.region, dataIndex: 'region' },
          {
            title: m.rate,
            key: 'value',
            align: 'right',
            render: (_, row) =>
              `${percent(row.figure?.value)} (${row.figure?.numerator ?? 0} / ${row.figure?.denominator ?? 0})`,
          },
          {
            title: m.shortfalls,
            key: 'shortfalls',
            align: 'right',
            render: (_, row) => row.figure?.shortfalls.length ?? 0,
          },
        ]}
      />
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {m.shortfalls} ({figure?.shortfalls.length ?? 0})
      </Typography.Title>
      <Table
        data-testid="shortfalls"
        size="small"
        loading={rates.loading}
        rowKey={(s) => `${s.pipelineId}:${s.reason}`}
        dataSource={figure?.shortfalls ?? []}
        scroll={{ x: true }}
        columns={[
          { title: m.pipeline, dataIndex: 'pipelineId' },
          { title: m.region, dataIndex: 'region' },
          {
            title: m.organisation,
            key: 'organisation',
            render: (_, s) => (
              <Link to={`/violations?organisationId=${encodeURIComponent(s.organisationId)}&on=${on}`}>
                {s.organisationName ?? s.organisationId}
              </Link>
            ),
          },
          { title: m.reason, dataIndex: 'reason' },
        ]}
      />
    </Space>
  )
}
