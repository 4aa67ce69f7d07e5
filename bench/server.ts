// The benchmark's server process: a whole Clarion (file-backed SQLite in a fresh data directory) with its API
// listener on a free port, reported to the parent over IPC. Runs apart from the load generator so the two do
// not share an event loop.
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { pino } from 'pino'
import { createApp } from '../src/app.js'
import { loadConfig } from '../src/config/config.js'
import { openStore, storeFile } from '../src/store/open-store.js'

const dataDir = process.argv[2]
if (!dataDir || !process.send) throw new Error('usage: forked by bench/run.ts with a data directory')

// The environment passes through (CLARION_INGEST_THREADS, CLEARML__… settings), the directories are the bench's own.
const config = await loadConfig({ ...process.env, CLARION_DATA_DIR: dataDir, CLARION_CONFIG_DIR: join(dataDir, 'config') })
const store = openStore(config)
const app = await createApp({ config, store, log: pino({ level: 'warn' }), signingSecret: randomBytes(32) })
const address = await app.servers.api.listen({ port: 0, host: '127.0.0.1' })
process.send({ port: Number(new URL(address).port), db: storeFile(config) })
process.on('message', (msg) => {
  if (msg === 'stop') void app.close().then(() => process.exit(0))
})
