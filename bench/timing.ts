/** Clocks for the benchmark: one timed call, a pool of concurrent clients, medians and rates. */

export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return [value, Number(process.hrtime.bigint() - start) / 1e6];
}

export interface PoolResult {
  ms: number;
  errors: number;
  /** Operations per second over the whole pool. */
  rate: number;
  firstError?: string;
}

/**
 * Runs count tasks with the given number of concurrent clients. A task that returns false or
 * throws counts as an error (the first one is kept to explain it).
 */
export async function pool(count: number, concurrency: number, task: (i: number) => Promise<true | string>): Promise<PoolResult> {
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const [, ms] = await timed(() =>
    Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) {
          const i = next++;
          let outcome: true | string;
          try {
            outcome = await task(i);
          } catch (error) {
            outcome = error instanceof Error ? error.message : String(error);
          }
          if (outcome !== true) {
            errors++;
            firstError ??= outcome;
          }
        }
      }),
    ),
  );
  return { ms, errors, rate: (count / ms) * 1000, firstError };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const started = Date.now();

/** A progress line on stderr, with the time since the benchmark started. */
export function progress(message: string): void {
  const seconds = Math.round((Date.now() - started) / 1000);
  process.stderr.write(`[bench +${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}] ${message}\n`);
}

export function elapsedSeconds(): number {
  return (Date.now() - started) / 1000;
}
