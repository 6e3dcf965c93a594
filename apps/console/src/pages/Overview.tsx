import { lazy, Suspense, useMemo } from 'react'
import { Link, useSearchParams } from 'react-router-dom'
import { Alert, Card, Col, Row, Space, Spin, Statistic, Table, Typography } from 'antd'
import { api } from '../api/client'
import { DayPicker } from '../DayPicker'
import { chinaToday, percent } from '../format'
import { caseStages, practices, type CaseStage, type Practice } from '../messages'
import { useLanguage, useMessages, useSession } from '../session'
import { ok, useQuery } from '../useQuery'

// ECharts (the largest library) loads after the figures, in its own chunk.
const RatesChart = lazy(() => import('../RatesChart'))

/** Open violations of the region on the day, counted by practice (every page of the list). */
async function openByPractice(on: string): Promise<{ counts: Record<Practice, number> }> {
  const counts = Object.fromEntries(practices.map((p) => [p, 0])) as Record<Practice, number>
  let after: string | undefined
  for (let page = 0; page < 20; page++) {
    const data = ok(
      await api.GET('/enforcement/violations', {
        params: { query: { on, status: 'open', limit: 500, ...(after ? { after } : {}) } },
      }),
    )
    for (const v of data.items) counts[v.category] += 1
    if (!data.next) break
    after = data.next
  }
  return { counts }
}

/** "n" or "n+" (more than one page of 500). */
const count = (page: { items: unknown[]; next?: string }) => `${page.items.length}${page.next ? '+' : ''}`

/** Penalty cases of the region on the day: by stage, and those past their decision due day. */
async function casesByStage(on: string) {
  const list = async (filter: { stage?: CaseStage; overdue?: 'true' }) =>
    count(ok(await api.GET('/enforcement/cases', { params: { query: { on, limit: 500, ...filter } } })))
  const [overdue, ...stages] = await Promise.all([
    list({ overdue: 'true' }),
    ...caseStages.map((stage) => list({ stage })),
  ])
  return { overdue: overdue ?? '0', stages: Object.fromEntries(caseStages.map((s, i) => [s, stages[i] ?? '0'])) }
}

/** Complaints of the region on the day: due for reply (overdue ones among them), on the ledger. */
async function complaintCounts(on: string) {
  const [due, ledger] = await Promise.all([
    api.GET('/enforcement/complaints', { params: { query: { on, dueForReply: 'true', limit: 500 } } }).then(ok),
    api.GET('/enforcement/complaints/ledger', { params: { query: { on, limit: 500 } } }).then(ok),
  ])
  return { due: count(due), replyOverdue: due.items.filter((c) => c.replyOverdue).length, ledger: count(ledger) }
}

/** The last day of each of the six months to `on` (`on` itself for its own month). */
function monthEnds(on: string): string[] {
  const [year, month] = on.split('-').map(Number) as [number, number]
  return Array.from({ length: 6 }, (_, i) => {
    const date = new Date(Date.UTC(year, month - 1 - (5 - i) + 1, 0))
    const day = date.toISOString().slice(0, 10)
    return day > on ? on : day
  })
}

/** The rates at each month end (one request a month, as the overview's own). */
async function ratesTrend(on: string) {
  const days = monthEnds(on)
  return Promise.all(
    days.map(async (day) => ({
      day,
      rates: ok(await api.GET('/enforcement/rates', { params: { query: { on: day } } })),
    })),
  )
}

