import { isAbsolute, relative, resolve, sep } from 'node:path'

/**
 * Maps a client-supplied relative path onto a file under `root`, or undefined when it would escape it
 * (`..`, absolute paths, NUL bytes) or name the root itself. Leading slashes are dropped first, as ClearML does.
 */
export function resolveInside(root: string, clientPath: string): string | undefined {
  if (clientPath.includes('\0')) return undefined
  const trimmed = clientPath.replace(/^[/\\]+/, '')
  if (trimmed === '') return undefined
  const full = resolve(root, trimmed)
  const rel = relative(root, full)
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) return undefined
  // The upload staging area is not addressable.
  if (rel === STAGING_DIR || rel.startsWith(STAGING_DIR + sep)) return undefined
  return full
}

export const STAGING_DIR = '.uploading'
