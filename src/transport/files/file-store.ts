// The local-directory file store, keyed by storage key (see safe-path.ts). Uploads are staged and renamed into
// place; no operation follows a symbolic link: every component of a key must be a real directory or file, so a
// link placed in the files root (by an operator or another program) can never lead a request outside it.
import { randomBytes } from 'node:crypto'
import { createWriteStream, type Stats } from 'node:fs'
import { lstat, mkdir, rename, rm, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { STAGING_DIR } from './safe-path.js'

/** An upload's bytes in staging, not yet visible at any key. */
export interface StagedFile {
  readonly id: string
}

export interface CommitEntry {
  readonly key: string
  readonly staged: StagedFile
}

export interface FileStore {
  /** Streams `source` into staging. On failure the partial bytes are removed and the error is rethrown. */
  stage(source: Readable): Promise<StagedFile>
  /**
   * Moves every staged file to its key, or none of them: when a key crosses a link or a non-directory, or names
   * a folder, nothing moves and the index of the first such entry is returned.
   */
  commit(entries: readonly CommitEntry[]): Promise<{ invalidAt?: number }>
  discard(staged: readonly StagedFile[]): Promise<void>
  /** Deletes a file, or a folder with everything in it; a link is removed itself, never its target. */
  remove(key: string): Promise<'file' | 'folder' | 'missing'>
  /**
   * The local path of the regular file at `key`, for the download route to hand to @fastify/send.
   * TODO(S3 storage): a remote store will answer with a stream and its size here instead.
   */
  locate(key: string): Promise<string | undefined>
}

export interface LocalStoreOptions {
  /** Opens a staging file for writing; tests inject failing streams (a full disk) here. */
  readonly openStagingFile?: (path: string) => Writable
}

const NOT_THERE = new Set(['ENOENT', 'ENOTDIR', 'ENAMETOOLONG'])

async function lstatIfAny(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path)
  } catch (err) {
    if (NOT_THERE.has((err as NodeJS.ErrnoException).code ?? '')) return undefined
    throw err
  }
}

/**
 * Walks `dirs` below `root` with lstat. Returns the last directory, or 'blocked' when a component is a link or
 * not a directory, or 'missing' when one does not exist (and `create` is off). With `create`, missing ones are made
 * one at a time, so a link that appears on the way is still seen.
 */
async function walkDirs(root: string, dirs: readonly string[], create: boolean): Promise<string | 'blocked' | 'missing'> {
  let dir = root
  for (const name of dirs) {
    dir = join(dir, name)
    let info = await lstatIfAny(dir)
    if (!info && !create) return 'missing'
    if (!info) {
      await mkdir(dir).catch((err: NodeJS.ErrnoException) => { if (err.code !== 'EEXIST') throw err })
      info = await lstat(dir)
    }
    if (!info.isDirectory()) return 'blocked'
  }
  return dir
}

const split = (key: string) => {
  const parts = key.split('/')
  return { dirs: parts.slice(0, -1), name: parts[parts.length - 1] }
}

/** The entry at `key` (lstat, so a link is reported as a link), or undefined when it or a parent is missing/blocked. */
async function entryAt(root: string, key: string): Promise<{ path: string; info: Stats } | undefined> {
  const { dirs, name } = split(key)
  const dir = await walkDirs(root, dirs, false)
  if (dir === 'blocked' || dir === 'missing') return undefined
  const path = join(dir, name)
  const info = await lstatIfAny(path)
  return info ? { path, info } : undefined
}

/** Whether `key` can receive a file: no link or file on the way, and no link or folder at the key itself. */
async function isWritableKey(root: string, key: string): Promise<boolean> {
  const { dirs, name } = split(key)
  const dir = await walkDirs(root, dirs, false)
  if (dir === 'blocked') return false
  if (dir === 'missing') return true
  const info = await lstatIfAny(join(dir, name))
  return !info || info.isFile()
}

export async function createLocalFileStore(root: string, options: LocalStoreOptions = {}): Promise<FileStore> {
  const staging = join(root, STAGING_DIR)
  await mkdir(staging, { recursive: true })
  // Uploads are written here before any check of their target: a link here would send them anywhere.
  if (!(await lstat(staging)).isDirectory()) throw new Error(`${staging} must be a directory, not a link`)
  const open = options.openStagingFile ?? ((path: string) => createWriteStream(path, { flags: 'wx' }))
  const stagedPath = (s: StagedFile) => join(staging, s.id)

  async function moveIntoPlace({ key, staged }: CommitEntry): Promise<void> {
    const { dirs, name } = split(key)
    const dir = await walkDirs(root, dirs, true)
    if (dir === 'blocked' || dir === 'missing') throw new Error(`upload target changed during the upload: ${key}`)
    await rename(stagedPath(staged), join(dir, name))
  }

  return {
    async stage(source) {
      const staged = { id: randomBytes(12).toString('hex') }
      try {
        await pipeline(source, open(stagedPath(staged)))
        return staged
      } catch (err) {
        await rm(stagedPath(staged), { force: true })
        throw err
      }
    },
    async commit(entries) {
      // Check every key before moving any file, so one bad part leaves nothing of the upload behind.
      for (const [i, e] of entries.entries()) if (!(await isWritableKey(root, e.key))) return { invalidAt: i }
      for (const e of entries) await moveIntoPlace(e)
      return {}
    },
    async discard(staged) {
      await Promise.all(staged.map((s) => rm(stagedPath(s), { force: true })))
    },
    async remove(key) {
      const entry = await entryAt(root, key)
      if (!entry || entry.info.isSymbolicLink()) return 'missing'
      if (!entry.info.isDirectory()) {
        // A concurrent delete of the same file wins the race; this one reports it missing.
        try {
          await unlink(entry.path)
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing'
          throw err
        }
        return 'file'
      }
      // fs.rm never follows links inside the tree: it unlinks them.
      await rm(entry.path, { recursive: true, force: true })
      return 'folder'
    },
    async locate(key) {
      const entry = await entryAt(root, key)
      return entry?.info.isFile() ? entry.path : undefined
    },
  }
}
