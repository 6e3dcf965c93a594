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
  resolved_by_event_type: null,
  resolved_at: null,
  resolved_on: null,
}

t.test('RFC 4180 rows with CRLF; formulas neutralised and quoted; evidence ids joined', async (t) => {
  const csv = violationsCsv([row])
  const lines = csv.split('\r\n')
  t.equal(lines.length, 3, 'header, one row, trailing empty')
  t.equal(
    lines[0],
    'id,category,category_label,sub_reason,sub_reason_label,subject_kind,subject_id,organisation_id,region,occurred_at,detected_at,status,resolved_by_event_id,resolved_by_event_type,resolved_at,resolved_on,evidence_event_ids',
  )
  t.equal(
    lines[1],
    'noncompliant_cylinder_filled:refurbished:fill:f1,noncompliant_cylinder_filled,non-compliant cylinder filled,refurbished,refurbished cylinder,fill,f1,"\'=HYPERLINK(""x""),evil",330106,2025-04-03T02:30:00.000Z,2025-04-03T02:31:00.000Z,open,,,,,e1 e2',
  )
  t.equal(violationsCsv([row], { header: false }).split('\r\n').length, 2, 'no header on continuation chunks')
})

t.test('every formula trigger is neutralised: = + - @ and a leading TAB or CR', async (t) => {
  for (const lead of ['=', '+', '-', '@', '\t', '\r']) {
    const value = `${lead}cmd|' /C calc'!A0`
    const csv = violationsCsv([{ ...row, organisation_id: value }], { header: false })
    // The organisation cell follows the subject id; quoted or not, its text starts with a quote mark.
    const cell = csv.slice(csv.indexOf(',f1,') + ',f1,'.length)
    t.match(cell, /^"?'/, `${JSON.stringify(lead)} is prefixed with a quote mark`)
    t.ok(csv.includes(`'${value.replaceAll('"', '""')}`), `${JSON.stringify(lead)}: the value is kept whole after it`)
  }
  const inside = violationsCsv([{ ...row, organisation_id: 'plain\tinside' }], { header: false })
  t.ok(inside.includes(',plain\tinside,'), 'a TAB inside a value is left alone')
})

t.test('in Chinese: header and labels translated, codes and values unchanged', async (t) => {
  const [header, line] = violationsCsv([row], { language: 'zh-CN' }).split('\r\n')
  t.equal(
    header,
    '编号,违法类别代码,违法类别,具体情形代码,具体情形,对象类型,对象编号,单位编号,行政区划代码,发生时间,发现时间,状态,纠正事件编号,纠正事件类型,纠正记录时间,纠正日期,证据事件编号',
  )
  t.match(
    line,
    /^noncompliant_cylinder_filled:refurbished:fill:f1,noncompliant_cylinder_filled,充装不符合要求气瓶,refurbished,翻新气瓶,fill,f1,/,
  )
})

t.test('cursors round-trip; garbage is refused', async (t) => {
  t.same(decodeCursor(encodeCursor(row)), ['2025-04-03T02:30:00.000Z', row.id])
  t.equal(decodeCursor('garbage'), undefined)
  t.equal(decodeCursor(Buffer.from('[1,2]').toString('base64url')), undefined)
})
