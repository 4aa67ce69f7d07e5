// Sends hostile values (wrong types, huge and odd numbers, 100 KB–1 MB strings, NUL, lone surrogates, RTL and
// combining unicode, __proto__ keys and dotted paths, 10,000-deep nesting, 100k-item lists, regex and
// percent-encoding junk, impossible dates, forged scroll and prepare ids) to every field of every registered
// endpoint, as POST JSON bodies, GET query strings and json-lines batches, as an admin, a plain user and with no
// credentials. Every reply must be below 500 and an envelope whose result_code is the status; afterwards the
// server still answers and no built-in prototype has changed.
//
// Fields come from each endpoint's zod schema. The seed is fixed, so a failure reproduces; run longer locally:
//   FUZZ_CASES=20000 FUZZ_SEED=7 node --import tsx --test test/security/fuzz.test.ts
// FUZZ_REPORT=path writes every failing case (abbreviated request, status, what the server logged) as JSON lines.
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { test } from 'node:test'
import type { z } from 'zod'
import { ADMIN, testApp, USER, type TestApp } from '../../src/test/test-app.js'
import { MAX_API_VERSION } from '../../src/transport/rpc/version.js'
import { makeCase, type Case, type Target, type Who } from './fuzz-cases.js'
import { capturingLogger, errorSignature, prototypeChanges, replyProblem, snapshot, type Logged, type Snapshot } from './fuzz-checks.js'
import { fieldsOf, type Seeds, type Special } from './fuzz-fields.js'
import { CASES, harvestFields, rng, SEED, shapeOf, type Field } from './fuzz-kit.js'
import { forgeToken } from './fuzz-values.js'

const REPORT = process.env.FUZZ_REPORT

interface Failure { c: Case; problem: string; status: number; logged: string }

/** Every registered endpoint, newest handler, with the fields the fuzzer aims at. */
function targetsOf(app: TestApp): Target[] {
  const registry = app.app.registry
  assert.ok(registry, 'the App exposes its endpoint registry')
  const shapes = registry.names().map((name) => ({ name, shape: shapeOf(registry.resolve(name, MAX_API_VERSION)!.schema as z.ZodTypeAny) }))
  const known = harvestFields(shapes.map((s) => s.shape))
  return shapes.map((s) => ({ name: s.name, fields: fieldsOf(s.name, s.shape, known) }))
}

/** Fresh entities for a run of cases: deleting, moving and archiving cases use them up. */
async function seed(app: TestApp, token: string | undefined, n: number): Promise<Seeds> {
  const ok = async (name: string, data: unknown) => {
    const res = await app.call(name, data, { token: token ?? null })
    return res.status === 200 ? res.data : {}
  }
  const project = String((await ok('projects.create', { name: `fuzz project ${n}`, description: 'fuzz' })).id ?? 'no-project')
  const task = String((await ok('tasks.create', { name: `fuzz task ${n}`, type: 'training', project })).id ?? 'no-task')
  const model = String((await ok('models.create', { name: `fuzz model ${n}`, uri: 'file:///tmp/fuzz/m.bin', project, task })).id ?? 'no-model')
  const queueName = `fuzz queue ${n}`
  const queue = String((await ok('queues.create', { name: queueName })).id ?? 'no-queue')
  const worker = `fuzz-worker-${n}`
  await ok('workers.register', { worker, queues: [queue] })
  const user = String((await ok('auth.create_user', { name: `Fuzz ${n}`, email: `fuzz-seed-${n}@example.com` })).id ?? 'no-user')
  const at = 1_700_000_000_000
  const events = [
    { type: 'training_stats_scalar', task, metric: 'loss', variant: 'v0', iter: 1, value: 0.5, timestamp: at },
    { type: 'log', task, level: 'info', msg: 'fuzz line', timestamp: at },
    { type: 'plot', task, metric: 'p', variant: 'v', iter: 1, plot_str: '{"data":[]}', timestamp: at },
    { type: 'training_debug_image', task, metric: 'img', variant: 'v', iter: 1, url: 'http://x/a.png', timestamp: at },
  ]
  await app.call('events.add_batch', {}, {
    token: token ?? null, headers: { 'content-type': 'application/json-lines' }, rawBody: events.map((e) => JSON.stringify(e)).join('\n'),
  })
  return { task, project, model, queue, queueName, worker, user, n }
}

