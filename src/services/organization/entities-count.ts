// organization.get_entities_count: the web UI's counters. Each given query is a get_all query on its entity;
// pipelines and datasets are projects and reports are tasks, counted hidden or not.
import type { Identity } from '../../domain/entities/user.js'
import { MODEL_SPEC } from '../../domain/models/spec.js'
import { ALL, and, type Filter } from '../../domain/query/filter.js'
import { buildFilter, type EntitySpec } from '../../domain/query/get-all.js'
import { rewriteLegacyRequest, TASK_QUERY_SPEC, toStoredPaths } from '../../domain/tasks/query-spec.js'
import type { Repos } from '../../store/store.js'
import { companyScope } from '../common/get-all.js'
import { projectsWithSelectedChildren } from '../projects/contents.js'
import { notHidden, PROJECT_SPEC, requestedIds } from '../projects/get-all.js'
import type { EntitiesCountRequest } from './schemas.js'

type Field = 'projects' | 'tasks' | 'models' | 'pipelines' | 'datasets' | 'reports'
const FIELDS: Field[] = ['projects', 'tasks', 'models', 'pipelines', 'datasets', 'reports']
const ENTITY: Record<Field, 'projects' | 'tasks' | 'models'> = {
  projects: 'projects', tasks: 'tasks', models: 'models', pipelines: 'projects', datasets: 'projects', reports: 'tasks',
}
const SPEC: Record<'projects' | 'tasks' | 'models', EntitySpec> = { projects: PROJECT_SPEC, tasks: TASK_QUERY_SPEC, models: MODEL_SPEC }

function queryFilter(entity: 'projects' | 'tasks' | 'models', data: Record<string, unknown>): Filter {
  if (entity !== 'tasks') return buildFilter(data, SPEC[entity])
  const filter = buildFilter(rewriteLegacyRequest(data), TASK_QUERY_SPEC)
  return toStoredPaths({ filter, orderBy: [], projection: undefined, offset: 0, limit: undefined, scroll: undefined, searchHidden: false }).filter
}

export async function entitiesCount(tx: Repos, identity: Identity, req: EntitiesCountRequest): Promise<Partial<Record<Field, number>>> {
  const out: Partial<Record<Field, number>> = {}
  for (const field of FIELDS) {
    const given = req[field]
    if (given === null || given === undefined) continue
    const entity = ENTITY[field]
    const data: Record<string, unknown> = { ...given }
    if (field === 'reports') data.type = 'report'
    if (req.active_users?.length) {
      if (entity === 'projects') {
        const { ids } = await projectsWithSelectedChildren(tx, {
          company: identity.company, users: req.active_users, projectIds: requestedIds(data), allowPublic: req.allow_public,
        })
        if (ids.length === 0) {
          out[field] = 0
          continue
        }
        data.id = ids
      } else if (!data.user) {
        data.user = req.active_users
      }
    }
    const hidden = entity !== 'models' && ['projects', 'tasks'].includes(field) && !req.search_hidden ? notHidden : ALL
    out[field] = await tx[entity].count(and(companyScope(identity, req.allow_public), hidden, queryFilter(entity, data)))
  }
  return out
}
