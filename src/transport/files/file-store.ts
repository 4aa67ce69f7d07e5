// The local-directory file store: atomic writes (temporary file, then rename), deletes of files or folders.
import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm, stat, unlink } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { STAGING_DIR } from './safe-path.js'

export interface FileStore {
  readonly root: string
  /**
   * Streams `source` to `target`; on any failure nothing is left at `target` or in staging. `accept` runs once
   * the bytes are down and before they become visible: returning false (a truncated upload) discards them.
   */
  write(target: string, source: Readable, accept?: () => boolean): Promise<boolean>
  remove(target: string): Promise<'file' | 'folder' | 'missing'>
  exists(target: string): Promise<boolean>
}

export async function createLocalFileStore(root: string): Promise<FileStore> {
  const staging = join(root, STAGING_DIR)
  await mkdir(staging, { recursive: true })
  return {
    root,
    async write(target, source, accept = () => true) {
      const temp = join(staging, randomBytes(12).toString('hex'))
      try {
        await pipeline(source, createWriteStream(temp, { flags: 'wx' }))
        if (!accept()) {
          await rm(temp, { force: true })
          return false
        }
        await mkdir(dirname(target), { recursive: true })
        await rename(temp, target)
        return true
      } catch (err) {
        await rm(temp, { force: true })
        throw err
      }
    },
    async remove(target) {
      const info = await stat(target).catch(() => undefined)
      if (!info) return 'missing'
      if (info.isDirectory()) {
        await rm(target, { recursive: true, force: true })
        return 'folder'
      }
      await unlink(target)
      return 'file'
    },
    async exists(target) {
      const info = await stat(target).catch(() => undefined)
      return info?.isFile() ?? false
    },
  }
}