/** Opaque ids the server hands out (scroll_id, prepare_id), kept so forged variants of real ones can go back to it. */
function issuedIds() {
  const issued = new Map<string, string[]>()
  const keep = (data: unknown) => {
    if (typeof data !== 'object' || data === null) return
    for (const [k, v] of Object.entries(data)) {
      if (!/_id$/.test(k) || typeof v !== 'string' || v.length < 8 || /^[0-9a-f]{32}$/.test(v)) continue
      const list = issued.get(k) ?? []
      if (list.length < 20 && !list.includes(v)) issued.set(k, [...list, v])
    }
  }
  const forged: Special = (field, r) => {
    const list = issued.get(field)
    return list ? forgeToken(r.pick(list), r) : undefined
  }
  return { issued, keep, forged }
}

/** Calls that hand out scroll and prepare ids, made once so endpoints early in the order get forged ones too. */
const priming = (s: Seeds): [string, unknown][] => [
  ['organization.prepare_download_for_get_all', { entity_type: 'task', only_fields: ['id', 'name'], field_mappings: [{ field: 'name', name: 'Name' }] }],
  ['tasks.get_all_ex', { size: 1, scroll_id: null }], ['models.get_all_ex', { size: 1 }], ['projects.get_all_ex', { size: 1 }],
  ['events.get_task_events', { task: s.task, batch_size: 1 }], ['events.debug_images', { metrics: [{ task: s.task }], iters: 1 }],
  ['events.plots', { metrics: [{ task: s.task }], iters: 1 }], ['events.get_task_log', { task: s.task, batch_size: 1 }],
  ['events.get_debug_image_sample', { task: s.task, metric: 'img', variant: 'v' }],
  ['events.get_plot_sample', { task: s.task, metric: 'p', variant: 'v' }],
  ['events.get_scalar_metric_data', { task: s.task, metric: 'loss' }], ['events.get_task_plots', { task: s.task, iters: 1 }],
]

/** The fuzz run's state: who is signed in, the failures so far, and the figures the report prints. */
interface Run {
  app: TestApp
  tokens: Record<Who, string | undefined>
  lines: Logged[]
  before: Snapshot
  keep: (data: unknown) => void
  failures: Failure[]
  statuses: Map<number, number>
  slow: { ms: number; c: Case }[]
}

async function send(run: Run, c: Case, viaGateway: boolean): Promise<void> {
  const headers: Record<string, string> = {}
  if (c.contentType) headers['content-type'] = c.contentType
  const token = run.tokens[c.who]
  if (token) headers.authorization = `Bearer ${token}`
  const { api, gateway } = run.app.app.servers
  const mark = run.lines.length
  const started = performance.now()
  let status = 0, problem: string
  try {
    const res = await (viaGateway ? gateway : api).inject({ method: c.method, url: viaGateway ? `/api${c.url}` : c.url, headers, payload: c.payload })
    status = res.statusCode
    const judged = replyProblem(res)
    problem = judged.problem
    if (status === 200) run.keep(judged.data)
  } catch (err) {
    problem = `inject threw ${(err as Error).message}`
  }
  const ms = performance.now() - started
  run.statuses.set(status, (run.statuses.get(status) ?? 0) + 1)
  if (ms > 1000) run.slow.push({ ms, c })
  const changed = prototypeChanges(run.before)
  if (changed.length > 0) run.failures.push({ c, problem: `prototype pollution: ${changed.join(', ')}`, status, logged: '' })
  if (problem) run.failures.push({ c, problem, status, logged: errorSignature(run.lines.slice(mark)) })
  if (run.lines.length > 10_000) run.lines.length = 0
  // A case may have ended the session it used (auth.logout) or its user: sign in again when it did.
  if (c.who !== 'none' && (status === 401 || /^(auth|login|users)\./.test(c.endpoint))) {
    const check = await run.app.call('users.get_current_user', {}, { token: run.tokens[c.who] ?? null })
    if (check.status !== 200) {
      const creds = c.who === 'admin' ? ADMIN : USER
      run.tokens[c.who] = await run.app.login(creds.username, creds.password).catch(() => undefined)
    }
  }
}

/** One entry per distinct cause (what went wrong and what the server logged), with the endpoints it hit and the
 *  first case as a reproduction. */
function summarize(failures: readonly Failure[]): string[] {
  const groups = new Map<string, Failure[]>()
  for (const f of failures) {
    const key = `${f.problem} | ${f.logged.replace(/[0-9a-f]{32}/g, 'ID')}`
    groups.set(key, [...(groups.get(key) ?? []), f])
  }
  return [...groups.values()].map((all) => {
    const f = all[0]
    const endpoints = [...new Set(all.map((x) => x.c.endpoint))]
    return `${all.length}× on ${endpoints.length} endpoint(s) (${endpoints.slice(0, 6).join(', ')}${endpoints.length > 6 ? ', …' : ''}): ${f.problem}\n`
      + `    logged: ${f.logged}\n    first: ${f.c.method} ${f.c.url.slice(0, 120)} [${f.c.who}] ${f.c.kind} ${f.c.path} ${f.c.cls}\n`
      + `    request: ${f.c.shown}`
  })
}

