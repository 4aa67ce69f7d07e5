// npm run bench:main-thread: what one events batch costs the server's main thread, in process. Scalar ingest over
// HTTP is bound by the main thread (JSON lines are decoded on worker threads, everything else runs here), and the
// host's speed drifts by ±40% over minutes, so wall-clock runs cannot tell a 5% change apart. This drives Clarion
// through fastify's inject (no sockets) with the bench's batches, 8 in flight as from 8 clients, and prints the main
// thread's CPU time per batch. MAIN_THREAD_ROUNDS sets the batches per client (default 600, after 100 of warm-up);
// MAIN_THREAD_SQL=1 adds where SQLite time goes, by statement.
import BetterSqlite3 from 'better-sqlite3'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import { createApp } from '../src/app.js'
import { loadConfig } from '../src/config/config.js'
import { openStore } from '../src/store/open-store.js'
import { ScalarBatchWriter, SERIES } from './client.js'

const CLIENTS = 8
const BATCH = 500
const WARMUP = 100
const ROUNDS = Number(process.env.MAIN_THREAD_ROUNDS ?? 600)
const ADMIN = { username: 'bench', password: 'bench-password' }

/** CPU seconds of this process's main thread (its thread id is the process id). */
function mainThreadCpu(): number {
  const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/** Time spent in SQLite calls, by the statement's first words. */
function timeSqlite(): Map<string, { calls: number; ms: number }> {
  const spent = new Map<string, { calls: number; ms: number }>()
  const note = (sql: string, ms: number) => {
    const key = sql.replace(/\s+/g, ' ').slice(0, 70)
    const s = spent.get(key) ?? { calls: 0, ms: 0 }
    s.calls++
    s.ms += ms
    spent.set(key, s)
  }
  const db = BetterSqlite3.prototype as unknown as Record<string, (...args: unknown[]) => unknown>
  const execOriginal = db.exec
  db.exec = function (this: unknown, sql: unknown) {
    const t0 = performance.now()
    try { return execOriginal.call(this, sql) } finally { note(String(sql), performance.now() - t0) }
  }
  const prepareOriginal = db.prepare
  db.prepare = function (this: unknown, sql: unknown) {
    const st = prepareOriginal.call(this, sql) as Record<string, (...args: unknown[]) => unknown>
    for (const method of ['run', 'get', 'all']) {
      const original = st[method].bind(st)
      st[method] = (...args: unknown[]) => {
        const t0 = performance.now()
        try { return original(...args) } finally { note(String(sql), performance.now() - t0) }
      }
    }
    return st
  }
  return spent
}

async function main(): Promise<void> {
  const spent = process.env.MAIN_THREAD_SQL === '1' ? timeSqlite() : undefined
  const dir = await mkdtemp(join(tmpdir(), 'clarion-main-thread-'))
  await mkdir(join(dir, 'config'), { recursive: true })
  await writeFile(join(dir, 'config', 'apiserver.conf'),
    `auth { fixed_users { enabled: true, users: [{ username: "${ADMIN.username}", password: "${ADMIN.password}", name: "Bench", admin: true }] } }\n`)
  const config = await loadConfig({ ...process.env, CLARION_DATA_DIR: dir, CLARION_CONFIG_DIR: join(dir, 'config') })
  const store = openStore(config)
  const app = await createApp({ config, store, log: pino({ level: 'warn' }), signingSecret: randomBytes(32) })
  const api = app.servers.api
  try {
    const basic = `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64')}`
    const login = await api.inject({ method: 'POST', url: '/auth.login', headers: { authorization: basic } })
    const auth = `Bearer ${(login.json() as { data: { token: string } }).data.token}`
    const tasks: string[] = []
    for (let i = 0; i < CLIENTS; i++) {
      const res = await api.inject({ method: 'POST', url: '/tasks.create', headers: { authorization: auth }, payload: { name: `main-thread ${i}`, type: 'training' } })
      tasks.push((res.json() as { data: { id: string } }).data.id)
    }
    const writers = tasks.map((task) => new ScalarBatchWriter(task, BATCH))
    const send = async (client: number, round: number) => {
      // A copy: the writer reuses its buffer, and inject may read the payload after the next batch was made.
      const payload = Buffer.from(writers[client].batch(round * (BATCH / SERIES), Date.now()))
      const res = await api.inject({ method: 'POST', url: '/events.add_batch', headers: { authorization: auth, 'content-type': 'application/json-lines' }, payload })
      if (res.statusCode !== 200) throw new Error(`events.add_batch: ${res.statusCode} ${res.body.slice(0, 300)}`)
    }
    const run = (from: number, to: number) => Promise.all(tasks.map(async (_, c) => { for (let r = from; r < to; r++) await send(c, r) }))
    await run(0, WARMUP)
    spent?.clear()
    const cpu0 = mainThreadCpu()
    const t0 = performance.now()
    await run(WARMUP, WARMUP + ROUNDS)
    const batches = ROUNDS * CLIENTS
    const cpuUs = ((mainThreadCpu() - cpu0) * 1e6) / batches
    const wallUs = ((performance.now() - t0) * 1000) / batches
    process.stdout.write(`${batches} batches of ${BATCH}: main thread ${cpuUs.toFixed(0)} µs CPU per batch, ${wallUs.toFixed(0)} µs wall per batch\n`)
    if (spent) {
      const rows = [...spent.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20)
      for (const [sql, s] of rows) {
        process.stdout.write(`${((s.ms * 1000) / batches).toFixed(1).padStart(8)} µs/batch ${(s.calls / batches).toFixed(2).padStart(6)} calls/batch  ${sql}\n`)
      }
    }
  } finally {
    await app.close()
    await rm(dir, { recursive: true, force: true })
  }
}

await main()
