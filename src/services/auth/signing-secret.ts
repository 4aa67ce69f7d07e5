import { randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** The JWT signing key: generated on first start, kept under <data>/secrets, readable by the owner only. */
export async function loadSigningSecret(dataDir: string): Promise<Uint8Array> {
  const dir = join(dataDir, 'secrets')
  const file = join(dir, 'token-secret')
  try {
    return Buffer.from((await readFile(file, 'utf8')).trim(), 'hex')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const secret = randomBytes(64)
  // 'wx' fails if another process created it meanwhile; then read theirs.
  try {
    await writeFile(file, secret.toString('hex') + '\n', { mode: 0o600, flag: 'wx' })
    return secret
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    return Buffer.from((await readFile(file, 'utf8')).trim(), 'hex')
  }
}
