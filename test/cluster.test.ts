// CLARION_API_WORKERS=2: two API processes on one SQLite file take concurrent event batches and task creations
// without losing an acknowledged write, and the primary stops them all and exits 0 on SIGTERM.
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { startChildServer } from '../src/test/child-server.js'

const BATCHES = 40
const EVENTS_PER_BATCH = 200
const TASKS = 20

interface Reply { status: number; meta: { result_code: number }; data: Record<string, unknown> }

function client(api: number, auth: string) {
  return async (name: string, body: unknown, contentType = 'application/json'): Promise<Reply> => {
    const res = await fetch(`http://127.0.0.1:${api}/${name}`, {
      method: 'POST', headers: { authorization: auth, 'content-type': contentType },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })
    return { status: res.status, ...(await res.json()) as Omit<Reply, 'status'> }
  }
}

function scalarBatch(task: string, batch: number): string {
  return Array.from({ length: EVENTS_PER_BATCH }, (_, i) => JSON.stringify({
    type: 'training_stats_scalar', task, metric: 'loss', variant: 'train', iter: batch * EVENTS_PER_BATCH + i,
    value: i, timestamp: 1_700_000_000_000 + batch * EVENTS_PER_BATCH + i, worker: 'cluster-test',
  })).join('\n')
}

test('two API workers keep every acknowledged event batch and task (200/0), and SIGTERM exits 0', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'clarion-cluster-'))
  t.after(() => rm(dir, { recursive: true, force: true }))
  await mkdir(join(dir, 'config'))
  await writeFile(join(dir, 'config', 'apiserver.conf'),
    'auth { fixed_users { enabled: true, users: [ { username: "admin", password: "cluster-admin", admin: true } ] } }\n')
  const { ports: { api }, child, output } = await startChildServer(t, dir, { CLARION_API_WORKERS: '2' })
  assert.match(output, /"workers":2/)

  const basic = client(api, `Basic ${Buffer.from('admin:cluster-admin').toString('base64')}`)
  const login = await basic('auth.login', {})
  assert.equal(login.status, 200, JSON.stringify(login))
  const call = client(api, `Bearer ${String(login.data.token)}`)
  const created = await call('tasks.create', { name: 'ingest', type: 'training' })
  assert.equal(created.status, 200, JSON.stringify(created))
  const task = String(created.data.id)

  const replies = await Promise.all([
    ...Array.from({ length: BATCHES }, (_, b) => call('events.add_batch', scalarBatch(task, b), 'application/json-lines')),
    ...Array.from({ length: TASKS }, (_, i) => call('tasks.create', { name: `concurrent ${i}`, type: 'training' })),
  ])
  const failed = replies.filter((r) => r.status !== 200)
  assert.deepEqual(failed, [], 'every concurrent write is acknowledged, none is a 500')
  const added = replies.slice(0, BATCHES).reduce((n, r) => n + Number(r.data.added), 0)
  assert.equal(added, BATCHES * EVENTS_PER_BATCH)

  const events = await call('events.get_task_events', { task, event_type: 'training_stats_scalar', count_total: true, batch_size: 1 })
  assert.equal(events.data.total, BATCHES * EVENTS_PER_BATCH)
  const raw = await call('events.scalar_metrics_iter_raw', {
    task, metric: { metric: 'loss', variants: ['train'] }, count_total: true, batch_size: 1,
  })
  assert.equal(raw.data.total, BATCHES * EVENTS_PER_BATCH)
  const tasks = await call('tasks.get_all', { only_fields: ['id'], size: 500 })
  assert.equal((tasks.data.tasks as unknown[]).length, TASKS + 1)

  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  child.kill('SIGTERM')
  assert.equal(await exited, 0)
})
