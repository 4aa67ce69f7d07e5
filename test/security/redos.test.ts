// Regex denial of service (issue 13, item 4): client name patterns run on a linear-time engine (re2js), bounded
// in length and in compiled size, and a bad one is a 4xx, never a 5xx.
//
// Every stored name below is 40 `a`s and a `!`. A backtracking engine needs about 2^40 steps to find that `(a+)+$`
// does not match it (hours), and the other patterns are as bad or worse; with a linear-time engine each call is
// answered in milliseconds. On a backtracking engine the event loop blocks and these tests never finish, which a
// timer cannot interrupt; CI's job timeout fails them.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp, type TestApp } from '../../src/test/test-app.js'

const LONG = `${'a'.repeat(40)}!`
const TIMEOUT = { timeout: 30_000 }

const CATASTROPHIC = [
  '(a+)+$',
  '(a|a)*b',
  '(.*a){20}$',
  '((a*)*)*b',
  '(a|aa)+$',
  '^(a+|a{2}|a{3})*$',
  '^(([a-z])+.)+[A-Z]([a-z])+$',
  `^(${Array.from({ length: 120 }, (_, i) => 'a'.repeat((i % 8) + 1)).join('|')})*$`,
]

type Case = { endpoint: string; body: (pattern: string) => Record<string, unknown> }

/** Every request field that takes a regex over stored names or values. */
function patternCases(project: string): Case[] {
  const anyName = (pattern: string) => ({ _any_: { pattern, fields: ['name', 'comment'] } })
  const allName = (pattern: string) => ({ _all_: { pattern, fields: ['name'] } })
  const cases: Case[] = []
  for (const endpoint of ['tasks.get_all', 'tasks.get_all_ex', 'projects.get_all', 'projects.get_all_ex', 'models.get_all',
    'models.get_all_ex', 'queues.get_all', 'queues.get_all_ex', 'reports.get_all_ex']) {
    cases.push({ endpoint, body: (name) => ({ name }) }, { endpoint, body: anyName }, { endpoint, body: allName })
  }
  cases.push(
    { endpoint: 'users.get_all', body: (name) => ({ name }) },
    { endpoint: 'users.get_all_ex', body: (name) => ({ name }) },
    { endpoint: 'projects.get_task_parents', body: (task_name) => ({ task_name }) },
    { endpoint: 'projects.get_hyperparam_values', body: (pattern) => ({ projects: [project], section: 'Args', name: 'x', pattern }) },
  )
  return cases
}

/** One project, task, child task, model, queue, report, worker and user, all named LONG. */
async function seedLongNames(app: TestApp): Promise<string> {
  const project = (await app.ok('projects.create', { name: LONG, description: '' })).id
  const parent = (await app.ok('tasks.create', { name: LONG, type: 'training', project })).id
  await app.ok('tasks.edit_hyper_params', { task: parent, hyperparams: [{ section: 'Args', name: 'x', value: LONG }] })
  await app.ok('tasks.create', { name: 'child', type: 'training', project, parent })
  await app.ok('models.create', { name: LONG, uri: 'file:///tmp/model.bin', project })
  await app.ok('queues.create', { name: LONG })
  await app.ok('reports.create', { name: LONG, project })
  await app.ok('workers.register', { worker: LONG })
  const me = (await app.ok('users.get_current_user', {})).user.id
  await app.ok('users.update', { user: me, name: LONG })
  return project
}

const codes = (res: { meta: { result_code: number; result_subcode: number } }): [number, number] =>
  [res.meta.result_code, res.meta.result_subcode]

test('catastrophic patterns against 41-character names answer 200 at once on every pattern field', TIMEOUT, async (t) => {
  const app = await testApp(t)
  const project = await seedLongNames(app)
  for (const c of patternCases(project)) {
    for (const pattern of CATASTROPHIC) {
      const res = await app.call(c.endpoint, c.body(pattern))
      assert.deepEqual(codes(res), [200, 0], `${c.endpoint} ${JSON.stringify(c.body(pattern)).slice(0, 80)}`)
    }
  }
})

test('a pattern that does match still finds the long names', TIMEOUT, async (t) => {
  const app = await testApp(t)
  const project = await seedLongNames(app)
  const found = async (endpoint: string, body: Record<string, unknown>, list: string) =>
    ((await app.ok(endpoint, body))[list] as unknown[]).length
  assert.equal(await found('tasks.get_all', { name: '^(a+)+!$' }, 'tasks'), 1)
  assert.equal(await found('projects.get_all', { name: '(a|a)*!' }, 'projects'), 1)
  assert.equal(await found('models.get_all', { _any_: { pattern: '(.*A){20}', fields: ['name'] } }, 'models'), 1)
  assert.equal(await found('queues.get_all', { name: '^a{40}!$' }, 'queues'), 1)
  assert.equal(await found('users.get_all', { name: '^(a+)+!' }, 'users'), 1)
  assert.equal(await found('projects.get_hyperparam_values', { projects: [project], section: 'Args', name: 'x', pattern: '(a|aa)+!' }, 'values'), 1)
})

