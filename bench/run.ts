// npm run bench: starts Clarion on a fresh temporary data directory (free port, own process) and prints the
// figures of issue 3. BENCH_SECONDS sets the sustained scalar-ingest run (default 20; the target is stated for 60).
// BENCH_ONLY=ingest runs step 1 alone, to compare settings (CLARION_INGEST_THREADS, …) in alternating runs.
//   1. scalar ingest over HTTP: 8 concurrent clients, 500-event json-lines batches, sustained
//   2. the raw SQLite insert rate of the same rows, measured in the same run twice before and twice after 1 (the
//      reference is the median), and Clarion's scalar store alone on the same batches
//   3. a task with 1,000,000 scalar points in 10 series: load rate, then scalar_metrics_iter_histogram p50
//   4. a task with 1,000,000 console lines: load rate (log ingest), then get_task_log p50 for 500-line pages
//   5. the query plans of the read paths, and the server's peak RSS
import Database from 'better-sqlite3'
import { fork } from 'node:child_process'
import { once } from 'node:events'
import { readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ScalarRow } from '../src/store/event-store.js'
import { toScalarColumns } from '../src/store/scalar-chunks.js'
import { openDatabase } from '../src/store/sqlite/database.js'
import { createSqliteStore } from '../src/store/sqlite/sqlite-store.js'
import { BatchConnection, createApi, login, logBatch, p50, ScalarBatchWriter, SERIES, type Api } from './client.js'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20)
const INGEST_ONLY = process.env.BENCH_ONLY === 'ingest'
const CLIENTS = 8
const BATCH = 500
const BIG = 1_000_000
/** Rows of the raw-insert reference: the HTTP run's rows, the first two million of them. */
const RAW_ROWS = 2_000_000
const ADMIN = { username: 'bench', password: 'bench-password' }

const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const print = (label: string, value: string) => process.stdout.write(`${label.padEnd(58)} ${value}\n`)

function rssOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0)
  return { rss: kb('VmRSS') * 1024, peak: kb('VmHWM') * 1024 }
}

