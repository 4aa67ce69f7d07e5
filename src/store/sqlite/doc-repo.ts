import type { Database, Statement } from 'better-sqlite3'
import type { Doc } from '../../domain/entities/document.js'
import type { Filter, FindQuery } from '../../domain/query/filter.js'
import { jsonDepth, MAX_STORED_JSON_DEPTH } from '../../domain/limits.js'
import { errors } from '../../errors.js'
import type { DocRepo, HotView } from '../store.js'
import { compileFilter, compileOrder, type FilterOptions } from './filter-sql.js'

interface Row { doc: string; hot?: string }

const isUniqueViolation = (err: unknown): boolean =>
  (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' || (err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
const isPlainError = (err: unknown): boolean => (err as { code?: string }).code === 'SQLITE_ERROR'

/**
 * A document in its columns: `hot` holds the top-level fields the table keeps apart (FilterOptions.hotFields),
 * so the frequent writes of event summaries rewrite a small value and leave `doc` and its indexes alone.
 */
function splitDoc(doc: Doc, hotFields: ReadonlySet<string>): { cold: Record<string, unknown>; hot: Record<string, unknown> } {
  const cold: Record<string, unknown> = {}
  const hot: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(doc)) (hotFields.has(k) ? hot : cold)[k] = v
  return { cold, hot }
}

/** Spaces after a stored hot value, so that it can grow a little and keep its size. */
const HOT_ROOM = 512

/** The values of a write: [doc] or [doc, hot]. */
function columnValues(doc: Doc, hotFields: ReadonlySet<string> | undefined): string[] {
  if (!hotFields) return [JSON.stringify(doc)]
  const { cold, hot } = splitDoc(doc, hotFields)
  const hotJson = JSON.stringify(hot)
  // Room to grow in place (see updateHot).
  return [JSON.stringify(cold), hotJson.padEnd(hotJson.length + HOT_ROOM)]
}