function writeReport(path: string, failures: readonly Failure[]): void {
  writeFileSync(path, failures.map((f) => JSON.stringify({
    n: f.c.n, endpoint: f.c.endpoint, kind: f.c.kind, cls: f.c.cls, path: f.c.path, who: f.c.who, method: f.c.method,
    url: f.c.url.length > 300 ? `${f.c.url.slice(0, 300)}…` : f.c.url, contentType: f.c.contentType, status: f.status,
    problem: f.problem, logged: f.logged, request: f.c.shown,
  })).join('\n'))
}

const fnv1a = (s: string) => [...s].reduce((h, ch) => Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0, 2166136261)

/** Sends every target its share of CASES, with fresh seeds every 8 cases; returns how many were sent. */
async function fuzzAll(run: Run, targets: readonly Target[], forged: Special): Promise<number> {
  // Endpoints with more fields get more cases, so each field sees about as many hostile values.
  const weightOf = (fields: Record<string, Field>) => 3 + Math.min(40, Object.keys(fields).length)
  const totalWeight = targets.reduce((sum, x) => sum + weightOf(x.fields), 0)
  let sent = 0, seeds = 1
  for (const target of targets) {
    // Each endpoint draws from its own stream: adding an endpoint does not change the cases of the others.
    const r = rng(SEED ^ fnv1a(target.name))
    const count = Math.max(3, Math.round((CASES * weightOf(target.fields)) / totalWeight))
    let s: Seeds | undefined
    for (let i = 0; i < count; i++) {
      if (i % 8 === 0 || !s) s = await seed(run.app, run.tokens.admin, ++seeds)
      await send(run, makeCase(sent++, target, s, r, forged), r.chance(0.05))
    }
  }
  return sent
}

test('every endpoint answers hostile field values below 500 with an envelope, and the server lives on', { timeout: Math.max(10 * 60_000, CASES * 100) }, async (t) => {
  const before = snapshot()
  const { log, lines } = capturingLogger()
  const app = await testApp(t, '', {}, undefined, log)
  const targets = targetsOf(app)
  assert.ok(targets.length > 100, `expected the whole API, found ${targets.length} endpoints`)
  const { issued, keep, forged } = issuedIds()
  const tokens: Record<Who, string | undefined> = { admin: app.adminToken, user: await app.login(USER.username, USER.password), none: undefined }
  const run: Run = { app, tokens, lines, before, keep, failures: [], statuses: new Map(), slow: [] }
  for (const [name, data] of priming(await seed(app, tokens.admin, 1))) keep((await app.call(name, data, { token: tokens.admin })).data)

  const started = Date.now()
  const sent = await fuzzAll(run, targets, forged)
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  const fresh = await app.login(ADMIN.username, ADMIN.password)
  const ping = await app.call('debug.ping', {}, { token: null })
  const getAll = await app.call('tasks.get_all', { page: 0, page_size: 10 }, { token: fresh })

  const statuses = [...run.statuses].sort(([a], [b]) => a - b).map(([k, v]) => `${k}×${v}`).join(' ')
  const forgedFrom = [...issued].map(([k, v]) => `${k}×${v.length}`).join(' ') || 'none'
  t.diagnostic(`fuzz: ${sent} cases sent to ${targets.length} endpoints in ${seconds} s (FUZZ_SEED=${SEED}, FUZZ_CASES=${CASES}); `
    + `statuses ${statuses}; forged from issued ids ${forgedFrom}`)
  for (const { ms, c } of run.slow.sort((a, b) => b.ms - a.ms).slice(0, 10)) {
    t.diagnostic(`slow: ${Math.round(ms)} ms ${c.endpoint} ${c.kind} ${c.cls} ${c.path} ${c.shown.slice(0, 160)}`)
  }
  if (REPORT) writeReport(REPORT, run.failures)
  const summary = summarize(run.failures)

  assert.equal(ping.status, 200, 'debug.ping answers after the fuzz')
  assert.equal(getAll.status, 200, `tasks.get_all answers after the fuzz: ${getAll.meta?.result_msg}`)
  assert.deepEqual(prototypeChanges(before), [], 'no built-in prototype changed')
  assert.equal(run.failures.length, 0, `${run.failures.length} of ${sent} cases failed, ${summary.length} distinct:\n${summary.join('\n')}`)
})
