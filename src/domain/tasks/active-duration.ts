/** Whole seconds a task has been running: the SDK type-checks active_duration as an integer. */
export const activeDurationSec = (started: Date, now: Date): number =>
  Math.max(0, Math.floor((now.getTime() - started.getTime()) / 1000))
