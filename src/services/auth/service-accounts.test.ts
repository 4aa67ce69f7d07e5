import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp } from '../../test/test-app.js'

const KEY = 'SVCAGENTKEY0000000000000000001'
const SECRET = 'service-agent-secret-value-that-is-long-enough-000000000000000000'
const env = {
  CLEARML__secure__credentials__services_agent__user_key: KEY,
  CLEARML__secure__credentials__services_agent__user_secret: SECRET,
  CLEARML__secure__credentials__services_agent__role: 'admin',
  // An entry without a secret is a placeholder, as in ClearML's defaults.
  CLEARML__secure__credentials__webserver__user_key: '',
}

test('secure.credentials entries become service identities that authenticate with their configured key', async (t) => {
  const app = await testApp(t, '', env)
  const token = (await app.ok('auth.login', {}, { basic: { username: KEY, password: SECRET }, token: null })).token
  const me = await app.ok('users.get_current_user', {}, { token })
  assert.deepEqual([me.user.id, me.user.role], ['__services_agent__', 'admin'])
  const wrong = await app.call('auth.login', {}, { basic: { username: KEY, password: 'nope' }, token: null })
  assert.deepEqual([wrong.status, wrong.meta.result_subcode], [401, 22])
})

test('service identities own objects but are not listed as users, and do not count as people at first start', async (t) => {
  const app = await testApp(t, '', env)
  const token = (await app.ok('auth.login', {}, { basic: { username: KEY, password: SECRET }, token: null })).token
  const project = (await app.ok('projects.create', { name: 'svc project', description: '' }, { token })).id
  const users = (await app.ok('users.get_all_ex', {})).users.map((u: { id: string }) => u.id)
  assert.ok(!users.includes('__services_agent__'))
  assert.deepEqual((await app.ok('users.get_all_ex', { active_in_projects: [project] })).users, [])
})

test('users.get_all_ex active_in_projects counts project creators and sub-projects', async (t) => {
  const app = await testApp(t)
  const me = (await app.ok('users.get_current_user')).user.id
  const parent = (await app.ok('projects.create', { name: 'active root', description: '' })).id
  await app.ok('projects.create', { name: 'active root/child', description: '' })
  assert.deepEqual((await app.ok('users.get_all_ex', { active_in_projects: [parent] })).users.map((u: { id: string }) => u.id), [me])
})