/** CPU seconds a process (or one of its threads) has used, user + system, from /proc: other load cannot inflate it. */
function cpuOf(pid: number, thread?: number): number {
  const fields = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/** CPU seconds of each thread of a process, by thread id. */
function threadCpus(pid: number): Map<number, number> {
  const out = new Map<number, number>()
  for (const tid of readdirSync(`/proc/${pid}/task`).map(Number)) {
    try {
      out.set(tid, cpuOf(pid, tid))
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out
}

const ownCpu = (): number => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}

interface Drive { events: number; ms: number; cpu: number; mainCpu: number; loadCpu: number; otherThreads: number[] }

/** Runs a loop per connection until `make` has no more; each sends the batch `make(client, round)` and counts events added. */
async function drive(connections: readonly BatchConnection[], make: (client: number, round: number) => Buffer | undefined): Promise<Drive> {
  const start = performance.now()
  const [cpu0, main0, load0, threads0] = [cpuOf(serverPid), cpuOf(serverPid, serverPid), ownCpu(), threadCpus(serverPid)]
  let events = 0
  await Promise.all(connections.map(async (connection, c) => {
    for (let round = 0; ; round++) {
      const body = make(c, round)
      if (body === undefined) return
      // Not `events += await …`: that reads `events` before the await and loses the other clients' counts.
      const added = await connection.send(body)
      events += added
    }
  }))
  const otherThreads = [...threadCpus(serverPid)].filter(([tid]) => tid !== serverPid).map(([tid, cpu]) => cpu - (threads0.get(tid) ?? 0))
  return {
    events, ms: performance.now() - start, cpu: cpuOf(serverPid) - cpu0, mainCpu: cpuOf(serverPid, serverPid) - main0, loadCpu: ownCpu() - load0,
    otherThreads: otherThreads.sort((a, b) => b - a),
  }
}

let serverPid = 0
const perCpu = (r: { events: number; cpu: number }) => `${fmt(r.events / Math.max(r.cpu, 0.01))} per server CPU-second`
/** Where the two cores went: the server (its main thread apart) and this load generator, in CPUs busy on average. */
const cpuShares = (r: Drive) => {
  const busy = (cpu: number) => (cpu / (r.ms / 1000)).toFixed(2)
  // The busiest other threads: the decoders (CLARION_INGEST_THREADS), the checkpointer, libuv's pool.
  const others = r.otherThreads.filter((cpu) => cpu / (r.ms / 1000) >= 0.01).map(busy).join(' ')
  return `server ${busy(r.cpu)} CPUs (main thread ${busy(r.mainCpu)}, others ${others || '0'}), load generator ${busy(r.loadCpu)}`
}

async function newTask(api: Api, name: string): Promise<string> {
  return (await api.call<{ id: string }>('tasks.create', { name, type: 'training' })).id
}

/**
 * The reference: the same rows (8 tasks × 10 series, 500-row batches in the clients' order) inserted straight into a
 * fresh SQLite file with Clarion's pragmas, one row per event in the plain schema (series, iter, ts, value) keyed by
 * (series, iter), one transaction per batch: with 100-row statements (the fastest way to insert rows) and with a
 * one-row prepared statement.
 */
function rawInsertRate(dir: string, rows: number, chunk: number, tag: string): number {
  const db = openDatabase(join(dir, `raw-${chunk}-${tag}`, 'raw.db'))
  db.exec(`CREATE TABLE raw_scalars (series INTEGER NOT NULL, iter INTEGER NOT NULL, ts INTEGER NOT NULL, value REAL,
    PRIMARY KEY (series, iter)) WITHOUT ROWID`)
  const insert = db.prepare(`INSERT OR IGNORE INTO raw_scalars (series, iter, ts, value) VALUES ${Array(chunk).fill('(?,?,?,?)').join(',')}`)
  const params: number[] = new Array(chunk * 4)
  const start = performance.now()
  const ts = Date.now()
  for (let batch = 0; batch * BATCH < rows; batch++) {
    const client = batch % CLIENTS
    const round = Math.floor(batch / CLIENTS)
    db.transaction(() => {
      for (let c = 0; c < BATCH / chunk; c++) {
        for (let j = 0; j < chunk; j++) {
          const k = c * chunk + j
          params[j * 4] = 1 + client * SERIES + (k % SERIES)
          params[j * 4 + 1] = round * (BATCH / SERIES) + Math.floor(k / SERIES)
          params[j * 4 + 2] = ts + k
          params[j * 4 + 3] = Math.sin(k)
        }
        insert.run(params)
      }
    })()
  }
  const rate = rows / ((performance.now() - start) / 1000)
  db.close()
  return rate
}

/** Clarion's own scalar store without HTTP: the same batches through the store interface, one transaction each. */
async function storeInsertRate(dir: string, rows: number): Promise<number> {
  const store = createSqliteStore(join(dir, 'store-only', 'clarion.db'))
  const ts = Date.now()
  const start = performance.now()
  for (let batch = 0; batch * BATCH < rows; batch++) {
    const round = Math.floor(batch / CLIENTS)
    const points: ScalarRow[] = Array.from({ length: BATCH }, (_, k) => ({
      task: `task-${batch % CLIENTS}`, metric: 'loss', variant: `v${k % SERIES}`, modelEvent: false,
      iter: round * (BATCH / SERIES) + Math.floor(k / SERIES), timestamp: ts + k, value: Math.sin(k),
    }))
    const [columns] = toScalarColumns(points)
    await store.transaction((tx) => tx.events.scalars.add(columns, ts))
  }
  const rate = rows / ((performance.now() - start) / 1000)
  await store.close()
  return rate
}

function queryPlans(dbFile: string): string[] {
  const db = new Database(dbFile, { readonly: true })
  const plans: [string, string, unknown[]][] = [
    ['series of a task', `SELECT * FROM event_series WHERE task IN (SELECT value FROM json_each(?)) ORDER BY task, metric, variant, type`, ['["x"]']],
    ['histogram (chunks of a series)', 'SELECT points FROM scalar_chunks WHERE series = ? ORDER BY first_iter', [1]],
    ['scalar page (iter)', `SELECT points FROM scalar_chunks WHERE series = @s AND first_iter >= coalesce((SELECT max(first_iter)
      FROM scalar_chunks WHERE series = @s AND first_iter <= @k), @k) ORDER BY first_iter`, [{ s: 1, k: 0 }]],
    ['scalar ingest (last chunk)', 'SELECT rowid, points FROM scalar_chunks WHERE series = ? ORDER BY first_iter DESC LIMIT 1', [1]],
    ['log page', 'SELECT * FROM event_logs WHERE task = ? AND ts < ? ORDER BY ts DESC, id DESC LIMIT ?', ['x', 0, 500]],
    ['log total', `SELECT sum(count) AS n FROM event_series WHERE task = ? AND type = 'log'`, ['x']],
    ['sample iterations', `SELECT DISTINCT iter FROM event_samples WHERE series IN (SELECT value FROM json_each(?)) AND iter < ? ORDER BY iter DESC LIMIT ?`, ['[1]', 5, 5]],
  ]
  const out = plans.map(([name, sql, args]) => {
    const steps = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail)
    return `${name}: ${steps.join(' | ')}`
  })
  db.close()
  return out
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'clarion-bench-'))
  await mkdir(join(dir, 'config'), { recursive: true })
  await writeFile(join(dir, 'config', 'apiserver.conf'),
    `auth { fixed_users { enabled: true, users: [{ username: "${ADMIN.username}", password: "${ADMIN.password}", name: "Bench", admin: true }] } }\n`)
  // BENCH_PROFILE=DIR writes a CPU profile of the server process (--cpu-prof) into DIR.
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []
  const server = fork(new URL('./server.ts', import.meta.url).pathname, [dir], { execArgv: ['--import', 'tsx', ...profile], stdio: 'inherit' })
  const [{ port, db }] = (await once(server, 'message')) as [{ port: number; db: string }]
  serverPid = server.pid as number
  let maxRss = 0
  const sampler = setInterval(() => { maxRss = Math.max(maxRss, rssOf(server.pid as number).rss) }, 250)
  try {
    const token = await login(port, ADMIN.username, ADMIN.password)
    const api = createApi(port, token, CLIENTS)
    const connections = await Promise.all(Array.from({ length: CLIENTS }, () => BatchConnection.open(port, token)))
    process.stdout.write(`Clarion bench: data dir ${dir}, API on 127.0.0.1:${port}, ${CLIENTS} clients, ${BATCH}-event batches\n`)
    // Throughput depends on what else runs: per-CPU-second figures and the load average put it in context.
    process.stdout.write(`${cpus().length} CPUs, load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n\n`)

    // The reference is measured twice before the HTTP run and twice after it, and the median kept: back-to-back runs of
    // the same insert differ by ±15% on a shared machine, and a machine that has been busy runs slower for a while.
    const rawRuns = (tag: string, chunk: number) => [rawInsertRate(dir, RAW_ROWS, chunk, `${tag}1`), rawInsertRate(dir, RAW_ROWS, chunk, `${tag}2`)]
    const rawBefore = INGEST_ONLY ? undefined : { multi: rawRuns('before', 100), single: rawRuns('before', 1) }
    const tasks = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => newTask(api, `bench scalars ${i}`)))
    const deadline = performance.now() + SECONDS * 1000
    const writers = tasks.map((task) => new ScalarBatchWriter(task, BATCH))
    const sustained = await drive(connections, (c, round) =>
      (performance.now() < deadline ? writers[c].batch(round * (BATCH / SERIES), Date.now()) : undefined))
    const httpRate = sustained.events / (sustained.ms / 1000)
    print(`scalar ingest over HTTP (${SECONDS} s sustained)`, `${fmt(httpRate)} events/s  (${fmt(sustained.events)} events)`)
    print('  server CPU cost', perCpu(sustained))
    print('  CPU use', cpuShares(sustained))
    if (!rawBefore) return
    const rawAfter = { multi: rawRuns('after', 100), single: rawRuns('after', 1) }
    const raw = median([...rawBefore.multi, ...rawAfter.multi])
    const rawSingle = median([...rawBefore.single, ...rawAfter.single])
    const storeOnly = await storeInsertRate(dir, RAW_ROWS)
    const runs = [...rawBefore.multi, ...rawAfter.multi].map(fmt).join(', ')
    print('raw SQLite insert of the same rows, 100-row statements', `${fmt(raw)} rows/s (the reference: median of ${runs})`)
    print('raw SQLite insert of the same rows, one-row statements', `${fmt(rawSingle)} rows/s`)
    print('HTTP ingest as a share of the raw insert rate', `${Math.round((httpRate / raw) * 100)} % (${Math.round((httpRate / rawSingle) * 100)} % of one-row)`)
    print("Clarion's scalar store alone (no HTTP, same batches)", `${fmt(storeOnly)} events/s`)

    const big = await newTask(api, 'bench 1M scalars')
    const perClient = BIG / CLIENTS
    const bigWriters = connections.map(() => new ScalarBatchWriter(big, BATCH))
    const loadScalars = await drive(connections, (c, round) => {
      const first = c * perClient + round * BATCH
      return first < (c + 1) * perClient ? bigWriters[c].batch(first / SERIES, Date.now()) : undefined
    })
    print('  loading 1,000,000 points into one task', `${fmt(loadScalars.events / (loadScalars.ms / 1000))} events/s, ${perCpu(loadScalars)}`)
    const histMs: number[] = []
    for (let i = 0; i < 21; i++) {
      const t0 = performance.now()
      const res = await api.call<Record<string, Record<string, { x: number[] }>>>('events.scalar_metrics_iter_histogram', { task: big })
      if (i > 0) histMs.push(performance.now() - t0)
      if (i === 0 && Object.keys(res.loss ?? {}).length !== SERIES) throw new Error('histogram is missing series')
    }
    print('scalar_metrics_iter_histogram, 1M points / 10 series, p50', `${p50(histMs).toFixed(1)} ms`)

    const logs = await newTask(api, 'bench 1M log lines')
    const base = Date.now()
    const loadLogs = await drive(connections, (c, round) => {
      const first = c * perClient + round * BATCH
      return first < (c + 1) * perClient ? logBatch(logs, first, BATCH, base + first) : undefined
    })
    print('console-log ingest over HTTP (1,000,000 lines)', `${fmt(loadLogs.events / (loadLogs.ms / 1000))} lines/s`)
    print('  server CPU cost', perCpu(loadLogs))
    const logMs: number[] = []
    for (let i = 0; i < 51; i++) {
      const from = i % 2 === 0 ? undefined : base + Math.floor(Math.random() * BIG)
      const t0 = performance.now()
      const page = await api.call<{ returned: number; total: number }>('events.get_task_log', { task: logs, batch_size: 500, from_timestamp: from })
      if (i > 0) logMs.push(performance.now() - t0)
      if (page.total !== BIG) throw new Error(`log total ${page.total}`)
    }
    print('get_task_log, 500-line page of 1M lines, p50', `${p50(logMs).toFixed(1)} ms`)

    const { peak } = rssOf(server.pid as number)
    print('server peak RSS (VmHWM)', `${fmt(Math.max(peak, maxRss) / 2 ** 20)} MB`)
    process.stdout.write('\nquery plans:\n')
    for (const line of queryPlans(db)) process.stdout.write(`  ${line}\n`)
    for (const connection of connections) connection.close()
  } finally {
    clearInterval(sampler)
    server.send('stop')
    await once(server, 'exit')
    await rm(dir, { recursive: true, force: true })
  }
}

await main()