export function createSqliteDocRepo<T extends Doc>(db: Database, table: string, options: FilterOptions): DocRepo<T> {
  const hotFields = options.hotFields
  const columns = hotFields ? 'doc, hot' : 'doc'
  const byId: Statement<[string], Row> = db.prepare(`SELECT ${columns} FROM ${table} WHERE id = ?`)
  const insert = db.prepare(hotFields ? `INSERT INTO ${table} (id, doc, hot) VALUES (?, ?, ?)` : `INSERT INTO ${table} (id, doc) VALUES (?, ?)`)
  const update = db.prepare(hotFields ? `UPDATE ${table} SET doc = ?, hot = ? WHERE id = ?` : `UPDATE ${table} SET doc = ? WHERE id = ?`)
  // The hot value keeps its stored size while the new one fits (padded with spaces, which JSON ignores): SQLite then
  // overwrites the record in place and writes only the pages whose bytes changed, so the document before it (often
  // tens of KB: requirements, diffs, configuration) is not rewritten on every events batch. A value that no longer
  // fits, or has shrunk by more than 2 KB, is stored with HOT_ROOM bytes of room again.
  const updateHot = hotFields ? db.prepare<{ id: string; hot: string }>(`UPDATE ${table} SET hot = CASE
      WHEN octet_length(@hot) <= octet_length(hot) AND octet_length(@hot) >= octet_length(hot) - 2048 THEN printf('%-*s', octet_length(hot), @hot)
      ELSE printf('%-*s', octet_length(@hot) + ${HOT_ROOM}, @hot) END
    WHERE id = @id`) : undefined
  const remove = db.prepare(`DELETE FROM ${table} WHERE id = ?`)
  /** `doc -> '$.f'` is the field as JSON text (NULL when absent): SQLite's parser reads the document, JS only the fields. */
  const hotView = (fields: readonly string[]): Statement<[string], Record<string, string | null>> => {
    for (const f of fields) if (!/^\w+$/.test(f) || hotFields?.has(f)) throw new Error(`getHot reads plain top-level fields, not ${f}`)
    return prepared(`SELECT id, hot${fields.map((f, i) => `, doc -> '$.${f}' AS f${i}`).join('')}
      FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`) as Statement<[string], Record<string, string | null>>
  }
  const parse = (row: Row): T => (row.hot === undefined ? JSON.parse(row.doc) : Object.assign(JSON.parse(row.doc), JSON.parse(row.hot))) as T
  // Queries repeat with the same shape; preparing each SQL text once saves most of a find's cost.
  const statements = new Map<string, Statement>()
  const prepared = (sql: string): Statement => {
    let st = statements.get(sql)
    if (!st) {
      if (statements.size > 500) statements.clear()
      st = db.prepare(sql)
      statements.set(sql, st)
    }
    return st
  }
  const writeGuard = (doc: Doc, fn: () => void): void => {
    try {
      fn()
    } catch (err) {
      if (isUniqueViolation(err)) throw errors.expectedUniqueData(`${table} already has this name or id`)
      // The JSON indexes read every document written; SQLite's JSON parser refuses deeper nesting (a plain
      // SQLITE_ERROR, so the depth is measured here rather than the message read).
      if (isPlainError(err) && jsonDepth(doc, MAX_STORED_JSON_DEPTH) > MAX_STORED_JSON_DEPTH) {
        throw errors.validation(`a field nests deeper than the store allows (${MAX_STORED_JSON_DEPTH - 1} levels)`)
      }
      throw err
    }
  }

  return {
    async get(id) {
      const row = byId.get(id)
      return row ? parse(row) : undefined
    },
    async getMany(ids) {
      if (ids.length === 0) return []
      const rows = prepared(`SELECT ${columns} FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`)
        .all(JSON.stringify(ids)) as Row[]
      return rows.map(parse)
    },
    async find(query: FindQuery) {
      const where = compileFilter(query.filter, options)
      const order = compileOrder(query.orderBy ?? [], options)
      const limit = query.limit ?? -1
      const rows = prepared(`SELECT ${columns} FROM ${table} WHERE ${where.sql} ORDER BY ${order.sql} LIMIT ? OFFSET ?`)
        .all(...where.params, ...order.params, limit, query.offset ?? 0) as Row[]
      return rows.map(parse)
    },
    async count(filter: Filter) {
      const where = compileFilter(filter, options)
      const row = prepared(`SELECT count(*) AS n FROM ${table} WHERE ${where.sql}`).get(...where.params) as { n: number }
      return row.n
    },
    async insert(doc) {
      writeGuard(doc, () => insert.run(doc.id, ...columnValues(doc, hotFields)))
    },
    async update(doc) {
      writeGuard(doc, () => update.run(...columnValues(doc, hotFields), doc.id))
    },
    async getHot<K extends keyof T & string>(ids: readonly string[], fields: readonly K[]): Promise<HotView<T, K>[]> {
      if (!hotFields) return this.getMany(ids)
      if (ids.length === 0) return []
      return hotView(fields).all(JSON.stringify(ids)).map((row) => {
        const view: Record<string, unknown> = JSON.parse(row.hot as string)
        view.id = row.id
        fields.forEach((f, i) => {
          const json = row[`f${i}`]
          if (json !== null) view[f] = JSON.parse(json)
        })
        return view as HotView<T, K>
      })
    },
    async updateHot(doc) {
      // Without hot fields this table's getHot read whole documents, which a plain update writes back.
      if (!updateHot || !hotFields) return this.update(doc as T)
      const hot: Record<string, unknown> = {}
      for (const k of hotFields) if (k in doc) hot[k] = (doc as Record<string, unknown>)[k]
      updateHot.run({ hot: JSON.stringify(hot), id: doc.id })
    },
    async delete(ids) {
      let n = 0
      for (const id of ids) n += remove.run(id).changes
      return n
    },
  }
}
