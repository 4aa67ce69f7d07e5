// Builders for the file server security tests: multipart bodies as the SDK sends them, and calls through the
// file server listener (or the gateway) with a caller's token.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { multipartBody, type Part } from '../../src/test/multipart.js'
import type { TestApp } from '../../src/test/test-app.js'

export { multipartBody, type Part }

type Response = LightMyRequestResponse

export interface FilesClient {
  upload(parts: readonly Part[]): Promise<Response>
  get(url: string, headers?: Record<string, string>): Promise<Response>
  head(url: string): Promise<Response>
  delete(url: string): Promise<Response>
  deleteMany(body: unknown): Promise<Response>
}

/** A client of `server` (mounted at `prefix`) that authenticates with `token`. */
export function filesClient(server: FastifyInstance, token: string, prefix = ''): FilesClient {
  const auth = { authorization: `Bearer ${token}` }
  return {
    upload(parts) {
      const { payload, contentType } = multipartBody(parts)
      return server.inject({ method: 'POST', url: prefix || '/', headers: { ...auth, 'content-type': contentType }, payload })
    },
    get: (url, headers = {}) => server.inject({ method: 'GET', url: prefix + url, headers: { ...auth, ...headers } }),
    head: (url) => server.inject({ method: 'HEAD', url: prefix + url, headers: auth }),
    delete: (url) => server.inject({ method: 'DELETE', url: prefix + url, headers: auth }),
    deleteMany: (body) => server.inject({
      method: 'POST', url: `${prefix}/delete_many`, headers: { ...auth, 'content-type': 'application/json' },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  }
}

/** The admin's client on the file server listener. */
export const adminFiles = (app: TestApp): FilesClient => filesClient(app.app.servers.files, app.adminToken)
