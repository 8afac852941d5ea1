/**
 * Waiting and retrying, once for the whole repository: tests and benchmarks wait for a
 * condition with `eventually`; scripts and services retry a flaky step with `retry`.
 */

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface EventuallyOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Called once on timeout; its text is appended to the error (e.g. the state seen last). */
  describe?: () => Promise<string> | string;
}

/**
 * Polls `probe` until it returns a value that is not undefined/null/false, or fails after the
 * timeout with the last error the probe threw (and `describe()`, when given).
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  options: number | EventuallyOptions = {},
  intervalMs?: number,
): Promise<T> {
  const opts: EventuallyOptions = typeof options === 'number' ? { timeoutMs: options, intervalMs } : options;
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const interval = opts.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const described = opts.describe ? `: ${await opts.describe()}` : '';
      const last = lastError ? `: ${(lastError as Error).message}` : '';
      throw new Error(`condition not met within ${timeoutMs} ms${described}${last}`);
    }
    await sleep(interval);
  }
}

export interface RetryOptions {
  /** Total attempts, the first included. */
  attempts: number;
  /** Delay before the second attempt; doubles after each failure up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Whether a failure is worth another attempt; others are thrown at once. */
  retryOn?: (error: unknown) => boolean;
  /** Injected for tests. */
  wait?: (ms: number) => Promise<void>;
}

/** Runs `action` until it succeeds, with exponential backoff between attempts. */
export async function retry<T>(action: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const wait = options.wait ?? sleep;
  let delay = options.initialDelayMs ?? 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await action(attempt);
    } catch (error) {
      if (attempt >= options.attempts || (options.retryOn && !options.retryOn(error))) throw error;
      if (delay > 0) await wait(delay);
      delay = Math.min(Math.max(delay * 2, 0), options.maxDelayMs ?? Number.POSITIVE_INFINITY);
    }
  }
}
