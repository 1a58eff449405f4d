import { Bench } from 'tinybench';

/** One side of a comparison: a name and a synchronous function doing one unit of work. */
export interface Side {
  readonly name: string;
  readonly fn: () => void;
}

/** The outcome of a side-by-side run. */
export interface Comparison {
  readonly title: string;
  readonly baseline: string;
  readonly ours: string;
  /** Calls per second, mean over tinybench's samples. */
  readonly baselineHz: number;
  readonly oursHz: number;
  /** How many times faster ours is (> 1: faster). */
  readonly speedup: number;
}

/**
 * Times the rtc-node baseline and our equivalent in one tinybench run (same process, same
 * warm-up, interleaved by task) and returns their throughputs and the ratio.
 */
export async function compare(
  title: string,
  baseline: Side,
  ours: Side,
  timeMs = 1000,
): Promise<Comparison> {
  const bench = new Bench({ time: timeMs, warmupTime: 200 });
  bench.add(baseline.name, baseline.fn).add(ours.name, ours.fn);
  await bench.run();
  const hz = (name: string): number => {
    const result = bench.getTask(name)?.result;
    if (result === undefined || !('throughput' in result))
      throw new Error(`bench: ${name} did not complete`);
    return result.throughput.mean;
  };
  const baselineHz = hz(baseline.name);
  const oursHz = hz(ours.name);
  return {
    title,
    baseline: baseline.name,
    ours: ours.name,
    baselineHz,
    oursHz,
    speedup: oursHz / baselineHz,
  };
}
