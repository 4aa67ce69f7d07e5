import assert from 'node:assert/strict'
import { test } from 'node:test'
import { testApp, USER } from '../../test/test-app.js'
import { codes, createProject, isoAgo, me, seedModel, seedTask } from './project-test-kit.js'

const HOUR = 3600 * 1000

/** One active and one archived task, both stopped after `seconds` of running an hour ago. */
async function projectWithTasks(app: Awaited<ReturnType<typeof testApp>>, name: string, seconds = 1): Promise<string> {
  const project = await createProject(app, name)
  const run = { status: 'stopped' as const, started: isoAgo(HOUR + seconds * 1000), completed: isoAgo(HOUR) }
  await seedTask(app, { project, ...run })
  await seedTask(app, { project, ...run, system_tags: ['archived'], tags: ['test'] })
  return project
}

test('projects.get_all_ex include_stats sums the sub-projects into their ancestors', async (t) => {
  const app = await testApp(t)
  await projectWithTasks(app, 'project1/project3/project4')
  await projectWithTasks(app, 'project1/project3/project5')
  const project2 = await createProject(app, 'project2')
  const top = await app.ok('projects.get_all', { shallow_search: true })
  const project1 = top.projects.find((p: { name: string }) => p.name === 'project1').id
  const res = (await app.ok('projects.get_all_ex', { id: [project1, project2], include_stats: true })).projects
  const p1 = res.find((p: { id: string }) => p.id === project1)
  assert.deepEqual(Object.keys(p1.stats), ['active'])
  assert.equal(p1.stats.active.status_count.stopped, 2)
  assert.equal(p1.stats.active.status_count.created, 0)
  assert.equal(p1.stats.active.total_tasks, 2)
  assert.equal(p1.stats.active.total_runtime, 2)
  assert.equal(p1.stats.active.completed_tasks_24h, 2)
  assert.match(p1.stats.active.last_task_run, /\+00:00$/)
  assert.deepEqual(new Set(p1.sub_projects.map((s: { name: string }) => s.name)),
    new Set(['project1/project3', 'project1/project3/project4', 'project1/project3/project5']))
  const p2 = res.find((p: { id: string }) => p.id === project2)
  assert.equal(p2.stats.active.total_tasks, 0)
  assert.equal(p2.stats.active.last_task_run, null)
  assert.deepEqual(p2.sub_projects, [])
  assert.equal(Object.keys(p2.stats.active.status_count).length, 10)
})

test('projects.get_all_ex stats_for_state null reports both states; stats_with_children false only the own tasks', async (t) => {
  const app = await testApp(t)
  const parent = await projectWithTasks(app, 'Parent')
  await projectWithTasks(app, 'Parent/Child')
  const [both] = (await app.ok('projects.get_all_ex', { id: [parent], include_stats: true, stats_for_state: null })).projects
  assert.deepEqual(Object.keys(both.stats).sort(), ['active', 'archived'])
  assert.equal(both.stats.archived.total_tasks, 2)
  const [own] = (await app.ok('projects.get_all_ex', {
    id: [parent], include_stats: true, stats_for_state: 'archived', stats_with_children: false,
  })).projects
  assert.deepEqual(Object.keys(own.stats), ['archived'])
  assert.equal(own.stats.archived.total_tasks, 1)
  assert.deepEqual(own.sub_projects, [])
  const [filtered] = (await app.ok('projects.get_all_ex', {
    id: [parent], include_stats: true, stats_for_state: null, include_stats_filter: { tags: ['test'] },
  })).projects
  assert.equal(filtered.stats.active.total_tasks, 0)
  assert.equal(filtered.stats.archived.total_tasks, 2)
  assert.deepEqual(codes(await app.call('projects.get_all_ex', { include_stats: true, include_stats_filter: { tags: [] } })), [400, 12])
})

test('projects.get_all_ex check_own_contents counts tasks and models of the project itself', async (t) => {
  const app = await testApp(t)
  const project1 = await projectWithTasks(app, 'project1x')
  const project2 = await createProject(app, 'project2x')
  await projectWithTasks(app, 'project2x/project22')
  await seedModel(app, { project: project1 })
  const res = (await app.ok('projects.get_all_ex', { id: [project1, project2], check_own_contents: true })).projects
  const p1 = res.find((p: { id: string }) => p.id === project1)
  assert.deepEqual([p1.own_tasks, p1.own_models], [1, 1])
  const p2 = res.find((p: { id: string }) => p.id === project2)
  assert.deepEqual([p2.own_tasks, p2.own_models], [0, 0])
})

