// The one catalogue of API errors. Codes and subcodes are ClearML's (clients compare them), so never invent a
// subcode inside ClearML's ranges and never reuse one. Messages are ours.

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly subcode: number,
    message: string,
    readonly data: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(message, options)
    this.name = 'ApiError'
  }
}

type Maker = (detail?: string, data?: Record<string, unknown>) => ApiError

const define = (code: number, subcode: number, message: string): Maker => (detail, data = {}) =>
  new ApiError(code, subcode, formatMessage(message, detail, data), data)

/** Request text quoted in a message (a name, a pattern) is cut here: a 1 MB name must not make a 1 MB reply or log line. */
const MAX_QUOTED_CHARS = 500

const cut = (text: string): string => (text.length > MAX_QUOTED_CHARS ? `${text.slice(0, MAX_QUOTED_CHARS)}…` : text)

/** ClearML appends the detail in parentheses and the data as `: k=v, …`; clients show this text to users. */
function formatMessage(message: string, detail: string | undefined, data: Record<string, unknown>): string {
  let text = detail ? `${message} (${cut(detail)})` : message
  const pairs = Object.entries(data).map(([k, v]) => `${cut(k)}=${cut(Array.isArray(v) ? `(${v.join(', ')})` : String(v))}`)
  if (pairs.length > 0) text += `: ${pairs.join(', ')}`
  return text
}

