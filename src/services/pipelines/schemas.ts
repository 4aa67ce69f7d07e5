import { z } from 'zod'
import * as b from '../common/bounds.js'

// Argument values are strings on the wire; numbers or booleans from hand-written clients keep their text.
const Arg = z.object({ name: b.name(), value: z.union([b.text(), z.number(), z.boolean()]).transform(String) })

export const StartPipelineRequest = z.object({
  task: b.id().min(1),
  // ClearML's request model requires it, but its enqueue falls back to the default queue without one; so do we.
  queue: b.id().nullish(),
  args: b.list(Arg).nullish(),
  verify_watched_queue: z.boolean().nullish(),
})
export type StartPipelineRequest = z.infer<typeof StartPipelineRequest>

export const DeleteRunsRequest = z.object({ project: b.id().min(1), ids: b.ids().min(1) })
export type DeleteRunsRequest = z.infer<typeof DeleteRunsRequest>
