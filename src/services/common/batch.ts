// The *_many endpoints: each id runs on its own; failures are reported per id instead of failing the call.
import { isApiError } from '../../errors.js'

export interface BatchFailure { id: string; error: { codes: [number, number]; msg: string; data: Record<string, unknown> } }
export interface BatchResult<R> { succeeded: R[]; failed: BatchFailure[] }

export async function runBatch<R>(ids: readonly string[], fn: (id: string) => Promise<R>): Promise<BatchResult<R>> {
  const succeeded: R[] = []
  const failed: BatchFailure[] = []
  for (const id of ids) {
    try {
      succeeded.push(await fn(id))
    } catch (err) {
      // Anything that is not an API error is a bug, and must still fail the call loudly.
      if (!isApiError(err)) throw err
      failed.push({ id, error: { codes: [err.code, err.subcode], msg: err.message, data: err.data } })
    }
  }
  return { succeeded, failed }
}
