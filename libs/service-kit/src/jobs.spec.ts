import { createLogger } from '@platform/observability';
import { scheduleJobs } from './service';

const logger = createLogger('jobs-spec', 'silent');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('scheduleJobs', () => {
  it('runs a job again after each interval, never two runs at once, and keeps going after a failure', async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const jobs = scheduleJobs(
      [
        {
          name: 'slow',
          intervalMs: 5,
          run: async () => {
            active += 1;
            maxActive = Math.max(maxActive, active);
            runs += 1;
            await sleep(20);
            active -= 1;
            if (runs === 1) throw new Error('first run fails');
          },
        },
      ],
      logger,
    );
    await sleep(150);
    await jobs.stop();
    expect(runs).toBeGreaterThanOrEqual(3);
    expect(maxActive).toBe(1);
  });

  it('waits for the run in progress on stop and starts no other', async () => {
    let finished = 0;
    let started = 0;
    const jobs = scheduleJobs(
      [
        {
          name: 'once',
          intervalMs: 1,
          run: async () => {
            started += 1;
            await sleep(50);
            finished += 1;
          },
        },
      ],
      logger,
    );
    await sleep(10);
    await jobs.stop();
    expect(started).toBe(1);
    expect(finished).toBe(1);
    await sleep(20);
    expect(started).toBe(1);
  });

  it('leaves a job with interval 0 off', async () => {
    let runs = 0;
    const jobs = scheduleJobs([{ name: 'off', intervalMs: 0, run: async () => void (runs += 1) }], logger);
    await sleep(20);
    await jobs.stop();
    expect(runs).toBe(0);
  });
});
