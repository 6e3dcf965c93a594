import type { Test } from 'tap'
import type { TestDatabase } from '@gsr/db/testing'
import { createPostgresEventStore } from '@gsr/event-store'
import { fixedClock } from '@gsr/domain'
import { identity } from '@gsr/http-kit'
import { callsAs, catchUpProjections, createTestApp, credentialFor } from '@gsr/http-kit/testing'
import { appendVisibly, enforcementScenario } from '@gsr/read-models/testing'
import { enforcementService } from '../enforcementService.ts'

/**
 * What the workflow specs (orders, cases) start from: the worked scenario in two counties
 * (330106 with its `a-` organisations, 330108 with `b-`), projected, on an app whose clock stands
 * at 2025-06-30 noon China time; the stations in the directory; a caller of each kind that acts
 * on the workflows; the violations of `a-station-1` and one of `b-station-1`, as the city sees them.
 */
export async function twoCounties(t: Test, db: TestDatabase) {
  const eventStore = createPostgresEventStore(db.client)
  const app = await createTestApp([enforcementService], {
    db,
    eventStore,
    clock: fixedClock('2025-06-30T12:00:00+08:00'),
  })
  t.teardown(() => app.close())
  await appendVisibly(eventStore, [...enforcementScenario('330106', 'a-'), ...enforcementScenario('330108', 'b-')])
  await catchUpProjections(app)
  for (const [id, region] of [
    ['a-station-1', '330106'],
    ['a-user-9', '330106'],
    ['b-station-1', '330108'],
  ] as const)
    await identity.createOrganisation(db.client, { id, kind: 'filling_station', name: `加气站 ${id}`, region })

  const callers = {
    team: await credentialFor(app, { kind: 'enforcement', region: '330106', role: 'operator' }),
    lead: await credentialFor(app, { kind: 'enforcement', region: '330106', role: 'admin' }),
    viewer: await credentialFor(app, { kind: 'enforcement', region: '330106', role: 'viewer' }),
    otherCounty: await credentialFor(app, { kind: 'enforcement', region: '330108' }),
    city: await credentialFor(app, { kind: 'enforcement', region: '330100' }),
    stationA: await credentialFor(app, { kind: 'filling_station', organisationId: 'a-station-1' }),
    stationB: await credentialFor(app, { kind: 'filling_station', organisationId: 'b-station-1' }),
    agency: await credentialFor(app, { kind: 'inspection_agency', region: '330100' }),
  }
  const { get, post } = callsAs(app)
  const violationsOfA = (await get(callers.city, '/enforcement/violations?organisationId=a-station-1&limit=500')).json()
    .items as { id: string; category: string }[]
  const violationOfB: string = (await get(callers.city, '/enforcement/violations?organisationId=b-station-1')).json()
    .items[0].id
  return { app, eventStore, get, post, ...callers, violationsOfA, violationOfB }
}
