import { z } from 'zod'
import * as b from '../common/bounds.js'

const Tags = b.tags()
const Page = b.count().optional()
const Id = b.id()
const Ids = b.ids()

// `name` is checked by the service so a missing one answers 400/11 as ClearML's required_fields does.
export const CreateRequest = z.object({
  name: b.projectName().nullish(),
  description: b.text().nullish(),
  tags: Tags.nullish(),
  system_tags: Tags.nullish(),
  default_output_destination: b.text().nullish(),
})
export type CreateRequest = z.infer<typeof CreateRequest>

export const ProjectRequest = z.object({ project: Id })

// update keeps explicit nulls apart from absent fields: ClearML writes every field the caller sent.
export const UpdateRequest = CreateRequest.extend({ project: Id })
export type UpdateRequest = z.infer<typeof UpdateRequest>

export const MoveRequest = z.object({ project: Id, new_location: b.projectName().nullish() })
export const MergeRequest = z.object({ project: Id, destination_project: Id.nullish() })
export const DeleteRequest = z.object({
  project: Id,
  force: z.boolean().default(false),
  delete_contents: z.boolean().default(false),
  delete_external_artifacts: z.boolean().default(true),
})

export const IdsRequest = z.object({ ids: Ids })

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
  active_users: Ids.nullish(),
  check_own_contents: z.boolean().default(false),
  shallow_search: z.boolean().default(false),
  search_hidden: z.boolean().default(false),
  children_type: z.enum(['pipeline', 'report', 'dataset']).nullish(),
  children_tags: Tags.nullish(),
  children_tags_filter: z.record(z.unknown()).nullish(),
}).passthrough()
export type GetAllExRequest = z.infer<typeof GetAllExRequest>

export const TagsFilter = z.object({ tags: Tags.nullish(), system_tags: Tags.nullish() })
export const TagsRequest = z.object({
  include_system: z.boolean().default(false),
  filter: TagsFilter.nullish(),
  projects: Ids.nullish(),
})
export type TagsRequest = z.infer<typeof TagsRequest>

export const ProjectOrNoneRequest = z.object({
  project: Id.nullish(),
  include_subprojects: z.boolean().default(true),
  page: Page,
  page_size: Page,
})
export const UniqueMetricsRequest = z.object({
  project: Id.nullish(),
  include_subprojects: z.boolean().default(true),
  ids: Ids.nullish(),
  model_metrics: z.boolean().default(false),
})

const MultiProject = {
  projects: b.list(Id.nullable()).nullish(),
  include_subprojects: z.boolean().default(true),
}
export const TaskParentsRequest = z.object({
  ...MultiProject,
  // 'hidden' is a valid visibility in ClearML but filters nothing here.
  tasks_state: z.enum(['active', 'archived', 'hidden']).nullish(),
  task_name: b.name().nullish(),
})
export const UserNamesRequest = z.object({ ...MultiProject, entity: z.enum(['task', 'model']).default('task') })
const MultiProjectPaged = { ...MultiProject, allow_public: z.boolean().default(true), page: Page, page_size: Page }
export const HyperparamValuesRequest = z.object({
  ...MultiProjectPaged,
  section: b.name(),
  name: b.name(),
  pattern: z.string().nullish(),
})
export const MetadataValuesRequest = z.object({ ...MultiProjectPaged, key: b.name() })

