// Slow senders: a client that trickles its request body in must be cut off after apiserver.request_timeout_sec, on
// the API port and on the gateway's /api (whose listener allows hour-long uploads), over real sockets.
import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { test } from 'node:test'
import { testApp } from '../../src/test/test-app.js'

/** Sends the headers of a 1,000-byte POST, then one byte every 200 ms; resolves with ms until the server closed. */
function trickle(port: number, path: string, limitMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`)
    })
    const timer = setInterval(() => socket.writable && socket.write(' '), 200)
    const giveUp = setTimeout(() => { socket.destroy(); reject(new Error(`still open after ${limitMs} ms`)) }, limitMs)
    socket.on('error', () => undefined)
    socket.once('close', () => {
      clearInterval(timer)
      clearTimeout(giveUp)
      resolve(Date.now() - started)
    })
  })
}

test('a body trickled in is cut off after the request timeout, on the API port and the gateway', { timeout: 60_000 }, async (t) => {
  const app = await testApp(t, '', { CLEARML__apiserver__request_timeout_sec: '1' })
  const { api, gateway } = app.app.servers
  await api.listen({ port: 0, host: '127.0.0.1' })
  await gateway.listen({ port: 0, host: '127.0.0.1' })
  const portOf = (s: typeof api) => (s.server.address() as { port: number }).port

  for (const [port, path] of [[portOf(api), '/debug.ping'], [portOf(gateway), '/api/debug.ping']] as const) {
    const closedAfter = await trickle(port, path, 20_000)
    assert.ok(closedAfter >= 900, `${path}: closed after ${closedAfter} ms, not before the deadline`)
  }
  const ok = await fetch(`http://127.0.0.1:${portOf(gateway)}/api/debug.ping`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })
  assert.equal(ok.status, 200, 'a normal request is unaffected')
})
