// How report tasks and their .reports folders show in projects.get_all_ex (ClearML's test_reports.test_root_reports
// and test_subprojects.test_query_children*).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp, type TestApp } from '../../test/test-app.js'
import { createProject, createReport } from './reports-test-kit.js'

const childrenQuery = { children_type: 'report', shallow_search: true, include_stats: true, check_own_contents: true }

test('projects.get_all_ex with children_type report counts the reports of root and project .reports folders', async (t) => {
  const app = await testApp(t)
  await createReport(app, 'Rep1')
  const project = await createProject(app, 'Test reports')
  await createReport(app, 'Rep2', { project })
  const query = { children_type: 'report', include_stats: true, check_own_contents: true, search_hidden: true, allow_public: false }
  const root = (await app.ok('projects.get_all_ex', { name: '^\\.reports$', ...query })).projects
  assert.equal(root.length, 1)
  assert.equal(root[0].name, '.reports')
  assert.equal(root[0].own_tasks, 1)
  const nested = (await app.ok('projects.get_all_ex', { name: '^Test reports/\\.reports$', ...query })).projects
  assert.equal(nested.length, 1)
  assert.equal(nested[0].own_tasks, 1)
})

async function taggedTree(app: TestApp): Promise<string> {
  const root = await createProject(app, 'TestQueryChildrenTags')
  const project1 = await createProject(app, 'TestQueryChildrenTags/project1')
  const project2 = await createProject(app, 'TestQueryChildrenTags/project2')
  await createReport(app, 'test report', { project: project1 })
  await createReport(app, 'test report', { project: project2, tags: ['test1', 'test2'] })
  await createReport(app, 'test report', { project: project2, tags: ['test1'] })
  return root
}

test('projects.get_all_ex selects the sub-projects holding reports with the given children tags', async (t) => {
  const app = await testApp(t)
  const parent = [await taggedTree(app)]
  const get = async (extra: Record<string, unknown>) => (await app.ok('projects.get_all_ex', { parent, ...childrenQuery, ...extra })).projects
  assert.equal((await get({})).length, 2)
  const cases: [Record<string, unknown>, string, number][] = [
    [{ children_tags: ['test1', 'test2'] }, 'project2', 2],
    [{ children_tags_filter: { any: { include: ['test1', 'test2'] } } }, 'project2', 2],
    [{ children_tags: ['__$all', 'test1', 'test2'] }, 'project2', 1],
    [{ children_tags_filter: { all: { include: ['test1', 'test2'] } } }, 'project2', 1],
    [{ children_tags: ['-test1', '-test2'] }, 'project1', 1],
    [{ children_tags_filter: { all: { exclude: ['test1', 'test2'] } } }, 'project1', 1],
  ]
  for (const [extra, basename, total] of cases) {
    const projects = await get(extra)
    assert.deepEqual(projects.map((p: { basename: string }) => p.basename), [basename], JSON.stringify(extra))
    assert.equal(projects[0].stats.active.total_tasks, total, JSON.stringify(extra))
  }
  const either = await get({ children_tags: ['__$any', '__$not', 'test1', 'test2'] })
  assert.equal(either.length, 2)
  for (const p of either) assert.equal(p.stats.active.total_tasks, 1)
})

test('projects.get_all_ex tells report, pipeline and dataset children apart', async (t) => {
  const app = await testApp(t)
  const root = await createProject(app, 'TestQueryChildren')
  const dataset = await createProject(app, 'TestQueryChildren/Project1/Dataset', { system_tags: ['dataset'], tags: ['hello', 'world'] })
  await app.ok('tasks.create', { name: 'dataset task', type: 'data_processing', system_tags: ['dataset'], project: dataset })
  await app.ok('tasks.create', { name: 'regular task', type: 'testing', project: dataset })
  const pipeline = await createProject(app, 'TestQueryChildren/Project2/Pipeline', { system_tags: ['pipeline'] })
  await app.ok('tasks.create', { name: 'pipeline task', type: 'controller', system_tags: ['pipeline'], project: pipeline })
  await app.ok('tasks.create', { name: 'regular task', type: 'testing', project: pipeline })
  const reports = await createProject(app, 'TestQueryChildren/Project3')
  await createReport(app, 'test report', { project: reports })
  await app.ok('tasks.create', { name: 'regular task', type: 'testing', project: reports })

  const plain = (await app.ok('projects.get_all_ex', { parent: [root], shallow_search: true, include_stats: true })).projects
  assert.deepEqual(new Set(plain.map((p: { basename: string }) => p.basename)), new Set(['Project1', 'Project2', 'Project3']))
  for (const p of plain) assert.equal(p.stats.active.total_tasks, p.basename === 'Project3' ? 1 : 2, p.basename)

  for (const [i, type] of ['dataset', 'pipeline', 'report'].entries()) {
    const projects = (await app.ok('projects.get_all_ex', { parent: [root], ...childrenQuery, children_type: type })).projects
    assert.deepEqual(projects.map((p: { basename: string }) => p.basename), [`Project${i + 1}`], type)
    const p = projects[0]
    if (type === 'dataset') {
      assert.equal(p.own_datasets, 1)
      assert.equal(p.own_tasks, undefined)
      assert.equal(p.stats.datasets.count, 1)
      assert.deepEqual(p.stats.datasets.tags, ['hello', 'world'])
    } else {
      assert.equal(p.own_tasks, 0, type)
      assert.equal(p.own_datasets, undefined)
      assert.equal(p.stats.active.total_tasks, 1, type)
    }
  }
})
