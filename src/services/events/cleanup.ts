// Deleting events: events.delete_for_task / delete_for_model, and the functions other services call inside
// their own transaction when tasks or models go away or are reset:
//
//   deleteTaskEvents(tx, ids)    → removes every event of these tasks (or models); returns how many
//   taskEventFileUrls(tx, ids)   → debug image URLs and image URLs embedded in plots, for return_file_urls
//                                  (call it before deleteTaskEvents)
import type { Identity } from '../../domain/entities/user.js'
import type { Repos } from '../../store/store.js'
import type { ServiceDeps } from '../deps.js'
import { modelForEventWrite, taskForEventWrite } from './access.js'

export const deleteTaskEvents = (tx: Repos, ids: readonly string[]): Promise<number> => tx.events.deleteForTasks(ids)

export const taskEventFileUrls = (tx: Repos, ids: readonly string[]): Promise<string[]> => tx.events.samples.fileUrls(ids)

export function createEventCleanup({ store }: Pick<ServiceDeps, 'store'>) {
  return {
    async deleteForTask(identity: Identity, task: string, allowLocked: boolean): Promise<{ deleted: number }> {
      return store.transaction(async (tx) => {
        await taskForEventWrite(tx, identity, task, allowLocked)
        return { deleted: await deleteTaskEvents(tx, [task]) }
      })
    },
    async deleteForModel(identity: Identity, model: string, allowLocked: boolean): Promise<{ deleted: number }> {
      return store.transaction(async (tx) => {
        await modelForEventWrite(tx, identity, model, allowLocked)
        return { deleted: await deleteTaskEvents(tx, [model]) }
      })
    },
  }
}

export type EventCleanup = ReturnType<typeof createEventCleanup>
