// `clarion start` as an operator runs it: four listeners from one data directory, the first admin printed once,
// and a clean exit on SIGTERM.
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { startChildServer } from '../src/test/child-server.js'

test('start serves API, files, web and gateway, prints the first admin, and exits 0 on SIGTERM', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'clarion-start-'))
  t.after(() => rm(dataDir, { recursive: true, force: true }))
  const { ports: { api, files, web, gateway }, child, output } = await startChildServer(t, dataDir)
  assert.match(output, /username: admin\n\s+password: \S{20,}/)

  const ping = await fetch(`http://127.0.0.1:${api}/debug.ping`)
  assert.equal(ping.status, 200)
  assert.equal((await fetch(`http://127.0.0.1:${gateway}/api/debug.ping`)).status, 200)
  assert.equal((await fetch(`http://127.0.0.1:${files}/`)).status, 200)
  assert.equal((await fetch(`http://127.0.0.1:${files}/some/file.txt`)).status, 401)
  assert.equal((await fetch(`http://127.0.0.1:${web}/configuration.json`)).status, 200)
  assert.equal((await fetch(`http://127.0.0.1:${api}/projects.get_all`)).status, 401)

  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  child.kill('SIGTERM')
  assert.equal(await exited, 0)
})
