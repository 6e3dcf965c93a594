import type { Test } from 'tap'
import type { TestDatabase } from '@gsr/db/testing'
import { createPostgresEventStore } from '@gsr/event-store'
import { fixedClock } from '@gsr/domain'
import { identity } from '@gsr/http-kit'
import { callsAs, catchUpProjections, createTestApp, credentialFor } from '@gsr/http-kit/testing'
import { appendVisibly, enforcementScenario } from '@gsr/read-models/testing'
import { enforcementService } from '../enforcementService.ts'

/** An organisation the directory holds: its id, its kind, the region it is seated in. */
export type DirectoryEntry = readonly [
  id: string,
  kind: 'filling_station' | 'equipment_user' | 'certification_body',
  region: string,
]

/**
 * What the enforcement specs start from: the worked scenario in two counties (330106 with its
 * `a-` organisations, 330108 with `b-`), projected, on an app whose clock stands at 2025-06-30
 * noon China time; in the directory (named `加气站 <id>`) the two stations, the equipment user
 * `a-user-9` and the spec's `more`; a caller of each kind that acts on the workflows; the
 * violations of `a-station-1` and one of `b-station-1`, as the city sees them.
 */
export async function twoCounties(t: Test, db: TestDatabase, more: readonly DirectoryEntry[] = []) {
  const eventStore = createPostgresEventStore(db.client)
  const app = await createTestApp([enforcementService], {
    db,
    eventStore,
    clock: fixedClock('2025-06-30T12:00:00+08:00'),
  })
  t.teardown(() => app.close())
  await appendVisibly(eventStore, [...enforcementScenario('330106', 'a-'), ...enforcementScenario('330108', 'b-')])
  await catchUpProjections(app)
  const directory: readonly DirectoryEntry[] = [
    ['a-station-1', 'filling_station', '330106'],
    ['a-user-9', 'equipment_user', '330106'],
    ['b-station-1', 'filling_station', '330108'],
    ...more,
  ]
  for (const [id, kind, region] of directory)
    await identity.createOrganisation(db.client, { id, kind, name: `加气站 ${id}`, region })

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
