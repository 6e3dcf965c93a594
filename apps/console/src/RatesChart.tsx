import { useEffect, useRef } from 'react'
// Modular ECharts: only the bar chart, its components and the canvas renderer are bundled.
import * as echarts from 'echarts/core'
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

export interface RatesChartSeries {
  readonly name: string
  readonly values: readonly (number | null)[]
}

/** Rates (0-100 %) by county (one group of bars per county, one bar per rate), or by month (a line per rate). */
export default function RatesChart(props: {
  categories: readonly string[]
  series: readonly RatesChartSeries[]
  label: string
  kind?: 'bar' | 'line'
}) {
  const element = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!element.current) return
    const chart = echarts.init(element.current)
    chart.setOption({
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(1)}%` : '—') },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 40, right: 16, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: [...props.categories] },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: props.series.map((s) => ({
        name: s.name,
        type: props.kind ?? 'bar',
        connectNulls: true,
        data: s.values.map((v) => (v === null ? null : Math.round(v * 1000) / 10)),
      })),
    })
    const resize = () => chart.resize()
    window.addEventListener('resize', resize)
    return () => {
      window.removeEventListener('resize', resize)
      chart.dispose()
    }
  }, [props.categories, props.series, props.kind])
  return <div ref={element} role="img" aria-label={props.label} style={{ width: '100%', height: 320 }} />
}
