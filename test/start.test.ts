// `clarion start` as an operator runs it: four listeners from one data directory, the first admin's password kept
// out of collected output, private files, and a clean exit on SIGTERM.
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import type { Logger } from 'pino'
import type { App } from '../src/app.js'
import { announceFirstAdmin } from '../src/main.js'
import { startChildServer } from '../src/test/child-server.js'

const modeOf = async (path: string): Promise<number> => (await stat(path)).mode & 0o777

test('start serves API, files, web and gateway, keeps the first admin\'s password out of piped output, and exits 0 on SIGTERM', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'clarion-start-'))
  t.after(() => rm(dataDir, { recursive: true, force: true }))
  const { ports: { api, files, web, gateway }, child, output } = await startChildServer(t, dataDir)
  // stdout is a pipe here, as under a service manager: the log names the file, the password stays in it.
  const passwordFile = join(dataDir, 'data', 'secrets', 'admin-password')
  const password = (await readFile(passwordFile, 'utf8')).trim()
  assert.match(password, /^\S{20,}$/)
  assert.ok(!output.includes(password), 'the password is not in the output')
  assert.ok(output.includes(passwordFile), 'the output says where the password is')
  assert.equal(await modeOf(passwordFile), 0o600)
  assert.equal(await modeOf(join(dataDir, 'data')), 0o700)
  for (const name of ['clarion.db', 'clarion.db-wal', 'clarion.db-shm']) {
    assert.equal(await modeOf(join(dataDir, 'data', 'db', name)), 0o600, name)
  }

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

test('the first admin\'s password is printed only to a terminal', () => {
  const admin = { email: 'admin', password: 'pw-0123456789abcdefghij', passwordFile: '/data/secrets/admin-password' }
  const app = { bootstrap: { createdAdmin: admin } } as unknown as App
  const logged: unknown[] = []
  const log = { warn: (fields: unknown) => logged.push(fields) } as unknown as Logger
  const write = (isTTY: boolean) => {
    let text = ''
    announceFirstAdmin(app, { isTTY, write: (s: string) => { text += s } }, log)
    return text
  }
  assert.match(write(true), /password: pw-0123456789abcdefghij/)
  assert.equal(write(false), '')
  assert.deepEqual(logged, [{ username: 'admin', passwordFile: admin.passwordFile }])
})
