// kill -9 in the middle of sustained ingest: after a restart on the same data directory every acknowledged batch is
// there whole, and no batch is there in part (each batch is one transaction: scalars, a log line and the task's
// summary commit together or not at all).
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { test } from 'node:test'
import { startChildServer } from '../src/test/child-server.js'

const CLIENTS = 4
const ITERS_PER_BATCH = 50
const VARIANTS = 8

interface Reply { status: number; data: Record<string, unknown> }

function client(api: number, auth: string) {
  return async (name: string, body: unknown, contentType = 'application/json'): Promise<Reply> => {
    const res = await fetch(`http://127.0.0.1:${api}/${name}`, {
      method: 'POST', headers: { authorization: auth, 'content-type': contentType },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })
    const envelope = await res.json() as { data: Record<string, unknown> }
    return { status: res.status, data: envelope.data }
  }
}

/** Batch `b`: iterations [b*50, b*50+50) of 8 variants and one log line naming it: ~80 KB, decoded on a thread. */
function batch(task: string, b: number): string {
  const lines: string[] = []
  for (let i = 0; i < ITERS_PER_BATCH; i++) {
    for (let v = 0; v < VARIANTS; v++) {
      lines.push(JSON.stringify({
        type: 'training_stats_scalar', task, metric: 'loss', variant: `v${v}`, iter: b * ITERS_PER_BATCH + i, value: b + v / 10,
        timestamp: 1_700_000_000_000 + b * ITERS_PER_BATCH + i, allow_locked: false, model_event: false,
      }))
    }
  }
  lines.push(JSON.stringify({ type: 'log', task, level: 'info', msg: `batch ${b}`, timestamp: 1_700_000_000_000 + b, allow_locked: false }))
  return lines.join('\n')
}

async function login(api: number) {
  const basic = client(api, `Basic ${Buffer.from('admin:crash-admin').toString('base64')}`)
  const res = await basic('auth.login', {})
  assert.equal(res.status, 200)
  return client(api, `Bearer ${String(res.data.token)}`)
}

test('after kill -9 mid-ingest every acknowledged batch is whole and none is partial', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'clarion-crash-'))
  t.after(() => rm(dir, { recursive: true, force: true }))
  await mkdir(join(dir, 'config'))
  await writeFile(join(dir, 'config', 'apiserver.conf'),
    'auth { fixed_users { enabled: true, users: [ { username: "admin", password: "crash-admin", admin: true } ] } }\n')

  const first = await startChildServer(t, dir)
  let call = await login(first.ports.api)
  const task = String((await call('tasks.create', { name: 'crash ingest', type: 'training' })).data.id)
  const acknowledged = new Set<number>()
  let next = 0
  let inFlight = 0
  let stop = false
  const clients = Array.from({ length: CLIENTS }, async () => {
    while (!stop) {
      const b = next++
      inFlight += 1
      try {
        const res = await call('events.add_batch', batch(task, b), 'application/json-lines')
        if (res.status === 200) acknowledged.add(b)
      } catch {
        return // the server is gone
      } finally {
        inFlight -= 1
      }
    }
  })
  while (acknowledged.size < 20) await sleep(20)
  const exited = new Promise((resolve) => first.child.once('exit', resolve))
  // Replies already on their way may still arrive after this (they were sent after their commit, so they count).
  const sentWhenKilled = inFlight
  first.child.kill('SIGKILL')
  stop = true
  await Promise.all([exited, ...clients])
  assert.ok(sentWhenKilled > 0, 'batches were in flight when the server died')

  const second = await startChildServer(t, dir)
  call = await login(second.ports.api)
  const points = new Map<number, number>()
  let scroll: unknown
  for (;;) {
    const page = await call('events.get_task_events', { task, event_type: 'training_stats_scalar', batch_size: 10_000, scroll_id: scroll })
    const events = page.data.events as { iter: number }[]
    if (events.length === 0) break
    for (const e of events) {
      const b = Math.floor(e.iter / ITERS_PER_BATCH)
      points.set(b, (points.get(b) ?? 0) + 1)
    }
    scroll = page.data.scroll_id
  }
  const log = await call('events.get_task_log', { task, batch_size: 10_000 })
  const logged = new Set((log.data.events as { msg: string }[]).map((e) => Number(e.msg.split(' ')[1])))

  for (const b of acknowledged) assert.equal(points.get(b), ITERS_PER_BATCH * VARIANTS, `acknowledged batch ${b} is whole`)
  for (const [b, n] of points) assert.equal(n, ITERS_PER_BATCH * VARIANTS, `batch ${b} is whole or absent`)
  assert.deepEqual([...logged].sort((a, b) => a - b), [...points.keys()].sort((a, b) => a - b), 'a batch\'s log line lands with its scalars')
  const stored = await call('tasks.get_by_id', { task })
  const lastIteration = Number((stored.data.task as { last_iteration: number }).last_iteration)
  assert.equal(lastIteration, Math.max(...points.keys()) * ITERS_PER_BATCH + ITERS_PER_BATCH - 1, 'the summary matches the events')
})