export const errors = {
  // 301 moved_permanently: legacy endpoints above the version that retired them
  movedPermanently: define(301, 1, 'Not supported'),
  // 400 bad_request
  badRequest: define(400, 0, 'Bad request'),
  notSupported: define(400, 1, 'Endpoint is not supported'),
  invalidHeaders: define(400, 5, 'Invalid headers'),
  impersonationError: define(400, 6, 'Impersonation error'),
  invalidId: define(400, 10, 'Invalid object id'),
  missingRequiredFields: define(400, 11, 'Missing required fields'),
  validation: define(400, 12, 'Validation error'),
  invalidFields: define(400, 14, 'Fields not defined for object'),
  fieldsConflict: define(400, 15, 'Conflicting fields'),
  fieldsValue: define(400, 16, 'Invalid value for fields'),
  batchContainsNoItems: define(400, 17, 'Batch request contains no items'),
  invalidRegex: define(400, 21, 'Malformed regular expression'),
  invalidAccessKey: define(400, 75, 'Access key not found'),
  invalidTaskId: define(400, 101, 'Invalid task id'),
  taskValidation: define(400, 102, 'Task validation error'),
  invalidTaskStatus: define(400, 110, 'Invalid task status'),
  failedChangingTaskStatus: define(400, 121, 'Failed changing task status, another writer changed it first'),
  missingTaskFields: define(400, 122, 'Task is missing expected fields'),
  taskCannotBeDeleted: define(400, 123, 'Task cannot be deleted'),
  invalidTaskType: define(400, 126, 'Invalid task type'),
  eventsNotAdded: define(400, 131, 'Events not added'),
  operationSupportedOnReportsOnly: define(400, 150, 'Passed task is not report'),
  cannotRemoveAllRuns: define(400, 160, 'Cannot remove all pipeline runs'),
  invalidModelId: define(400, 201, 'Invalid model id'),
  modelNotReady: define(400, 202, 'Model is not ready'),
  modelIsReady: define(400, 203, 'Model is ready'),
  modelInUse: define(400, 205, 'Model is used by tasks'),
  modelCreatingTaskExists: define(400, 206, 'Task that created this model exists'),
  invalidUser: define(400, 300, 'Invalid user'),
  invalidUserId: define(400, 301, 'Invalid user id'),
  userIdExists: define(400, 302, 'User id already exists'),
  invalidPreferencesUpdate: define(400, 305, 'Malformed key or value'),
  invalidProjectId: define(400, 401, 'Invalid project id'),
  projectHasTasks: define(400, 402, 'Project has associated tasks'),
  projectNotFound: define(400, 403, 'Project not found'),
  projectHasModels: define(400, 405, 'Project has associated models'),
  projectHasDatasets: define(400, 406, 'Project has associated non-empty datasets'),
  invalidProjectName: define(400, 407, 'Invalid project name'),
  cannotUpdateProjectLocation: define(400, 408, 'Cannot update project location, use projects.move'),
  projectPathExceedsMax: define(400, 409, 'Project path exceeds the maximum depth'),
  projectSourceAndDestinationSame: define(400, 410, 'Project has the same source and destination'),
  projectCannotBeMovedUnderItself: define(400, 411, 'Project cannot be moved under itself'),
  projectCannotBeMergedIntoChild: define(400, 412, 'Project cannot be merged into its own child'),
  projectHasPipelines: define(400, 413, 'Project has pipelines with active controllers'),
  publicProjectExists: define(400, 414, 'A public project with the same name exists'),
  invalidQueueId: define(400, 701, 'Invalid queue id'),
  queueNotEmpty: define(400, 702, 'Queue is not empty'),
  taskNotQueued: define(400, 703, 'Invalid queue id or task not in queue'),
  taskAlreadyQueued: define(400, 706, 'Task is already queued'),
  noDefaultQueue: define(400, 707, 'No queue is tagged as the default queue'),
  multipleDefaultQueues: define(400, 708, 'More than one queue is tagged as the default queue'),
  dataValidation: define(400, 800, 'Data validation error'),
  expectedUniqueData: define(400, 801, 'Value already exists in a unique field'),
  invalidWorkerId: define(400, 1001, 'Invalid worker id'),
  workerRegistrationFailed: define(400, 1002, 'Worker registration failed'),
  workerNotRegistered: define(400, 1004, 'Worker is not registered'),
  workerStatsNotFound: define(400, 1005, 'Worker stats not found'),
  invalidScrollId: define(400, 1104, 'Invalid scroll id'),
  // 401 unauthorized
  notAuthorized: define(401, 1, 'Unauthorized (not authorized for endpoint)'),
  badAuthType: define(401, 10, 'Unauthorized (bad authentication header type)'),
  noCredentials: define(401, 20, 'Unauthorized (missing credentials)'),
  badCredentials: define(401, 21, 'Unauthorized (malformed credentials)'),
  invalidCredentials: define(401, 22, 'Unauthorized (invalid credentials)'),
  invalidToken: define(401, 30, 'Invalid token'),
  // 403 forbidden
  crossSiteRequest: define(403, 0, 'Forbidden (cross-site request)'),
  roleNotAllowed: define(403, 20, 'Forbidden (not allowed for role)'),
  noWritePermission: define(403, 21, 'Forbidden (modification not allowed)'),
  // 404: unknown endpoint, or a version below every handler
  endpointNotFound: define(404, 0, 'Unable to find endpoint'),
  // 405: RPC takes GET and POST only
  methodNotAllowed: define(405, 0, 'Method not allowed'),
  // 413: a body over the configured limit
  requestTooLarge: define(413, 0, 'Request body too large'),
  // 429: Clarion's own (ClearML has no such code): a user name or client address locked out after failed sign-ins
  tooManyFailedLogins: define(429, 0, 'Too many failed sign-in attempts'),
  // 500 server_error
  general: define(500, 0, 'General server error'),
  internal: define(500, 1, 'Internal server error'),
  configError: define(500, 2, 'Configuration error'),
  lowDiskSpace: define(500, 4, 'Critical server error! server reports low or insufficient disk space'),
  dataError: define(500, 100, 'General data error'),
  inconsistentData: define(500, 101, 'Inconsistent data encountered in document'),
  databaseUnavailable: define(500, 102, 'Database is temporarily unavailable'),
  notImplemented: define(500, 9999, 'Action is not yet implemented'),
} satisfies Record<string, Maker>

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError
