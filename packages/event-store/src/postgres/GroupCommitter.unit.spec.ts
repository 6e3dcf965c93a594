import t from 'tap'
import { GroupCommitter, type PendingRequest } from './GroupCommitter.ts'

t.test('requests arriving while a group is in flight form the next group', async (t) => {
  const groups: number[][] = []
  const committer = new GroupCommitter<number, string>(async (group: PendingRequest<number, string>[]) => {
    groups.push(group.map((p) => p.request))
    await new Promise((resolve) => setTimeout(resolve, 10))
    for (const pending of group) pending.resolve(`done ${pending.request}`)
  })
  const results = await Promise.all([1, 2, 3, 4].map((n) => committer.submit(n)))
  t.same(results, ['done 1', 'done 2', 'done 3', 'done 4'], 'each caller gets its own result')
  t.same(groups, [[1], [2, 3, 4]], 'the first starts at once, the rest share the next group')
})

t.test('groups are capped, several may be in flight, and a failing flush rejects its group only', async (t) => {
  let inFlight = 0
  let maxSeen = 0
  const committer = new GroupCommitter<number, number>(
    async (group) => {
      inFlight++
      maxSeen = Math.max(maxSeen, inFlight)
      await new Promise((resolve) => setTimeout(resolve, 5))
      inFlight--
      if (group.some((p) => p.request === 3)) throw new Error('group failed')
      for (const pending of group) pending.resolve(pending.request * 10)
    },
    { maxInFlight: 2, maxGroupSize: 2 },
  )
  const outcomes = await Promise.allSettled([1, 2, 3, 4, 5, 6].map((n) => committer.submit(n)))
  t.equal(maxSeen, 2, 'two groups in flight at most')
  t.same(
    outcomes.map((o) => (o.status === 'fulfilled' ? o.value : 'rejected')),
    [10, 20, 'rejected', 'rejected', 50, 60],
  )
})
