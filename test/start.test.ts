// `clarion start` as an operator runs it: four listeners from one data directory, the first admin printed once,
// and a clean exit on SIGTERM.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { freePort } from '../src/test/free-port.js'

test('start serves API, files, web and gateway, prints the first admin, and exits 0 on SIGTERM', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'clarion-start-'))
  t.after(() => rm(dataDir, { recursive: true, force: true }))
  const [api, files, web, gateway] = [await freePort(), await freePort(), await freePort(), await freePort()]
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'src', 'cli', 'main.ts'), 'start'], {
    env: {
      ...process.env, CLARION_DATA_DIR: dataDir, CLARION_CONFIG_DIR: join(dataDir, 'config'), CLARION_HOST: '127.0.0.1',
      CLARION_API_PORT: String(api), CLARION_FILES_PORT: String(files), CLARION_WEB_PORT: String(web), CLARION_GATEWAY_PORT: String(gateway),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  t.after(() => { if (child.exitCode === null) child.kill('SIGKILL') })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 30 s:\n${output}`)), 30_000)
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('clarion is serving')) { clearTimeout(timer); resolve() }
    })
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)))
  })
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
