import { createLogger } from '@platform/observability';
import { scheduleJobs, type SchedulerClock } from './service';

const logger = createLogger('jobs-spec', 'silent');

/** A clock that moves only when the test says so: no real sleeps, no timing flakiness. */
class ManualClock implements SchedulerClock {
  private time = 0;
  private timers: Array<{ at: number; run: () => void; cancelled: boolean }> = [];

  now(): number {
    return this.time;
  }

  schedule(run: () => void, ms: number): () => void {
    const timer = { at: this.time + ms, run, cancelled: false };
    this.timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }

  /** Timers still waiting to fire. */
  get pending(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  /** Moves time forward by `ms`, firing each due timer in order. */
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => !t.cancelled && t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.at;
      due.run();
    }
    this.time = until;
  }
}

/** A job run the test finishes by hand. */
function controllable() {
  const finishers: Array<(error?: Error) => void> = [];
  let active = 0;
  let maxActive = 0;
  let started = 0;
  let finished = 0;
  const run = () =>
    new Promise<void>((resolve, reject) => {
      started += 1;
      active += 1;
      maxActive = Math.max(maxActive, active);
      finishers.push((error) => {
        active -= 1;
        finished += 1;
        if (error) reject(error);
        else resolve();
      });
    });
  return {
    run,
    finish: async (error?: Error) => {
      const finisher = finishers.shift();
      if (!finisher) throw new Error('no run in progress');
      finisher(error);
      // Let the scheduler's then/catch/finally chain plan the next run.
      await new Promise((r) => setImmediate(r));
    },
    stats: () => ({ started, finished, active, maxActive }),
  };
}

describe('scheduleJobs', () => {
  it('runs a job one interval after the previous run ended, never two at once, and keeps going after a failure', async () => {
    const clock = new ManualClock();
    const job = controllable();
    const jobs = scheduleJobs([{ name: 'slow', intervalMs: 5, run: job.run }], logger, clock);

    clock.advance(4);
    expect(job.stats().started).toBe(0); // first run after one whole interval
    clock.advance(1);
    expect(job.stats().started).toBe(1);

    // The run takes long: however far time moves, no second run starts while it is in progress.
    clock.advance(100);
    expect(job.stats()).toMatchObject({ started: 1, active: 1 });

    await job.finish(new Error('first run fails'));
    // The failure is logged, not fatal: the next run is planned one interval after it ended.
    clock.advance(4);
    expect(job.stats().started).toBe(1);
    clock.advance(1);
    expect(job.stats().started).toBe(2);
    await job.finish();
    clock.advance(5);
    expect(job.stats().started).toBe(3);
    await job.finish();

    await jobs.stop();
    expect(job.stats().maxActive).toBe(1);
  });

  it('waits for the run in progress on stop and starts no other', async () => {
    const clock = new ManualClock();
    const job = controllable();
    const jobs = scheduleJobs([{ name: 'once', intervalMs: 1, run: job.run }], logger, clock);
    clock.advance(1);
    expect(job.stats().started).toBe(1);

    let stopped = false;
    const stopping = jobs.stop().then(() => (stopped = true));
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false); // stop() waits for the run in progress
    await job.finish();
    await stopping;
    expect(job.stats()).toMatchObject({ started: 1, finished: 1 });

    clock.advance(1000);
    expect(job.stats().started).toBe(1);
    expect(clock.pending).toBe(0);
  });

  it('leaves a job with interval 0 off', async () => {
    const clock = new ManualClock();
    let runs = 0;
    const jobs = scheduleJobs(
      [{ name: 'off', intervalMs: 0, run: async () => void (runs += 1) }],
      logger,
      clock,
    );
    expect(clock.pending).toBe(0);
    clock.advance(1_000_000);
    await jobs.stop();
    expect(runs).toBe(0);
  });
});
