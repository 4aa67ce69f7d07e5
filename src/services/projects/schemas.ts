import { z } from 'zod'

const Tags = z.array(z.string())
const Page = z.number().int().optional()

// `name` is checked by the service so a missing one answers 400/11 as ClearML's required_fields does.
export const CreateRequest = z.object({
  name: z.string().nullish(),
  description: z.string().nullish(),
  tags: Tags.nullish(),
  system_tags: Tags.nullish(),
  default_output_destination: z.string().nullish(),
})
export type CreateRequest = z.infer<typeof CreateRequest>

export const ProjectRequest = z.object({ project: z.string() })

// update keeps explicit nulls apart from absent fields: ClearML writes every field the caller sent.
export const UpdateRequest = CreateRequest.extend({ project: z.string() })
export type UpdateRequest = z.infer<typeof UpdateRequest>

export const MoveRequest = z.object({ project: z.string(), new_location: z.string().nullish() })
export const MergeRequest = z.object({ project: z.string(), destination_project: z.string().nullish() })
export const DeleteRequest = z.object({
  project: z.string(),
  force: z.boolean().default(false),
  delete_contents: z.boolean().default(false),
  delete_external_artifacts: z.boolean().default(true),
})

export const IdsRequest = z.object({ ids: z.array(z.string()) })

// The get_all query language takes arbitrary field names (name, tags, filters, _any_, …): keep them all.
export const GetAllRequest = z.object({}).passthrough()
export const GetAllExRequest = z.object({
  include_stats: z.boolean().default(false),
  include_stats_filter: z.record(z.unknown()).nullish(),
  include_dataset_stats: z.boolean().default(false),
  stats_with_children: z.boolean().default(true),
  // An explicit null asks for both states; a missing value means active only.
  stats_for_state: z.enum(['active', 'archived']).nullable().default('active'),
  non_public: z.boolean().optional(),
  allow_public: z.boolean().optional(),
  active_users: z.array(z.string()).nullish(),
  check_own_contents: z.boolean().default(false),
  shallow_search: z.boolean().default(false),
  search_hidden: z.boolean().default(false),
  children_type: z.enum(['pipeline', 'report', 'dataset']).nullish(),
  children_tags: z.array(z.string()).nullish(),
  children_tags_filter: z.record(z.unknown()).nullish(),
}).passthrough()
export type GetAllExRequest = z.infer<typeof GetAllExRequest>

export const TagsFilter = z.object({ tags: Tags.nullish(), system_tags: Tags.nullish() })
export const TagsRequest = z.object({
  include_system: z.boolean().default(false),
  filter: TagsFilter.nullish(),
  projects: z.array(z.string()).nullish(),
})
export type TagsRequest = z.infer<typeof TagsRequest>

export const ProjectOrNoneRequest = z.object({
  project: z.string().nullish(),
  include_subprojects: z.boolean().default(true),
  page: Page,
  page_size: Page,
})
export const UniqueMetricsRequest = z.object({
  project: z.string().nullish(),
  include_subprojects: z.boolean().default(true),
  ids: z.array(z.string()).nullish(),
  model_metrics: z.boolean().default(false),
})

const MultiProject = {
  projects: z.array(z.string().nullable()).nullish(),
  include_subprojects: z.boolean().default(true),
}
export const TaskParentsRequest = z.object({
  ...MultiProject,
  // 'hidden' is a valid visibility in ClearML but filters nothing here.
  tasks_state: z.enum(['active', 'archived', 'hidden']).nullish(),
  task_name: z.string().nullish(),
})
export const UserNamesRequest = z.object({ ...MultiProject, entity: z.enum(['task', 'model']).default('task') })
const MultiProjectPaged = { ...MultiProject, allow_public: z.boolean().default(true), page: Page, page_size: Page }
export const HyperparamValuesRequest = z.object({
  ...MultiProjectPaged,
  section: z.string(),
  name: z.string(),
  pattern: z.string().nullish(),
})
export const MetadataValuesRequest = z.object({ ...MultiProjectPaged, key: z.string() })

