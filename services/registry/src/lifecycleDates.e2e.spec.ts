import t from 'tap'
import { forEachDatabase } from '@gsr/db/testing'
import { credentialFor } from '@gsr/http-kit/testing'
import { registryTestApp } from './testing/registryTestApp.ts'

/**
 * A registration's lifecycle facts keep their order in the field: a resumption is never dated
 * before the suspension it ends, a cancellation or an offer never before the last suspension,
 * resumption or transfer, and a new owner asserts nothing about the days before it took the
 * equipment over; a periodic inspection is not declared before the registration existed (a
 * declaration dated years back would count as in time for a due date long missed). Each refusal
 * is a 422 naming the field, and nothing is written.
 */
forEachDatabase(t, async (t, db) => {
  const { app, ok, refused } = await registryTestApp(t, db, '2026-06-01T02:00:00Z')
  const owner = await credentialFor(app, { kind: 'equipment_user', region: '330106' })
  const buyer = await credentialFor(app, { kind: 'equipment_user', region: '330106' })
  const register = (code: string) =>
    ok(owner, '/equipment', {
      registrationCode: code,
      category: 'elevator',
      region: '330106',
      location: 'No. 1 Wenyi Rd',
      putIntoServiceDate: '2026-01-10',
      registeredOn: '2026-01-20',
    })

  t.test('a resumption or cancellation is not dated before the suspension', async (t) => {
    await register('EL-ORDER-1')
    await ok(owner, '/equipment/EL-ORDER-1/suspend', { reason: 'repairs', suspendedOn: '2026-03-01' })
    const early = await refused(
      t,
      owner,
      '/equipment/EL-ORDER-1/resume',
      { resumedOn: '2026-02-15' },
      422,
      'dated-before-last-change',
    )
    t.match(early.json().errors, [{ field: 'resumedOn' }])
    await refused(
      t,
      owner,
      '/equipment/EL-ORDER-1/cancel',
      { reason: 'scrapped', cancelledOn: '2026-02-28' },
      422,
      'dated-before-last-change',
    )
    await ok(owner, '/equipment/EL-ORDER-1/resume', { resumedOn: '2026-03-01' })
    await refused(
      t,
      owner,
      '/equipment/EL-ORDER-1/suspend',
      { reason: 'again', suspendedOn: '2026-02-20' },
      422,
      'dated-before-last-change',
    )
    await ok(owner, '/equipment/EL-ORDER-1/suspend', { reason: 'again', suspendedOn: '2026-04-01' })
  })

  t.test('a periodic inspection is not declared before the registration existed', async (t) => {
    // Put into service in 2020, registered (late) in 2026: its first inspection was due in 2021.
    const registered = await ok(owner, '/equipment', {
      registrationCode: 'EL-ORDER-3',
      category: 'elevator',
      region: '330106',
      location: 'No. 3 Wenyi Rd',
      putIntoServiceDate: '2020-01-10',
      registeredOn: '2026-05-01',
    })
    t.match(registered.events, [{ data: { nextInspectionDue: '2021-01-10' } }])
    const backdated = await refused(
      t,
      owner,
      '/equipment/EL-ORDER-3/periodic-inspection-declarations',
      { declaredOn: '2020-12-01' },
      422,
      'dated-before-registration',
    )
    t.match(backdated.json().errors, [{ field: 'declaredOn' }])
    const declared = await ok(owner, '/equipment/EL-ORDER-3/periodic-inspection-declarations', {
      declaredOn: '2026-05-01',
    })
    t.match(declared.events, [{ type: 'PeriodicInspectionDeclared', data: { dueDate: '2021-01-10', inTime: false } }])
  })

  t.test('the new owner asserts nothing dated before the transfer', async (t) => {
    await register('EL-ORDER-2')
    await ok(owner, '/equipment/EL-ORDER-2/transfer', {
      toOrganisationId: buyer.organisationId,
      toRegion: '330106',
      location: 'No. 9 Rd',
      offeredOn: '2026-04-01',
    })
    await ok(buyer, '/equipment/EL-ORDER-2/transfer/accept', { acceptedOn: '2026-05-01' })
    await refused(
      t,
      buyer,
      '/equipment/EL-ORDER-2/suspend',
      { reason: 'repairs', suspendedOn: '2026-03-01' },
      422,
      'dated-before-last-change',
    )
    await refused(
      t,
      buyer,
      '/equipment/EL-ORDER-2/transfer',
      { toOrganisationId: owner.organisationId, toRegion: '330106', location: 'back', offeredOn: '2026-04-20' },
      422,
      'dated-before-last-change',
    )
    await ok(buyer, '/equipment/EL-ORDER-2/suspend', { reason: 'repairs', suspendedOn: '2026-05-01' })
  })
})
