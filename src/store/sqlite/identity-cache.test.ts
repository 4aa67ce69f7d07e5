import assert from 'node:assert/strict'
import { test, type TestContext } from 'node:test'
import type { User } from '../../domain/entities/user.js'
import { siblingStores } from './sibling-stores.js'

const user = (over: Partial<User> = {}): User => ({
  id: 'u1', company: 'c1', name: 'Ada', givenName: 'Ada', familyName: '', email: 'ada@x.org', role: 'admin', avatar: null,
  created: new Date(0), preferences: {}, passwordHash: null, autocreated: false, serviceAccount: false, ...over,
})

async function twoProcesses(t: TestContext) {
  const { a, b } = await siblingStores(t)
  await a.transaction(async (tx) => {
    await tx.companies.upsert({ id: 'c1', name: 'Acme' })
    await tx.users.upsert(user())
  })
  return { a, b }
}

test('a user demoted, renamed or deleted through a sibling process is seen by the next check', async (t) => {
  const { a, b } = await twoProcesses(t)
  assert.deepEqual(await a.currentIdentity('u1'), { user: 'u1', company: 'c1', role: 'admin', userName: 'Ada', companyName: 'Acme' })
  await b.transaction((tx) => tx.users.upsert(user({ role: 'user', name: 'Ada L.' })))
  assert.deepEqual(await a.currentIdentity('u1'), { user: 'u1', company: 'c1', role: 'user', userName: 'Ada L.', companyName: 'Acme' })
  await b.transaction((tx) => tx.users.delete('u1'))
  assert.equal(await a.currentIdentity('u1'), undefined)
  // Recreated (a fixed user put back in the config), it is known again.
  await b.transaction((tx) => tx.users.upsert(user()))
  assert.equal((await a.currentIdentity('u1'))?.role, 'admin')
})

test('with no user changed the answer comes from memory, even while a sibling keeps writing other things', async (t) => {
  const { a, b } = await twoProcesses(t)
  assert.equal((await a.currentIdentity('u1'))?.role, 'admin')
  // A change that bypasses the repositories is invisible: proof that no query ran.
  a.db.prepare(`UPDATE users SET role = 'guest' WHERE id = 'u1'`).run()
  await b.transaction((tx) => tx.settings.set('unrelated', 'x'))
  // Only the preferences change here (the role written is the one now stored), so nothing is dropped.
  await b.transaction((tx) => tx.users.upsert(user({ role: 'guest', preferences: { theme: 'dark' } })))
  assert.equal((await a.currentIdentity('u1'))?.role, 'admin')
})

test('a change in this process shows at once; one rolled back is not kept', async (t) => {
  const { a } = await twoProcesses(t)
  assert.equal((await a.currentIdentity('u1'))?.role, 'admin')
  await a.transaction((tx) => tx.users.upsert(user({ role: 'user' })))
  assert.equal((await a.currentIdentity('u1'))?.role, 'user')
  await assert.rejects(a.transaction(async (tx) => {
    await tx.users.delete('u1')
    assert.equal(await a.currentIdentity('u1'), undefined, 'inside its transaction the deletion shows')
    throw new Error('rolled back')
  }), /rolled back/)
  assert.equal((await a.currentIdentity('u1'))?.role, 'user')
  assert.equal(await a.currentIdentity('nobody'), undefined)
})
