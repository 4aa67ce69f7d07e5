// Client paths → storage keys. A storage key is a '/'-joined path relative to the files root; the store never
// sees a client path, and clients never see a storage key (it carries the company folder, see companyFolder).
import { createHash } from 'node:crypto'

/** Where uploads are streamed before they are renamed into place. */
export const STAGING_DIR = '.uploading'
/** Where the files of every company other than the deployment's default one live. */
export const COMPANIES_DIR = '.companies'
const RESERVED = new Set([STAGING_DIR, COMPANIES_DIR])

/** Linux and macOS filesystems limit one path component to 255 bytes (NAME_MAX). */
export const MAX_NAME_BYTES = 255

export type ParsedPath =
  | { readonly ok: true; readonly segments: readonly string[] }
  | { readonly ok: false; readonly problem: 'invalid' | 'too-long' }

/**
 * Splits a client path into safe segments, as ClearML's `safe_join` does after stripping leading slashes: `.` and
 * empty segments vanish, `..` pops one segment and may not climb above the root, and the root itself, NUL bytes
 * and the reserved top-level folders are refused. Backslashes are ordinary characters on POSIX, as in ClearML.
 */
export function parseClientPath(clientPath: string): ParsedPath {
  if (clientPath.includes('\0')) return { ok: false, problem: 'invalid' }
  const segments: string[] = []
  for (const part of clientPath.split('/')) {
    if (part === '' || part === '.') continue
    if (part !== '..') segments.push(part)
    else if (segments.pop() === undefined) return { ok: false, problem: 'invalid' }
  }
  // Compared case-blind: on a case-insensitive filesystem (macOS) `.Companies` is the same folder.
  if (segments.length === 0 || RESERVED.has(segments[0].toLowerCase())) return { ok: false, problem: 'invalid' }
  if (segments.some((s) => Buffer.byteLength(s) > MAX_NAME_BYTES)) return { ok: false, problem: 'too-long' }
  return { ok: true, segments }
}

/** Company ids are usually 32 hex digits; any other id (fixed users may name one) is hashed into a safe name. */
const SAFE_COMPANY = /^[A-Za-z0-9_-]{1,64}$/

/** `~` is outside SAFE_COMPANY, so a hashed name can never equal a company id used as is. */
export const companyFolder = (company: string): string =>
  SAFE_COMPANY.test(company) ? company : `~${createHash('sha256').update(company).digest('hex')}`

/**
 * The storage key of `segments` for a caller of `company`. The default company's files stay at the root, where
 * existing data directories have them; every other company gets `.companies/<company>/`, which no client path
 * can name, so the same URL path maps to a different file per company and the SDK's URLs work for all of them.
 */
export function storageKey(segments: readonly string[], company: string, defaultCompany: string): string {
  const scoped = company === defaultCompany ? segments : [COMPANIES_DIR, companyFolder(company), ...segments]
  return scoped.join('/')
}
