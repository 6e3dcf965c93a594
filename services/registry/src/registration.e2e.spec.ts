import t from 'tap'
import { forEachDatabase } from '@gsr/db/testing'
import { createTestApp, credentialFor } from '@gsr/http-kit/testing'
import { registryService } from './registryService.ts'
import { registryTestApp } from './testing/registryTestApp.ts'

/**
 * Use registration as the field does it, over HTTP on both databases: the user applies, the
 * registration authority of the equipment's region accepts (issuing the code and certificate
 * number) or refuses; nobody else answers. The automatic policy issues the numbers itself.
 * EquipmentRegistered is recorded at schema version 2, and a log an older server wrote at
 * version 1 reads to the same register.
 */
forEachDatabase(t, async (t, db) => {
  const { app, clock, inner, eventStore, catchUp, get, ok, refused } = await registryTestApp(
    t,
    db,
    '2026-06-01T02:00:00Z',
  )
  /** Each event of a stream as stored (the raw store, no upcasting): type@schemaVersion. */
  const versionsOf = async (streamName: string) =>
    (await inner.readStream(streamName)).map((e) => `${e.type}@${e.metadata.schemaVersion}`)

  // The applicant is seated in the city (330100); the equipment stands in Xihu (330106).
  const user = await credentialFor(app, { kind: 'equipment_user', region: '330100' })
  const otherUser = await credentialFor(app, { kind: 'equipment_user', region: '330106' })
  const xihuTeam = await credentialFor(app, { kind: 'enforcement', region: '330106' })
  const cityTeam = await credentialFor(app, { kind: 'enforcement', region: '330100' })
  const siblingTeam = await credentialFor(app, { kind: 'enforcement', region: '330108' })

  const application = (applicationId: string) => ({
    applicationId,
    category: 'elevator',
    region: '330106',
    location: '1 Wenyi Rd',
    attributes: { model: 'GeN2' },
    manufacturer: 'Hangzhou Lift Works',
    serialNumber: `HLW-${applicationId}`,
    putIntoServiceDate: '2026-04-01',
    appliedOn: '2026-05-15',
  })

  t.test('the user applies; the authority of the equipment’s region issues code and certificate', async (t) => {
    const applied = await ok(user, '/equipment-registrations', application('app-1'))
    t.same(
      applied.events.map((e) => e.type),
      ['EquipmentRegistrationApplied'],
      'under the authority policy, nothing is accepted by itself',
    )
    t.equal((await get(user, '/equipment-registrations/app-1')).json().status, 'applied')
    t.equal((await get(xihuTeam, '/equipment-registrations/app-1')).statusCode, 200)
    t.equal((await get(otherUser, '/equipment-registrations/app-1')).statusCode, 404, 'another user: as unknown')
    t.equal((await get(siblingTeam, '/equipment-registrations/app-1')).statusCode, 404)

    const numbers = {
      registrationCode: 'EL-330106-0001',
      certificateNumber: '梯11浙A00001(26)',
      acceptedOn: '2026-05-20',
    }
    await refused(t, user, '/equipment-registrations/app-1/accept', numbers, 403, 'forbidden')
    await refused(t, siblingTeam, '/equipment-registrations/app-1/accept', numbers, 403, 'outside-your-region')
    await refused(
      t,
      xihuTeam,
      '/equipment-registrations/app-1/accept',
      { ...numbers, acceptedOn: '2026-05-14' },
      422,
      'dated-before-application',
    )
    const accepted = await ok(xihuTeam, '/equipment-registrations/app-1/accept', numbers)
    t.same(
      accepted.events.map((e) => e.type),
      ['EquipmentRegistrationAccepted', 'EquipmentRegistered'],
    )
    t.same(await versionsOf('equipment-EL-330106-0001'), ['EquipmentRegistered@2'], 'recorded at version 2')
    t.same(await versionsOf('registration-app-1'), [
      'EquipmentRegistrationApplied@1',
      'EquipmentRegistrationAccepted@1',
    ])

    await catchUp()
    const row = (await get(user, '/equipment/EL-330106-0001')).json()
    t.match(row, {
      organisationId: user.organisationId,
      region: '330106',
      manufacturer: 'Hangzhou Lift Works',
      serialNumber: 'HLW-app-1',
      certificateNumber: '梯11浙A00001(26)',
      registeredOn: '2026-05-20',
      late: true,
      attributes: { model: 'GeN2' },
    })
    t.equal((await get(user, '/equipment-registrations/app-1')).json().registrationCode, 'EL-330106-0001')

    await refused(
      t,
      cityTeam,
      '/equipment-registrations/app-1/accept',
      { ...numbers, registrationCode: 'EL-330106-0009' },
      409,
      'application-already-decided',
    )
    const again = await ok(xihuTeam, '/equipment-registrations/app-1/accept', numbers)
    t.same(again.events, [], 'the same acceptance again records nothing')
  })

  t.test('a code already registered is refused before anything is written', async (t) => {
    await ok(user, '/equipment-registrations', application('app-2'))
    await refused(
      t,
      cityTeam,
      '/equipment-registrations/app-2/accept',
      { registrationCode: 'EL-330106-0001', certificateNumber: 'C-2', acceptedOn: '2026-05-20' },
      409,
      'registration-code-taken',
    )
    t.equal((await get(user, '/equipment-registrations/app-2')).json().status, 'applied')
  })

  t.test('refused with a reason, by the authority only; then never accepted', async (t) => {
    await ok(user, '/equipment-registrations', application('app-3'))
    const reason = { reason: 'no inspection report before use', refusedOn: '2026-05-16' }
    await refused(t, user, '/equipment-registrations/app-3/refuse', reason, 403, 'forbidden')
    await refused(t, siblingTeam, '/equipment-registrations/app-3/refuse', reason, 403, 'outside-your-region')
    const res = await ok(xihuTeam, '/equipment-registrations/app-3/refuse', reason)
    t.same(
      res.events.map((e) => e.type),
      ['EquipmentRegistrationRefused'],
    )
    await refused(
      t,
      xihuTeam,
      '/equipment-registrations/app-3/accept',
      { registrationCode: 'EL-330106-0003', certificateNumber: 'C-3' },
      409,
      'application-already-decided',
    )
    await refused(
      t,
      xihuTeam,
      '/equipment-registrations/no-such-app/accept',
      { registrationCode: 'EL-330106-0004', certificateNumber: 'C-4' },
      404,
      'application-not-found',
    )
  })

  t.test('the automatic acceptance policy issues the numbers at once', async (t) => {
    const automatic = await createTestApp([registryService], {
      db,
      clock,
      eventStore,
      config: { registrationAcceptance: 'automatic' },
    })
    t.teardown(() => automatic.close())
    const res = await automatic.inject({
      method: 'POST',
      url: '/equipment-registrations',
      payload: application('app-auto'),
      headers: user.headers,
    })
    t.equal(res.statusCode, 201, res.body)
    const events = res.json().events as { type: string; data: Record<string, unknown> }[]
    t.same(
      events.map((e) => e.type),
      ['EquipmentRegistrationApplied', 'EquipmentRegistrationAccepted', 'EquipmentRegistered'],
    )
    t.equal(events[1]?.data['by'], 'automatic_policy')
    const code = events[1]?.data['registrationCode'] as string
    t.match(code, /^AUTO-330106-[0-9A-F]{12}$/)
    t.equal(events[2]?.data['registrationCode'], code)
    t.equal(events[2]?.data['appliedOn'], '2026-05-15')
  })

  t.test('a team links a finding to the registration it saw; nobody else, to a real one, once', async (t) => {
    await ok(xihuTeam, '/field-findings/equipment-in-use', {
      findingId: 'F-LINK',
      region: '330106',
      location: 'lift lobby',
      foundOn: '2026-05-18',
      category: 'elevator',
      manufacturer: 'Hangzhou Lift Works',
      serialNumber: 'HLW-unreadable',
      plate: 'partly legible',
      photoReference: 'IMG_0042.jpg',
    })
    const link = (registrationCode: string, linkedOn = '2026-05-21') => ({ registrationCode, linkedOn })
    const url = '/field-findings/F-LINK/registration-link'
    await refused(t, siblingTeam, url, link('EL-330106-0001'), 403, 'outside-your-region')
    await refused(t, user, url, link('EL-330106-0001'), 403, 'forbidden')
    await refused(t, xihuTeam, url, link('EL-NOPE'), 404, 'equipment-not-found')
    await refused(t, xihuTeam, url, link('EL-330106-0001', '2026-05-17'), 422, 'dated-before-finding')
    await refused(
      t,
      xihuTeam,
      '/field-findings/F-NONE/registration-link',
      link('EL-330106-0001'),
      404,
      'finding-not-found',
    )
    const linked = await ok(cityTeam, url, link('EL-330106-0001'))
    t.same(
      linked.events.map((e) => e.type),
      ['FindingLinkedToRegistration'],
    )
    await refused(t, xihuTeam, url, link('AUTO-330106-X'), 409, 'finding-already-linked')
  })

  t.test('a log written at version 1 by an older server reads to the same register as version 2', async (t) => {
    const facts = (code: string) => ({
      registrationCode: code,
      category: 'elevator',
      organisationId: user.organisationId,
      region: '330106',
      location: '2 Wenyi Rd',
      putIntoServiceDate: '2026-01-10',
      registeredOn: '2026-01-20',
      registrationDeadline: '2026-02-09',
      late: false,
      registrationDeadlineRule: { name: 'registrationDeadline', version: '2022.1' },
      nextInspectionDue: '2027-01-10',
      nextInspectionDueRule: { name: 'inspectionIntervals', version: '2026.1' },
    })
    const metadata = (schemaVersion: number) => ({
      actor: { organisationId: user.organisationId, role: 'operator' },
      occurredAt: '2026-01-20T00:00:00+08:00',
      schemaVersion,
    })
    // Appended raw, as a server before version 2 wrote it: the identity among the attributes.
    await inner.appendToStream(
      'equipment-EL-V1',
      [
        {
          id: '0b3f6f55-5d1a-4c4e-9a43-000000000001',
          type: 'EquipmentRegistered',
          data: {
            ...facts('EL-V1'),
            attributes: { model: 'GeN2', manufacturer: 'Hangzhou Lift Works', serialNumber: 'HLW-9' },
          },
          metadata: metadata(1),
        },
      ],
      { expectedRevision: 'no_stream' },
    )
    await inner.appendToStream(
      'equipment-EL-V2',
      [
        {
          id: '0b3f6f55-5d1a-4c4e-9a43-000000000002',
          type: 'EquipmentRegistered',
          data: {
            ...facts('EL-V2'),
            attributes: { model: 'GeN2' },
            manufacturer: 'Hangzhou Lift Works',
            serialNumber: 'HLW-9',
          },
          metadata: metadata(2),
        },
      ],
      { expectedRevision: 'no_stream' },
    )
    // Later facts of the old registration are decided on it as today's code reads it.
    await ok(user, '/equipment/EL-V1/suspend', { reason: 'repairs', suspendedOn: '2026-03-01' })
    await ok(user, '/equipment/EL-V2/suspend', { reason: 'repairs', suspendedOn: '2026-03-01' })
    await catchUp()
    const view = async (code: string) => {
      const res = await get(user, `/equipment/${code}`)
      t.equal(res.statusCode, 200, res.body)
      const { registrationCode: _code, ...rest } = res.json()
      return rest
    }
    const fromV1 = await view('EL-V1')
    t.same(fromV1, await view('EL-V2'))
    t.match(fromV1, { manufacturer: 'Hangzhou Lift Works', serialNumber: 'HLW-9', attributes: { model: 'GeN2' } })
    t.notOk('manufacturer' in fromV1.attributes, 'lifted out of the attributes')
    t.same((await get(user, '/equipment?region=330106&registrationCode=EL-V1')).json().items.length, 1)
  })
})
