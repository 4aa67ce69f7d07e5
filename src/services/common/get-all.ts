// Runs a parsed get_all query against a repository: company scope, hidden entities, paging, and stateless
// scrolling (the scroll id carries the position, so any API process can continue a scroll).
import type { Doc } from '../../domain/entities/document.js'
import type { Identity } from '../../domain/entities/user.js'
import { and, isIn, type Filter } from '../../domain/query/filter.js'
import type { GetAllQuery } from '../../domain/query/get-all.js'
import { errors } from '../../errors.js'
import type { DocRepo } from '../../store/store.js'

/** The caller's company, plus public objects (company '') when allowed. */
export const companyScope = (identity: Identity, allowPublic = true): Filter =>
  isIn('company', allowPublic ? [identity.company, ''] : [identity.company])

export interface GetAllResult<T> { items: T[]; scrollId?: string }

const encodeScroll = (position: number): string => Buffer.from(`clarion-scroll:${position}`).toString('base64url')

function decodeScroll(id: string): number {
  const text = Buffer.from(id, 'base64url').toString('utf8')
  const m = /^clarion-scroll:(\d{1,16})$/.exec(text)
  // A position past 2^53 cannot be an OFFSET: only a forged id carries one.
  if (!m || !Number.isSafeInteger(Number(m[1]))) throw errors.invalidScrollId(id)
  return Number(m[1])
}

/** `scope` is the caller-side condition (company, hidden, sub-projects); the query's own filter is added to it. */
export async function runGetAll<T extends Doc>(repo: DocRepo<T>, query: GetAllQuery, scope: Filter): Promise<GetAllResult<T>> {
  const filter = and(scope, query.filter)
  if (!query.scroll) {
    return { items: await repo.find({ filter, orderBy: query.orderBy, offset: query.offset, limit: query.limit }) }
  }
  const position = query.scroll.id ? decodeScroll(query.scroll.id) : 0
  // refresh_scroll re-reads everything from the start up to the current position (at least one page).
  const offset = query.scroll.refresh ? 0 : position
  const limit = query.scroll.refresh ? Math.max(position, query.scroll.size) : query.scroll.size
  const items = await repo.find({ filter, orderBy: query.orderBy, offset, limit })
  return { items, scrollId: encodeScroll(offset + items.length) }
}
