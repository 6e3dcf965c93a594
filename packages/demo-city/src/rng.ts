import { addDays } from '@gsr/domain'

/** The seeded PRNG lives in the domain (a random inspection plan's draw uses it too). */
export { createRng, type Rng } from '@gsr/domain'

export function daysOfYear(year: number): string[] {
  const days: string[] = []
  for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) days.push(d)
  return days
}
