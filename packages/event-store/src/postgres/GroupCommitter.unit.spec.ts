import t from 'tap'
import { GroupCommitter, type PendingRequest } from './GroupCommitter.ts'

t.test('with one group in flight, requests arriving meanwhile form the next group', async (t) => {
  const groups: number[][] = []
  const committer = new GroupCommitter<number, string>(
    async (group: PendingRequest<number, string>[]) => {
      groups.push(group.map((p) => p.request))
      await new Promise((resolve) => setTimeout(resolve, 10))
      for (const pending of group) pending.resolve(`done ${pending.request}`)
    },
    { maxInFlight: 1 },
  )
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

t.test('group size follows the queue: a lone request goes alone, a backlog is split over the free slots', async (t) => {
  const groups: number[][] = []
  let release: () => void = () => {}
  const gate = new Promise<void>((resolve) => (release = resolve))
  const committer = new GroupCommitter<number, number>(
    async (group) => {
      groups.push(group.map((p) => p.request))
      await gate
      for (const pending of group) pending.resolve(pending.request)
    },
    { maxInFlight: 3, maxGroupSize: 4 },
  )
  const first = committer.submit(0)
  t.same(groups, [[0]], 'a lone request is sent at once, alone')
  const rest = Array.from({ length: 14 }, (_, i) => committer.submit(i + 1))
  t.same(groups, [[0], [1], [2]], 'while slots are free, each arrival goes at once')
  release()
  t.same(
    await Promise.all([first, ...rest]),
    Array.from({ length: 15 }, (_, i) => i),
    'each caller gets its own result',
  )
  t.same(
    groups.slice(3).map((g) => g.length),
    [4, 4, 4],
    'the backlog of 12 went out in groups split over the freed slots, each capped at maxGroupSize',
  )
  t.same(
    groups.flat(),
    Array.from({ length: 15 }, (_, i) => i),
    'every request once, in arrival order',
  )
})
