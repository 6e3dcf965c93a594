import t from 'tap'
import { violationId } from './ViolationFinding.ts'

const finding = {
  category: 'equipment_unregistered_or_uninspected',
  subReason: 'inspection_overdue',
  subjectKind: 'equipment',
} as const

t.test('ids of catalogue codes stay as they were', async (t) => {
  t.equal(
    violationId({ ...finding, subjectId: 'EQ-1@2025-03-01' }),
    'equipment_unregistered_or_uninspected:inspection_overdue:equipment:EQ-1@2025-03-01',
  )
})

t.test('any other character is escaped: the id is a URL path segment as it is', async (t) => {
  const id = violationId({ ...finding, subjectId: '杭州/锅炉 1?#%~:x@2025-03-01' })
  t.match(id, /^[A-Za-z0-9_.@~:-]+$/)
  t.equal(encodeURIComponent(id).replaceAll('%3A', ':').replaceAll('%40', '@'), id, 'nothing to percent-encode')
  t.not(
    violationId({ ...finding, subjectId: '~2F' }),
    violationId({ ...finding, subjectId: '/' }),
    'an escape never meets a raw subject id',
  )
  t.equal(violationId({ ...finding, subjectId: 'a:b' }).split(':').length, 4, 'a colon in a subject id is escaped')
})
