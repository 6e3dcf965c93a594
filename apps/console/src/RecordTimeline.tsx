import type { ReactNode } from 'react'
import { Timeline, Typography } from 'antd'

/** One dated entry of a record's history; `testId` names it for the page (`testIdPrefix-testId`). */
export interface TimelineEntry {
  readonly day: string
  readonly label: string
  readonly detail?: ReactNode
  readonly testId: string
}

/** A record's history (a case, a complaint) under its heading, oldest first. */
export function RecordTimeline(props: {
  title: string
  testId: string
  testIdPrefix: string
  entries: readonly TimelineEntry[]
}) {
  const entries = [...props.entries].sort((a, b) => a.day.localeCompare(b.day))
  return (
    <>
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {props.title}
      </Typography.Title>
      <section aria-label={props.title} data-testid={props.testId}>
        <Timeline
          items={entries.map((s) => ({
            key: s.testId,
            children: (
              <div data-testid={`${props.testIdPrefix}-${s.testId}`}>
                <Typography.Text strong>{s.label}</Typography.Text> · {s.day}
                {s.detail && <div>{s.detail}</div>}
              </div>
            ),
          }))}
        />
      </section>
    </>
  )
}
