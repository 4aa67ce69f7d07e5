// Starts a worker thread running one of Clarion's modules. From compiled JavaScript the thread runs the .js file;
// under the TypeScript loader (tests, `npm run clarion`) it runs the .ts source and registers the loader first,
// because module hooks are per thread and a thread does not inherit them from `--import tsx`.
import { Worker, type WorkerOptions } from 'node:worker_threads'

/** `module` is the worker module's URL without extension, relative to `base` (the caller's import.meta.url). */
export function startThread(module: string, base: string, options: Pick<WorkerOptions, 'workerData'> = {}): Worker {
  const fromSource = base.endsWith('.ts')
  const url = new URL(`${module}${fromSource ? '.ts' : '.js'}`, base)
  if (!fromSource) return new Worker(url, options)
  const loader = JSON.stringify(import.meta.resolve('tsx/esm/api'))
  const code = `import(${loader}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}) })`
  return new Worker(code, { ...options, eval: true })
}