test('projects.get_all_ex children_type selects projects by their datasets, pipelines or reports', async (t) => {
  const app = await testApp(t)
  const root = await createProject(app, 'TestQueryChildren')
  const dataset = await createProject(app, 'TestQueryChildren/Project1/Dataset', { system_tags: ['dataset'], tags: ['hello', 'world'] })
  await seedTask(app, { project: dataset, type: 'data_processing', system_tags: ['dataset'] })
  await seedTask(app, { project: dataset })
  const pipeline = await createProject(app, 'TestQueryChildren/Project2/Pipeline', { system_tags: ['pipeline'] })
  await seedTask(app, { project: pipeline, type: 'controller', system_tags: ['pipeline'] })
  await seedTask(app, { project: pipeline })
  const reports = await createProject(app, 'TestQueryChildren/Project3')
  // reports.create files reports in a hidden `.reports` sub-project, which plain statistics skip
  const reportsFolder = await createProject(app, 'TestQueryChildren/Project3/.reports', { system_tags: ['hidden', 'reports'] })
  await seedTask(app, { project: reportsFolder, type: 'report', system_tags: ['reports', 'hidden'] })
  await seedTask(app, { project: reports })

  const all = (await app.ok('projects.get_all_ex', { parent: [root], shallow_search: true, include_stats: true })).projects
  const totals = Object.fromEntries(all.map((p: { basename: string; stats: { active: { total_tasks: number } } }) =>
    [p.basename, p.stats.active.total_tasks]))
  assert.deepEqual(totals, { Project1: 2, Project2: 2, Project3: 1 })

  for (const [i, type] of ['dataset', 'pipeline', 'report'].entries()) {
    const res = (await app.ok('projects.get_all_ex', {
      parent: [root], children_type: type, shallow_search: true, include_stats: true, check_own_contents: true,
    })).projects
    assert.deepEqual(res.map((p: { basename: string }) => p.basename), [`Project${i + 1}`])
    const [p] = res
    if (type === 'dataset') {
      assert.equal(p.own_datasets, 1)
      assert.equal(p.own_tasks, undefined)
      assert.deepEqual(p.stats.datasets, { count: 1, tags: ['hello', 'world'] })
    } else {
      assert.equal(p.own_tasks, 0)
      assert.equal(p.stats.active.total_tasks, 1)
    }
  }
})

test('projects.get_all_ex children_tags narrows the reports counted', async (t) => {
  const app = await testApp(t)
  const root = await createProject(app, 'TestQueryChildrenTags')
  const p1 = await createProject(app, 'TestQueryChildrenTags/project1')
  const p2 = await createProject(app, 'TestQueryChildrenTags/project2')
  const report = { type: 'report' as const, system_tags: ['reports', 'hidden'] }
  await seedTask(app, { project: p1, ...report })
  await seedTask(app, { project: p2, ...report, tags: ['test1', 'test2'] })
  await seedTask(app, { project: p2, ...report, tags: ['test1'] })
  const query = (extra: Record<string, unknown>) => app.ok('projects.get_all_ex', {
    parent: [root], children_type: 'report', shallow_search: true, include_stats: true, check_own_contents: true, ...extra,
  })
  const summary = (res: { projects: { basename: string; stats: { active: { total_tasks: number } } }[] }) =>
    res.projects.map((p) => [p.basename, p.stats.active.total_tasks])
  assert.equal((await query({})).projects.length, 2)
  assert.deepEqual(summary(await query({ children_tags: ['test1', 'test2'] })), [['project2', 2]])
  assert.deepEqual(summary(await query({ children_tags_filter: { any: { include: ['test1', 'test2'] } } })), [['project2', 2]])
  assert.deepEqual(summary(await query({ children_tags: ['__$all', 'test1', 'test2'] })), [['project2', 1]])
  assert.deepEqual(summary(await query({ children_tags: ['-test1', '-test2'] })), [['project1', 1]])
  assert.deepEqual(summary(await query({ children_tags_filter: { all: { exclude: ['test1', 'test2'] } } })), [['project1', 1]])
})

test('projects.get_all_ex active_users keeps projects where those users own something', async (t) => {
  const app = await testApp(t)
  const token = await app.login(USER.username, USER.password)
  const child = (await app.ok('projects.create', { name: 'Aggregation/Pr1' }, { token })).id
  const project = (await app.ok('projects.get_all_ex', { name: '^Aggregation$' })).projects[0].id
  const admin = (await me(app)).user
  assert.deepEqual((await app.ok('projects.get_all_ex', { id: [project], active_users: [admin] })).projects, [])
  await seedTask(app, { project: child })
  await seedTask(app, { project: child })
  await seedTask(app, { project: child, user: (await me(app, token)).user })
  const all = await app.ok('projects.get_all_ex', { id: [project], include_stats: true })
  assert.equal(all.projects[0].stats.active.total_tasks, 3)
  const mine = await app.ok('projects.get_all_ex', { id: [project], active_users: [admin], include_stats: true })
  assert.deepEqual(mine.projects.map((p: { id: string }) => p.id), [project])
  assert.equal(mine.projects[0].stats.active.total_tasks, 2)
})

test('projects.get_all_ex include_dataset_stats reads the latest version\'s runtime', async (t) => {
  const app = await testApp(t)
  const project = await createProject(app, 'Dataset test', { system_tags: ['dataset'] })
  const [none] = (await app.ok('projects.get_all_ex', { id: [project], include_dataset_stats: true })).projects
  assert.equal(none.dataset_stats, null)
  await seedTask(app, { project, runtime: { ds_file_count: 2, ds_total_size: 1000 }, last_update: isoAgo(0) })
  const [some] = (await app.ok('projects.get_all_ex', { id: [project], include_dataset_stats: true })).projects
  assert.deepEqual(some.dataset_stats, { file_count: 2, total_size: 1000 })
})
