// SQLite's errors as ClearML's API errors, in one place (STYLE.md §3: only the store can read its driver's codes).
// Classified by the extended result code better-sqlite3 puts on `code` (SQLITE_IOERR_WRITE belongs to
// SQLITE_IOERR), never by message text. A caller gets a clear code and message; the driver's own message and
// stack stay in the log, through `cause`.
import { errors, isApiError, type ApiError } from '../../errors.js'

const withCause = (error: ApiError, cause: unknown): ApiError => {
  error.cause = cause
  return error
}

/** SQLITE_IOERR_WRITE → SQLITE_IOERR: the primary result code of an extended one. */
const primaryCode = (code: string): string => code.split('_').slice(0, 2).join('_')

const TRANSLATIONS: Record<string, () => ApiError> = {
  // A full disk, or max_page_count reached: nothing more can be written until space is freed.
  SQLITE_FULL: () => errors.lowDiskSpace('the database disk is full'),
  SQLITE_IOERR: () => errors.dataError('the database could not read or write its files'),
  SQLITE_READONLY: () => errors.dataError('the database is read-only'),
  SQLITE_CANTOPEN: () => errors.dataError('the database file cannot be opened'),
  SQLITE_CORRUPT: () => errors.inconsistentData('the database file is damaged'),
  SQLITE_NOTADB: () => errors.inconsistentData('the database file is damaged'),
  // Another process held the write lock past busy_timeout.
  SQLITE_BUSY: () => errors.databaseUnavailable('the database is busy'),
  SQLITE_LOCKED: () => errors.databaseUnavailable('the database is busy'),
  // A string or blob over SQLite's length limit.
  SQLITE_TOOBIG: () => errors.validation('a value is too large to store'),
  // A value SQLite cannot take where it needs an integer (LIMIT, OFFSET, a rowid).
  SQLITE_MISMATCH: () => errors.validation('a number is out of range'),
}

/** The API error for a driver error, or the error itself (API errors, bugs) unchanged. */
export function translateDriverError(err: unknown): unknown {
  if (isApiError(err)) return err
  const code = (err as { code?: unknown } | null)?.code
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return err
  const translate = TRANSLATIONS[code] ?? TRANSLATIONS[primaryCode(code)]
  return translate ? withCause(translate(), err) : err
}
