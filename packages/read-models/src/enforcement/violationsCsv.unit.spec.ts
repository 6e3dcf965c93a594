import t from 'tap'
import type { ViolationRecord } from './listViolations.ts'
import { decodeCursor, encodeCursor } from './listViolations.ts'
import { violationsCsv } from './violationsCsv.ts'

const row: ViolationRecord = {
  id: 'noncompliant_cylinder_filled:refurbished:fill:f1',
  category: 'noncompliant_cylinder_filled',
  sub_reason: 'refurbished',
  subject_kind: 'fill',
  subject_id: 'f1',
  organisation_id: '=HYPERLINK("x"),evil',
  region: '330106',
  occurred_at: new Date('2025-04-03T02:30:00Z'),
  occurred_on: '2025-04-03',
  detected_at: new Date('2025-04-03T02:31:00Z'),
  evidence: [
    { eventId: 'e1', streamName: 'fill-f1', revision: 0, type: 'CylinderFilled' },
    { eventId: 'e2', streamName: 'cylinder-C', revision: 0, type: 'CylinderRegistered' },
  ],
  details: {},
  status: 'open',
  cure_key: null,
  resolved_by_event_id: null,
  resolved_at: null,
}

t.test('RFC 4180 rows with CRLF; formulas neutralised and quoted; evidence ids joined', async (t) => {
  const csv = violationsCsv([row])
  const lines = csv.split('\r\n')
  t.equal(lines.length, 3, 'header, one row, trailing empty')
  t.equal(
    lines[1],
    'noncompliant_cylinder_filled:refurbished:fill:f1,noncompliant_cylinder_filled,refurbished,fill,f1,"\'=HYPERLINK(""x""),evil",330106,2025-04-03T02:30:00.000Z,2025-04-03T02:31:00.000Z,open,,,e1 e2',
  )
  t.equal(violationsCsv([row], false).split('\r\n').length, 2, 'no header on continuation chunks')
})

t.test('cursors round-trip; garbage is refused', async (t) => {
  t.same(decodeCursor(encodeCursor(row)), ['2025-04-03T02:30:00.000Z', row.id])
  t.equal(decodeCursor('garbage'), undefined)
  t.equal(decodeCursor(Buffer.from('[1,2]').toString('base64url')), undefined)
})
