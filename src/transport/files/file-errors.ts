// The one mapping from errors met while serving files (filesystem, multipart parser, Fastify) to a plain-text
// answer. The file server has no JSON envelope (as in ClearML), so the status and a short message are all a
// client gets; causes, paths and stacks stay in the log. Errors are told apart by code, never by message.

export interface FileProblem {
  readonly status: number
  readonly message: string
}

const BY_CODE: Readonly<Record<string, FileProblem>> = {
  // A full disk or an exhausted quota: the client may retry later (the SDK retries on 5xx it knows; 507 is the
  // precise answer, and the message says what an operator must do).
  ENOSPC: { status: 507, message: 'Insufficient storage: the file server has no space left; nothing was stored' },
  EDQUOT: { status: 507, message: 'Insufficient storage: the file server\'s disk quota is exhausted; nothing was stored' },
  ENAMETOOLONG: { status: 400, message: 'File name too long' },
  FST_REQ_FILE_TOO_LARGE: { status: 413, message: 'File too large' },
  FST_FILES_LIMIT: { status: 413, message: 'Too many files in one upload' },
  FST_PARTS_LIMIT: { status: 413, message: 'Too many parts in one upload' },
  FST_FIELDS_LIMIT: { status: 413, message: 'Too many fields in one upload' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { status: 400, message: 'Expected multipart/form-data' },
  FST_PROTO_VIOLATION: { status: 400, message: 'Invalid multipart field name' },
}

const INTERNAL: FileProblem = { status: 500, message: 'Internal server error' }

/** The answer for `err`; 500 for anything unexpected (the caller logs those). */
export function fileProblem(err: unknown): FileProblem {
  const { code, statusCode } = (err ?? {}) as { code?: unknown; statusCode?: unknown }
  const known = typeof code === 'string' ? BY_CODE[code] : undefined
  if (known) return known
  // Fastify's own 4xx errors (bad body, bad content type) have short fixed messages with no paths in them.
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return { status: statusCode, message: (err as Error).message || 'Bad request' }
  }
  return INTERNAL
}