export default function Overview() {
  const m = useMessages()
  const { language } = useLanguage()
  const { me } = useSession()
  const [params, setParams] = useSearchParams()
  const on = params.get('on') ?? chinaToday()
  const rates = useQuery(`rates:${on}`, async () =>
    ok(await api.GET('/enforcement/rates', { params: { query: { on } } })),
  )
  const open = useQuery(`open:${on}`, () => openByPractice(on))
  const overdue = useQuery(`overdue:${on}`, async () =>
    ok(
      await api.GET('/enforcement/rectification-orders', { params: { query: { on, status: 'overdue', limit: 500 } } }),
    ),
  )
  const cases = useQuery(`cases:${on}`, () => casesByStage(on))
  const complaints = useQuery(`complaints:${on}`, () => complaintCounts(on))
  const figures = useMemo(
    () =>
      rates.data
        ? [
            ...rates.data.rates.map((r) => ({ key: r.rate, ...r })),
            { key: 'statutory_inspection', rate: 'statutory_inspection', ...rates.data.statutoryInspection },
          ]
        : [],
    [rates.data],
  )
  // The trend starts once the day's rates have answered: the figures come first.
  const ratesReady = rates.data !== undefined
  const trend = useQuery(`trend:${on}:${ratesReady}`, async () => (ratesReady ? ratesTrend(on) : undefined))
  const trendChart = useMemo(() => {
    const months = trend.data ?? []
    const first = months[0]?.rates
    return {
      categories: months.map((t) => t.day.slice(0, 7)),
      series: [
        ...(first?.rates ?? []).map((r, i) => ({
          name: r.label[language],
          values: months.map((t) => t.rates.rates[i]?.value ?? null),
        })),
        {
          name: first?.statutoryInspection.label[language] ?? '',
          values: months.map((t) => t.rates.statutoryInspection.value),
        },
      ],
    }
  }, [trend.data, language])
  const chart = useMemo(() => {
    const breakdown = rates.data?.breakdown ?? []
    return {
      categories: breakdown.map((b) => b.region),
      series: [
        ...(rates.data?.rates ?? []).map((r, i) => ({
          name: r.label[language],
          values: breakdown.map((b) => b.rates[i]?.value ?? null),
        })),
        {
          name: rates.data?.statutoryInspection.label[language] ?? '',
          values: breakdown.map((b) => b.statutoryInspection.value),
        },
      ],
    }
  }, [rates.data, language])

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap align="center">
        <Typography.Title level={1} style={{ margin: 0, fontSize: 22 }}>
          {m.overviewTitle} · {me.region}
        </Typography.Title>
        <label htmlFor="day">{m.day}</label>
        <DayPicker value={on} onChange={(day) => setParams({ on: day })} />
      </Space>

      <section aria-labelledby="rates-title">
        <Typography.Title level={2} id="rates-title" style={{ fontSize: 18 }}>
          {m.ratesTitle}
        </Typography.Title>
        {rates.error && <Alert type="error" showIcon title={m.loadFailed} description={rates.error} />}
        {rates.loading && <Spin />}
        <Row gutter={[16, 16]}>
          {figures.map((f) => (
            <Col key={f.key} xs={24} sm={12} lg={8} xl={4}>
              <Card size="small" data-testid={`rate-${f.key}`}>
                <Link to={`/rates/${f.key}?on=${on}`}>
                  <Statistic title={f.label[language]} value={percent(f.value)} />
                </Link>
                <Typography.Text type="secondary">
                  {f.denominator ? `${f.numerator} / ${f.denominator}` : m.notCounted}
                  {f.shortfalls.length > 0 && ` · ${m.shortfalls} ${f.shortfalls.length}`}
                </Typography.Text>
              </Card>
            </Col>
          ))}
        </Row>
      </section>

      {rates.data && rates.data.breakdown.length > 0 && (
        <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{m.ratesByCounty}</h2>}>
          <Suspense fallback={<Spin />}>
            <RatesChart label={m.chartLabel} categories={chart.categories} series={chart.series} />
          </Suspense>
        </Card>
      )}

      {/* The chart's height reserved from the start: the trend comes last, and what is below must not move under a finger. */}
      <Card
        title={<h2 style={{ fontSize: 16, margin: 0 }}>{m.stats.ratesTrend}</h2>}
        data-testid="rates-trend"
        styles={{ body: { minHeight: 320 } }}
      >
        {trend.error && <Alert type="error" showIcon title={m.loadFailed} description={trend.error} />}
        {trend.loading && <Spin />}
        {trend.data && (
          <Suspense fallback={<Spin />}>
            <RatesChart
              kind="line"
              label={m.stats.trendChartLabel}
              categories={trendChart.categories}
              series={trendChart.series}
            />
          </Suspense>
        )}
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{m.openViolations}</h2>}>
            {open.error && <Alert type="error" showIcon title={m.loadFailed} description={open.error} />}
            <Table
              size="small"
              pagination={false}
              loading={open.loading}
              rowKey="practice"
              dataSource={practices.map((p) => ({ practice: p, count: open.data?.counts[p] ?? 0 }))}
              columns={[
                { title: m.practice, dataIndex: 'practice', render: (p: Practice) => m.practices[p] },
                {
                  title: m.statusOpen,
                  dataIndex: 'count',
                  align: 'right',
                  render: (count: number, row) => (
                    <Link
                      data-testid={`open-${row.practice}`}
                      to={`/violations?category=${row.practice}&status=open&on=${on}`}
                    >
                      {count}
                    </Link>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{m.overdueOrders}</h2>}>
            {overdue.error && <Alert type="error" showIcon title={m.loadFailed} description={overdue.error} />}
            <Link to={`/workbench?status=overdue&on=${on}`} data-testid="overdue-orders">
              <Statistic
                loading={overdue.loading}
                value={overdue.data ? `${overdue.data.items.length}${overdue.data.next ? '+' : ''}` : 0}
              />
            </Link>
          </Card>
        </Col>
      </Row>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{m.casesByStage}</h2>}>
            {cases.error && <Alert type="error" showIcon title={m.loadFailed} description={cases.error} />}
            <Table
              size="small"
              pagination={false}
              loading={cases.loading}
              rowKey="key"
              dataSource={[
                ...caseStages.map((stage) => ({
                  key: stage,
                  label: m.caseStage[stage],
                  count: cases.data?.stages[stage] ?? '0',
                  to: `/cases?stage=${stage}&on=${on}`,
                })),
                {
                  key: 'overdue',
                  label: m.overdueCases,
                  count: cases.data?.overdue ?? '0',
                  to: `/cases?overdue=true&on=${on}`,
                },
              ]}
              columns={[
                { title: m.stage, dataIndex: 'label' },
                {
                  title: m.casesTitle,
                  dataIndex: 'count',
                  align: 'right',
                  render: (value: string, row) => (
                    <Link data-testid={`cases-${row.key}`} to={row.to}>
                      {value}
                    </Link>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{m.complaintsTitle}</h2>}>
            {complaints.error && <Alert type="error" showIcon title={m.loadFailed} description={complaints.error} />}
            <Row gutter={16}>
              <Col span={12}>
                <Link to={`/complaints?view=due&on=${on}`} data-testid="complaints-due">
                  <Statistic
                    title={m.complaintsDueForReply}
                    loading={complaints.loading}
                    value={complaints.data?.due ?? 0}
                    suffix={
                      complaints.data?.replyOverdue ? (
                        <Typography.Text type="danger" style={{ fontSize: 14 }}>
                          {m.replyOverdue} {complaints.data.replyOverdue}
                        </Typography.Text>
                      ) : undefined
                    }
                  />
                </Link>
              </Col>
              <Col span={12}>
                <Link to={`/complaints?view=ledger&on=${on}`} data-testid="complaints-ledger">
                  <Statistic
                    title={m.complaintsOnLedger}
                    loading={complaints.loading}
                    value={complaints.data?.ledger ?? 0}
                  />
                </Link>
              </Col>
            </Row>
          </Card>
        </Col>
      </Row>
    </Space>
  )
}
