// Prototype pollution through every entry that walks a path or a key from a request or a config file: query-string
// keys, JSON bodies, json-lines batches, only_fields projections and their joins, HOCON files and CLEARML__ env keys.
// Each test checks the answer and that Object.prototype is as it was.
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test, type TestContext } from 'node:test'
import { loadConfig } from '../../src/config/config.js'
import { seedTask } from '../../src/services/events/events-test-kit.js'
import { testApp, type TestApp } from '../../src/test/test-app.js'

const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort()

function assertPrototypeClean(): void {
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), PROTOTYPE_KEYS)
  assert.equal(typeof ({}).valueOf, 'function')
  assert.equal(({} as Record<string, unknown>).comment, undefined)
}

async function withApp(t: TestContext): Promise<TestApp> {
  const app = await testApp(t)
  t.after(assertPrototypeClean)
  return app
}

const get = (app: TestApp, url: string, headers: Record<string, string> = {}) =>
  app.app.servers.api.inject({ method: 'GET', url, headers })

test('query keys naming a prototype member answer 400/12 without credentials, and later calls are unaffected', async (t) => {
  const app = await withApp(t)
  for (const key of ['__proto__.content-encoding', 'constructor.prototype.content-encoding', 'a.__proto__.b', 'prototype']) {
    const res = await get(app, `/debug.ping?${encodeURIComponent(key)}=gzip`)
    assert.equal(res.statusCode, 400, key)
    assert.equal(res.json().meta.result_subcode, 12, key)
  }
  assert.equal((await get(app, '/debug.ping')).statusCode, 200)
  assert.equal((await app.call('projects.get_all', {})).status, 200)
})

test('a polluting query on tasks.create is refused and other users\' new tasks keep their own fields', async (t) => {
  const app = await withApp(t)
  const project = (await app.ok('projects.create', { name: 'pollution', description: '' })).id
  const polluted = await app.app.servers.api.inject({
    method: 'POST', url: '/tasks.create?__proto__.comment=X', payload: JSON.stringify({ name: 'task y', type: 'training', project }),
    headers: { authorization: `Bearer ${app.adminToken}`, 'content-type': 'application/json' },
  })
  assert.equal(polluted.statusCode, 400)
  const created = await app.ok('tasks.create', { name: 'task z', type: 'training', project })
  const { task } = await app.ok('tasks.get_by_id', { task: created.id })
  assert.notEqual(task.comment, 'X')
})

test('a nested query key still nests into the body (a.b=1); nesting past 100 levels is 400/12', async (t) => {
  const app = await withApp(t)
  const res = await get(app, '/debug.ping?a.b=1&a.c=x&list[]=1&list[]=2')
  assert.equal(res.statusCode, 200)
  assert.deepEqual(res.json().data, { msg: 'ClearML server', a: { b: 1, c: 'x' }, list: [1, 2] })
  const deep = await get(app, `/debug.ping?${'a.'.repeat(5000)}a=1`)
  assert.deepEqual([deep.statusCode, deep.json().meta.result_subcode], [400, 12])
  // An object made from query keys is an ordinary value to the services (found by the fuzz test: it was a 500).
  const auth = { authorization: `Bearer ${app.adminToken}` }
  assert.equal((await get(app, '/tasks.get_all?status.a=1', auth)).statusCode, 400)
})

test('JSON bodies with a __proto__ key or constructor.prototype are refused with 400/0', async (t) => {
  const app = await withApp(t)
  for (const rawBody of [
    '{"name": "p", "__proto__": {"comment": "X"}}',
    '{"name": "p", "constructor": {"prototype": {"comment": "X"}}}',
    '{"preferences": {"\\u005f_proto__": {"comment": "X"}}}',
  ]) {
    const res = await app.call('users.set_preferences', undefined, { rawBody })
    assert.equal(res.status, 400, rawBody)
    assert.equal(res.meta.result_subcode, 0, rawBody)
  }
  // A key that merely contains the word is data like any other.
  assert.equal((await app.call('users.set_preferences', { preferences: { my__proto__notes: 1, constructor: 'x' } })).status, 200)
})

