import {
  FfiHandle,
  FfiRequest,
  FfiResponse,
  livekitFfiRequest,
  livekitRetrievePtr,
} from '@livekit/rtc-ffi-bindings';
import { AudioFrame } from '@livekit/rtc-node';
import { apm, type ApmOptions } from 'livekit-rx';
import { performance } from 'node:perf_hooks';
import { Subject } from 'rxjs';

/** The outcome of one case: medians over alternating runs, and what they mean. */
export interface ApmBenchmark {
  readonly title: string;
  /** Median time of one run (1 s of audio) of the hand-written FFI loop, in ms. */
  readonly rawMs: number;
  /** Median time of one run through `apm()`, in ms. */
  readonly oursMs: number;
  /** The median over runs of `ours / raw - 1`: what the operator adds to the raw loop. */
  readonly overhead: number;
  /** Seconds of audio `apm()` processes per second of one core: 48 kHz mono streams in real time. */
  readonly realTimeFactor: number;
  readonly runs: number;
}

const RATE = 48000;
const N = RATE / 100;

/** One second of 48 kHz mono in 10 ms frames: a 440 Hz tone in noise, so every stage has work. */
function second(seed: number): AudioFrame[] {
  let s = seed;
  const noise = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
  return Array.from({ length: 100 }, (_, k) => {
    const data = new Int16Array(N);
    for (let i = 0; i < N; i++) {
      data[i] = Math.round(
        6000 * Math.sin((2 * Math.PI * 440 * (k * N + i)) / RATE) + 2000 * noise(),
      );
    }
    return new AudioFrame(data, RATE, 1, N);
  });
}

// The baseline: the same FFI requests written by hand, as an app would without livekit-rx.
// Each frame is copied first, as apm() does: processing the caller's frame in place would change
// the benchmark's input from one run to the next.
type Message = NonNullable<NonNullable<ConstructorParameters<typeof FfiRequest>[0]>['message']>;
const ffi = (message: Message) =>
  FfiResponse.fromBinary(livekitFfiRequest(new FfiRequest({ message }).toBinary())).message;

/** One side of the comparison: set up, process the k-th 10 ms (far end first), tear down. */
interface Side {
  start(): void;
  frame(k: number): void;
  end(): void;
}

function rawSide(near: AudioFrame[], far: AudioFrame[] | undefined, options: ApmOptions): Side {
  let handle: FfiHandle | undefined;
  const process = (kind: 'apmProcessStream' | 'apmProcessReverseStream', frame: AudioFrame) => {
    const data = frame.data.slice();
    const res = ffi({
      case: kind,
      value: {
        apmHandle: (handle as FfiHandle).handle,
        dataPtr: livekitRetrievePtr(new Uint8Array(data.buffer)),
        size: data.byteLength,
        sampleRate: frame.sampleRate,
        numChannels: frame.channels,
      },
    });
    if ((res.value as { error?: string }).error) throw new Error('process failed');
    return new AudioFrame(data, frame.sampleRate, frame.channels, frame.samplesPerChannel);
  };
  return {
    start() {
      const created = ffi({
        case: 'newApm',
        value: {
          echoCancellerEnabled: options.echoCancellation ?? false,
          gainControllerEnabled: options.autoGainControl ?? false,
          highPassFilterEnabled: options.highPassFilter ?? false,
          noiseSuppressionEnabled: options.noiseSuppression ?? false,
        },
      });
      if (created.case !== 'newApm') throw new Error('newApm failed');
      handle = new FfiHandle(created.value.apm?.handle?.id as bigint);
    },
    frame(k) {
      if (far !== undefined) process('apmProcessReverseStream', far[k] as AudioFrame);
      process('apmProcessStream', near[k] as AudioFrame);
    },
    end: () => handle?.dispose(),
  };
}

function oursSide(near: AudioFrame[], far: AudioFrame[] | undefined, options: ApmOptions): Side {
  let near$ = new Subject<AudioFrame>();
  let far$ = new Subject<AudioFrame>();
  return {
    start() {
      near$ = new Subject<AudioFrame>();
      far$ = new Subject<AudioFrame>();
      near$.pipe(apm(far === undefined ? options : { ...options, reverse$: far$ })).subscribe();
    },
    frame(k) {
      if (far !== undefined) far$.next(far[k] as AudioFrame);
      near$.next(near[k] as AudioFrame);
    },
    end: () => near$.complete(),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/**
 * apm() against the hand-written FFI loop over the same second of audio, interleaved frame by
 * frame: each run sets both up, then times every 10 ms step of each side in turn (who goes first
 * alternates), so load from elsewhere on a shared machine hits both alike. Per run: the total
 * time of each side (set-up and tear-down included); reported: the medians over the runs and the
 * median of the per-run ratios.
 */
export async function apmBenchmarks(runs: number): Promise<ApmBenchmark[]> {
  const near = second(1);
  const far = second(2);
  const cases: [string, ApmOptions, boolean][] = [
    ['every stage off (the FFI round trip and a copy)', {}, false],
    ['noise suppression + high-pass', { noiseSuppression: true, highPassFilter: true }, false],
    [
      'echo cancellation (+ reverse$) + noise suppression + high-pass + AGC',
      {
        echoCancellation: true,
        noiseSuppression: true,
        highPassFilter: true,
        autoGainControl: true,
      },
      true,
    ],
  ];
  const results: ApmBenchmark[] = [];
  for (const [title, options, echo] of cases) {
    const farEnd = echo ? far : undefined;
    const sides = [rawSide(near, farEnd, options), oursSide(near, farEnd, options)] as const;
    const totals = [0, 0];
    const timed = (i: 0 | 1, step: (side: Side) => void) => {
      const t = performance.now();
      step(sides[i]);
      totals[i] = (totals[i] as number) + performance.now() - t;
    };
    const both = (k: number, step: (side: Side) => void) => {
      const first = k % 2 === 0 ? 0 : 1;
      timed(first, step);
      timed(first === 0 ? 1 : 0, step);
    };
    const run = () => {
      totals[0] = totals[1] = 0;
      both(0, (side) => side.start());
      for (let k = 0; k < near.length; k++) both(k, (side) => side.frame(k));
      both(1, (side) => side.end());
      return [totals[0] as number, totals[1] as number] as const;
    };
    for (let i = 0; i < 5; i++) run(); // warm-up
    const rawMs: number[] = [];
    const oursMs: number[] = [];
    const ratios: number[] = [];
    for (let i = 0; i < runs; i++) {
      const [r, o] = run();
      rawMs.push(r);
      oursMs.push(o);
      ratios.push(o / r);
      await new Promise<void>((resolve) => setImmediate(resolve)); // let the runtime breathe
    }
    results.push({
      title,
      rawMs: median(rawMs),
      oursMs: median(oursMs),
      overhead: median(ratios) - 1,
      realTimeFactor: 1000 / median(oursMs),
      runs,
    });
  }
  return results;
}
