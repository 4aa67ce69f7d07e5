// Numbered migrations, applied in order at start under an exclusive lock. PRAGMA user_version records the
// last one applied; a database written by a newer Clarion is refused rather than silently misread.
import type { Database } from 'better-sqlite3'

const docTable = (name: string, indexed: readonly string[], unique: readonly string[][] = []) => [
  `CREATE TABLE ${name} (id TEXT PRIMARY KEY, doc TEXT NOT NULL) WITHOUT ROWID`,
  ...indexed.map((f) => `CREATE INDEX ${name}_${f} ON ${name} (json_extract(doc, '$.${f}'))`),
  ...unique.map((fields) =>
    `CREATE UNIQUE INDEX ${name}_unique_${fields.join('_')} ON ${name} (${fields.map((f) => `json_extract(doc, '$.${f}')`).join(', ')})`),
]

export const MIGRATIONS: readonly (readonly string[])[] = [
  // 1: identities and the entity documents
  [
    `CREATE TABLE companies (id TEXT PRIMARY KEY, name TEXT NOT NULL)`,
    `CREATE TABLE users (
       id TEXT PRIMARY KEY, company TEXT NOT NULL, name TEXT NOT NULL, given_name TEXT NOT NULL, family_name TEXT NOT NULL,
       email TEXT NOT NULL, role TEXT NOT NULL, avatar TEXT, created TEXT NOT NULL, preferences TEXT NOT NULL,
       password_hash TEXT, autocreated INTEGER NOT NULL)`,
    `CREATE INDEX users_company ON users (company)`,
    `CREATE INDEX users_email ON users (email)`,
    `CREATE TABLE credentials (
       access_key TEXT PRIMARY KEY, secret_hash TEXT NOT NULL, user_id TEXT NOT NULL, company TEXT NOT NULL,
       label TEXT, created TEXT NOT NULL, last_used TEXT, last_used_from TEXT)`,
    `CREATE INDEX credentials_user ON credentials (user_id)`,
    `CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
    `CREATE TABLE revoked_tokens (session_id TEXT PRIMARY KEY, expires_at TEXT NOT NULL)`,
    ...docTable('tasks', ['company', 'project', 'status', 'parent', 'created', 'last_update', 'user', 'type']),
    ...docTable('projects', ['company', 'parent'], [['company', 'name']]),
    ...docTable('models', ['company', 'project', 'task', 'created', 'last_update', 'user']),
    ...docTable('queues', ['company'], [['company', 'name']]),
  ],
]

export function migrate(db: Database): void {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > MIGRATIONS.length) {
    throw new Error(`the database is at schema ${current}, newer than this Clarion (${MIGRATIONS.length}); upgrade Clarion`)
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      for (const statement of MIGRATIONS[version]) db.exec(statement)
      db.pragma(`user_version = ${version + 1}`)
    }).immediate()
  }
}
