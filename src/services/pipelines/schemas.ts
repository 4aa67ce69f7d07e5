import { z } from 'zod'

// Argument values are strings on the wire; numbers or booleans from hand-written clients keep their text.
const Arg = z.object({ name: z.string(), value: z.union([z.string(), z.number(), z.boolean()]).transform(String) })

export const StartPipelineRequest = z.object({
  task: z.string().min(1),
  // ClearML's request model requires it, but its enqueue falls back to the default queue without one; so do we.
  queue: z.string().nullish(),
  args: z.array(Arg).nullish(),
  verify_watched_queue: z.boolean().nullish(),
})
export type StartPipelineRequest = z.infer<typeof StartPipelineRequest>

export const DeleteRunsRequest = z.object({ project: z.string().min(1), ids: z.array(z.string()).min(1) })
export type DeleteRunsRequest = z.infer<typeof DeleteRunsRequest>
