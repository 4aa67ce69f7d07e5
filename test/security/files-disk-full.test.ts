// A full disk (ENOSPC) or an exhausted quota (EDQUOT) while an upload is written: 507 with a clear plain-text
// message, nothing left behind, no stack trace (issue #13, item 10). The disk is simulated by a staging stream
// that writes some bytes and then fails as the OS would.
import Fastify, { type FastifyInstance } from 'fastify'
import assert from 'node:assert/strict'
import { createWriteStream } from 'node:fs'
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { test, type TestContext } from 'node:test'
import { fileServerPlugin } from '../../src/transport/files/file-server.js'
import { createLocalFileStore } from '../../src/transport/files/file-store.js'
import type { Authenticator } from '../../src/transport/rpc/authenticator.js'
import { filesClient } from './files-helpers.js'

const COMPANY = 'c0ffee'
const authenticator: Authenticator = {
  authenticate: async () => ({ identity: { user: 'u', company: COMPANY, role: 'user', userName: 'U', companyName: 'C' } }),
  impersonate: async (caller) => caller,
}

const systemError = (code: string) =>
  Object.assign(new Error(`${code}: no space left on device, write '/secret/path/x'`), { code, errno: -28, syscall: 'write' })

/** A staging file that takes the first `okChunks` chunks, then writes half of the next one and fails with `code`. */
function failingAfter(okChunks: number, code: string) {
  return (path: string): Writable => {
    const file = createWriteStream(path, { flags: 'wx' })
    let seen = 0
    return new Writable({
      write(chunk: Buffer, _encoding, done) {
        if (seen++ < okChunks) return file.write(chunk, done)
        file.write(chunk.subarray(0, chunk.length >> 1), () => done(systemError(code)))
      },
      final(done) { file.end(done) },
      destroy(err, done) { file.destroy(); done(err) },
    })
  }
}

async function serverWithDisk(t: TestContext, openStagingFile: (path: string) => Writable): Promise<{ server: FastifyInstance; root: string }> {
  const root = await mkdtemp(join(tmpdir(), 'clarion-full-'))
  const store = await createLocalFileStore(root, { openStagingFile })
  const server = Fastify()
  await server.register(fileServerPlugin, { store, authenticator, maxUploadBytes: Infinity, cookieName: 'c', defaultCompany: 'other' })
  t.after(async () => {
    await server.close()
    await rm(root, { recursive: true, force: true })
  })
  return { server, root }
}

for (const code of ['ENOSPC', 'EDQUOT']) {
  test(`${code} while staging an upload is 507 with a clear message and leaves nothing behind`, async (t) => {
    const { server, root } = await serverWithDisk(t, failingAfter(0, code))
    const files = filesClient(server, 'token')
    const res = await files.upload([{ name: 'big.bin', body: Buffer.alloc(256 * 1024, 7) }])
    assert.equal(res.statusCode, 507)
    assert.match(String(res.headers['content-type']), /^text\/plain/)
    assert.match(res.body, /^Insufficient storage: /)
    assert.doesNotMatch(res.body, /secret|\n\s+at /)
    assert.deepEqual(await readdir(join(root, '.uploading')), [])
    await assert.rejects(stat(join(root, '.companies', COMPANY, 'big.bin')))
  })
}

test('a full disk on the second part of an upload keeps no part (507)', async (t) => {
  let opened = 0
  const { server, root } = await serverWithDisk(t, (path) => (opened++ === 0 ? createWriteStream(path, { flags: 'wx' }) : failingAfter(0, 'ENOSPC')(path)))
  const res = await filesClient(server, 'token').upload([{ name: 'a.txt', body: 'first' }, { name: 'b.txt', body: 'second' }])
  assert.equal(res.statusCode, 507)
  assert.deepEqual(await readdir(join(root, '.uploading')), [])
  await assert.rejects(stat(join(root, '.companies', COMPANY, 'a.txt')))
})

test('an unexpected storage error is a plain 500 without details', async (t) => {
  const { server } = await serverWithDisk(t, failingAfter(0, 'EIO'))
  const res = await filesClient(server, 'token').upload([{ name: 'a.txt', body: 'x' }])
  assert.deepEqual([res.statusCode, res.body], [500, 'Internal server error'])
})
