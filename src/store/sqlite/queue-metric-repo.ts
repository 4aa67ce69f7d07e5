// Queue metrics samples: plain rows, timestamps as epoch milliseconds so range scans use the index.
import type { Database } from 'better-sqlite3'
import type { QueueSample } from '../../domain/queues/metrics.js'
import type { QueueMetricRepo } from '../store.js'

interface Row { company: string; queue: string; ts: number; queue_length: number; avg_waiting_sec: number }

const toSample = (r: Row): QueueSample => ({
  company: r.company, queue: r.queue, timestamp: new Date(r.ts), queueLength: r.queue_length, avgWaitingSec: r.avg_waiting_sec,
})

export function createQueueMetricRepo(db: Database): QueueMetricRepo {
  const insert = db.prepare('INSERT INTO queue_metrics (company, queue, ts, queue_length, avg_waiting_sec) VALUES (?, ?, ?, ?, ?)')
  const byCompany = db.prepare<[string, number, number], Row>(
    'SELECT * FROM queue_metrics WHERE company = ? AND ts >= ? AND ts <= ? ORDER BY ts, rowid')
  const byQueues = db.prepare<[string, string, number, number], Row>(
    `SELECT * FROM queue_metrics WHERE company = ? AND queue IN (SELECT value FROM json_each(?)) AND ts >= ? AND ts <= ?
     ORDER BY ts, rowid`)
  return {
    async add(s) {
      insert.run(s.company, s.queue, s.timestamp.getTime(), s.queueLength, s.avgWaitingSec)
    },
    async find(company, queues, from, to) {
      const rows = queues.length === 0
        ? byCompany.all(company, from.getTime(), to.getTime())
        : byQueues.all(company, JSON.stringify(queues), from.getTime(), to.getTime())
      return rows.map(toSample)
    },
  }
}