test('workers.get_all worker_pattern: a glob with many * answers at once', TIMEOUT, async (t) => {
  const app = await testApp(t)
  await app.ok('workers.register', { worker: LONG })
  const ids = async (pattern: string) =>
    (await app.ok('workers.get_all', { worker_pattern: pattern })).workers.map((w: { id: string }) => w.id)
  // A backtracking `^.*.*…x$` tries every way to split 41 characters among 15 runs.
  assert.deepEqual(await ids(`${'*'.repeat(15)}x`), [])
  assert.deepEqual(await ids(`${'*a'.repeat(15)}*!`), [LONG])
  assert.deepEqual(await ids('a?a*'), [LONG])
})

test('names escaped as the SDK escapes them (re.escape) still match literally', TIMEOUT, async (t) => {
  const app = await testApp(t)
  const project = (await app.ok('projects.create', { name: 'My Project', description: '' })).id
  for (const name of ['a.b', 'axb', 'x-y', 'café/é 1']) await app.ok('tasks.create', { name, type: 'training', project })
  const names = async (endpoint: string, body: Record<string, unknown>, list = 'tasks') =>
    ((await app.ok(endpoint, body))[list] as { name: string }[]).map((e) => e.name).sort()
  assert.deepEqual(await names('projects.get_all', { name: '^My\\ Project$' }, 'projects'), ['My Project'])
  assert.deepEqual(await names('projects.get_all_ex', { name: 'My\\ Project' }, 'projects'), ['My Project'])
  assert.deepEqual(await names('tasks.get_all', { name: 'a\\.b' }), ['a.b'])
  assert.deepEqual(await names('tasks.get_all', { name: '^x\\-y$' }), ['x-y'])
  // Python before 3.7 escaped `/`, `_` and non-ASCII letters too.
  assert.deepEqual(await names('tasks.get_all', { name: '^caf\\é\\/\\é\\ 1$' }), ['café/é 1'])
  assert.deepEqual(await names('tasks.get_all_ex', { _any_: { pattern: 'A\\.B', fields: ['name'] } }), ['a.b'])
})

test('malformed patterns and ones needing backtracking are 400/21 on every pattern field, never 5xx', TIMEOUT, async (t) => {
  const app = await testApp(t)
  const project = await seedLongNames(app)
  for (const c of patternCases(project)) {
    for (const pattern of ['[', '(a', 'a**', '(a)\\1', '(?=a)', '(?<!a)b', 'a++']) {
      const res = await app.call(c.endpoint, c.body(pattern))
      assert.deepEqual(codes(res), [400, 21], `${c.endpoint} ${JSON.stringify(c.body(pattern))}`)
    }
  }
  assert.deepEqual(codes(await app.call('users.get_all', { name: '[' })), [400, 21])
})

test('over-long patterns are 400/12 with a short message; too complex ones 400/21', TIMEOUT, async (t) => {
  const app = await testApp(t)
  const project = await seedLongNames(app)
  const huge = `(${'a'.repeat(1_000_000)})`
  for (const c of patternCases(project)) {
    const res = await app.call(c.endpoint, c.body(huge))
    assert.deepEqual(codes(res), [400, 12], c.endpoint)
    assert.ok(res.meta.result_msg.length < 500, `${c.endpoint} answered ${res.meta.result_msg.length} characters`)
    assert.deepEqual(codes(await app.call(c.endpoint, c.body(`(${'a'.repeat(1_000)})`))), [400, 12], c.endpoint)
    assert.deepEqual(codes(await app.call(c.endpoint, c.body('(?:.{0,1000}){1}'.repeat(60)))), [400, 21], c.endpoint)
  }
  assert.deepEqual(codes(await app.call('workers.get_all', { worker_pattern: '*'.repeat(1_000_000) })), [400, 12])
})

test('the SDK exact-match pattern of a long project name is accepted as plain text', TIMEOUT, async (t) => {
  const app = await testApp(t)
  const name = 'my long project name - '.repeat(40).trim()
  await app.ok('projects.create', { name, description: '' })
  const escaped = `^${name.replace(/[ -]/g, '\\$&')}$`
  assert.ok(escaped.length > 1_000)
  const found = (await app.ok('projects.get_all', { name: escaped })).projects
  assert.deepEqual(found.map((p: { name: string }) => p.name), [name])
})