test('only_fields paths through prototype members are refused on every get_all, and built-ins survive', async (t) => {
  const app = await withApp(t)
  await app.ok('projects.create', { name: 'proj', description: '' })
  await app.ok('queues.create', { name: 'queue one' })
  await app.ok('models.create', { name: 'model one', uri: 'file:///m.bin' })
  await app.ok('tasks.create', { name: 'task one', type: 'training' })
  // queues.get_all_ex ignores only_fields, as in ClearML.
  const endpoints = ['projects.get_all', 'projects.get_all_ex', 'models.get_all', 'models.get_all_ex', 'queues.get_all',
    'tasks.get_all', 'tasks.get_all_ex']
  for (const endpoint of endpoints) {
    for (const field of ['-__proto__.valueOf', '__proto__.valueOf', 'constructor.name', '-prototype', 'project.__proto__']) {
      const res = await app.call(endpoint, { only_fields: [field] })
      assert.ok(res.status === 400, `${endpoint} ${field}: ${res.status}`)
    }
  }
  assert.equal((await app.call('projects.get_all', { only_fields: ['name'] })).status, 200)
})

test('json-lines batches: a line with a __proto__ key is an error of that line, nothing leaks', async (t) => {
  const app = await withApp(t)
  const task = await seedTask(app)
  const lines = [
    JSON.stringify({ task, name: 'renamed' }),
    `{"task": "${task}", "__proto__": {"comment": "X"}}`,
  ].join('\n')
  const res = await app.call('tasks.update_batch', undefined, { rawBody: lines, headers: { 'content-type': 'application/json-lines' } })
  assert.ok(res.status < 500)
  const events = [
    `{"task": "${task}", "type": "training_stats_scalar", "metric": "m", "variant": "v", "iter": 1, "value": 1, "__proto__": {"comment": "X"}}`,
    `{"task": "${task}", "type": "log", "msg": "hi", "__proto__": {"valueOf": 1}}`,
  ].join('\n')
  const added = await app.call('events.add_batch', undefined, { rawBody: events, headers: { 'content-type': 'application/json-lines' } })
  assert.ok(added.status < 500)
})

test('HOCON files and CLEARML__ keys naming a prototype member stop the start with a message naming the key', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'clarion-pollution-'))
  t.after(() => rm(dir, { recursive: true, force: true }))
  t.after(assertPrototypeClean)
  await writeFile(join(dir, 'apiserver.conf'), '__proto__ { comment: "X" }\n')
  await assert.rejects(loadConfig({ CLARION_CONFIG_DIR: dir }), /configuration key not allowed: __proto__/)
  await writeFile(join(dir, 'apiserver.conf'), 'auth { constructor { prototype { comment: "X" } } }\n')
  await assert.rejects(loadConfig({ CLARION_CONFIG_DIR: dir }), /configuration key not allowed/)
  // The words themselves are fine in comments and values.
  await writeFile(join(dir, 'apiserver.conf'), '# the prototype of a constructor\ndefault_company: "prototype constructor"\n')
  assert.equal((await loadConfig({ CLARION_CONFIG_DIR: dir })).defaultCompany, 'prototype constructor')
  await rm(join(dir, 'apiserver.conf'))
  // `__` separates env key segments, so CLEARML____proto____x names the path proto.x: harmless.
  await loadConfig({ CLARION_CONFIG_DIR: dir, CLEARML____proto____comment: 'X' })
  await assert.rejects(loadConfig({ CLARION_CONFIG_DIR: dir, CLEARML__apiserver__constructor__prototype__comment: 'X' }), /not allowed: constructor/)
  // A value is parsed as HOCON too; one that names a prototype member stays the raw text.
  const config = await loadConfig({ CLARION_CONFIG_DIR: dir, CLEARML__apiserver__default_company: '{"__proto__": {"comment": "X"}}' })
  assert.equal(config.defaultCompany, '{"__proto__": {"comment": "X"}}')
})
