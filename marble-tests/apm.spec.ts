import { AudioFrame } from '@livekit/rtc-node';
import { expectTypeOf } from 'expect-type';
import { apm, ApmError, FrameFormatError, type ApmOptions } from 'livekit-rx';
import { testFrame } from 'livekit-rx/testing';
import {
  EMPTY,
  lastValueFrom,
  NEVER,
  of,
  take,
  toArray,
  type Observable,
  type OperatorFunction,
} from 'rxjs';
import type { ApmProcessor, ApmSettings } from '../src/native/ApmProcessor';
import { apmProcessorFactory } from '../src/native/apmProcessorFactory';
import { testScheduler } from './scheduler';

/**
 * A stand-in for the native module, injected through the internal seam: it negates capture
 * samples in place (so output shows what was processed), zeroes far-end samples in place (so a
 * mutated caller frame would show), and logs every call.
 */
class FakeApm implements ApmProcessor {
  readonly calls: string[] = [];
  closed = 0;
  failNear: number | undefined;
  constructor(readonly settings: ApmSettings) {}
  processStream(data: Int16Array, sampleRate: number, numChannels: number): void {
    this.checkOpen();
    this.calls.push(`near ${data[0]} x${data.length} @${sampleRate}/${numChannels}`);
    if (this.failNear !== undefined && this.calls.length > this.failNear) {
      throw new Error('native says no');
    }
    for (let i = 0; i < data.length; i++) data[i] = -(data[i] as number);
  }
  processReverseStream(data: Int16Array, sampleRate: number, numChannels: number): void {
    this.checkOpen();
    this.calls.push(`reverse ${data[0]} x${data.length} @${sampleRate}/${numChannels}`);
    data.fill(0);
  }
  setStreamDelay(delayMs: number): void {
    this.checkOpen();
    this.calls.push(`delay ${delayMs}`);
  }
  close(): void {
    this.calls.push('close');
    this.closed++;
  }
  /** The real module throws once closed; the operator must never get that far. */
  private checkOpen(): void {
    if (this.closed > 0) this.calls.push('USED AFTER CLOSE');
  }
}

const real = apmProcessorFactory.create;
let fakes: FakeApm[] = [];
let failNear: number | undefined;
beforeEach(() => {
  fakes = [];
  failNear = undefined;
  apmProcessorFactory.create = (settings) => {
    const fake = new FakeApm(settings);
    fake.failNear = failNear;
    fakes.push(fake);
    return fake;
  };
});
afterEach(() => {
  apmProcessorFactory.create = real;
  for (const x of fakes) expect(x.calls).not.toContain('USED AFTER CLOSE');
  for (const x of fakes) expect(x.closed).toBe(1);
});
const fake = (i = 0): FakeApm => fakes[i] as FakeApm;

// 8 kHz mono: 10 ms = 80 samples; ramp data tells where every sample came from.
const f = (ms: number, start: number, sampleRate = 8000, numChannels = 1) =>
  testFrame({ samplesPerChannel: (sampleRate * ms) / 1000, start, sampleRate, numChannels });
/** The fake's output for 10 ms of ramp from `start`, of which `real` samples are input. */
const out = (start: number, real = 80, sampleRate = 8000) => {
  const n = sampleRate / 100;
  const data = new Int16Array(n);
  for (let i = 0; i < real; i++) data[i] = -(start + i);
  return new AudioFrame(data, sampleRate, 1, n);
};
const ec = (reverse$: Observable<AudioFrame>, more: ApmOptions = {}) =>
  apm({ echoCancellation: true, reverse$, ...more });

describe('apm (a fake native module through the internal seam)', () => {
  it('regroups 15 + 15 + 5 ms into processed 10 ms frames and pads the tail on complete', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const input = cold('--a---b---c--|', { a: f(15, 0), b: f(15, 120), c: f(5, 240) });
      expectObservable(input.pipe(apm({ noiseSuppression: true }))).toBe('--x---(yz)---(w|)', {
        x: out(0),
        y: out(80),
        z: out(160),
        w: out(240, 40),
      });
      expectSubscriptions(input.subscriptions).toBe('^------------!');
    });
    expect(fake().calls).toEqual([
      'near 0 x80 @8000/1',
      'near 80 x80 @8000/1',
      'near 160 x80 @8000/1',
      'near 240 x80 @8000/1',
      'close',
    ]);
  });

  it('remainder: emit processes the tail padded but emits only its own samples; drop discards it', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const input = cold('--a---b--|', { a: f(15, 0), b: f(10, 120) }); // 25 ms: a 5 ms tail
      const tail = new AudioFrame(Int16Array.from(out(160).data.subarray(0, 40)), 8000, 1, 40);
      expectObservable(input.pipe(apm({ highPassFilter: true, remainder: 'emit' }))).toBe(
        '--x---y--(z|)',
        { x: out(0), y: out(80), z: tail },
      );
      expectObservable(input.pipe(apm({ highPassFilter: true, remainder: 'drop' }))).toBe(
        '--x---y--|',
        { x: out(0), y: out(80) },
      );
    });
    // 'emit' still processes the padded 10 ms (the module takes nothing else); 'drop' does not.
    expect(fake(0).calls).toEqual([
      'near 0 x80 @8000/1',
      'near 80 x80 @8000/1',
      'near 160 x80 @8000/1',
      'close',
    ]);
    expect(fake(1).calls).toEqual(['near 0 x80 @8000/1', 'near 80 x80 @8000/1', 'close']);
    expect(() => apm({ remainder: 'trim' as 'pad' })).toThrow(
      new TypeError("apm: remainder must be 'pad', 'emit' or 'drop', got trim"),
    );
  });

  it('never changes the caller’s frames: 10 ms frames are copied before processing in place', async () => {
    const a = f(10, 0);
    const view = new AudioFrame(f(20, 0).data.subarray(80), 8000, 1, 80); // byteOffset 160
    const got = await lastValueFrom(of(a, view).pipe(apm(), toArray()));
    expect(got).toEqual([out(0), out(80)]);
    expect(a).toEqual(f(10, 0));
    expect(view.data).toEqual(f(10, 80).data);
    expect(got.map((o) => [o.data === a.data, o.data.byteOffset])).toEqual([
      [false, 0],
      [false, 0],
    ]);
  });

  it('cuts 44.1 kHz input into 441-sample frames, whatever the input frame size', async () => {
    const input = [0, 300, 600, 900].map((start) =>
      testFrame({ samplesPerChannel: 300, start, sampleRate: 44100 }),
    );
    const got = await lastValueFrom(of(...input).pipe(apm(), toArray()));
    expect(got.map((o) => o.samplesPerChannel)).toEqual([441, 441, 441]);
    expect(got).toEqual([out(0, 441, 44100), out(441, 441, 44100), out(882, 318, 44100)]);
  });

  it('keeps stereo interleaved: 7 ms frames at 48 kHz become 960-sample frames', async () => {
    const input = Array.from({ length: 3 }, (_, i) =>
      testFrame({ samplesPerChannel: 336, numChannels: 2, start: i * 672, sampleRate: 48000 }),
    );
    const got = await lastValueFrom(of(...input).pipe(apm(), toArray()));
    expect(got.map((o) => [o.samplesPerChannel, o.channels, o.data.length])).toEqual([
      [480, 2, 960],
      [480, 2, 960],
      [480, 2, 960], // 1008 + 960 + 48 -> the last one padded
    ]);
    expect(fake().calls.slice(0, 2)).toEqual(['near 0 x960 @48000/2', 'near 960 x960 @48000/2']);
  });

  it('rejects formats the APM cannot take with an ApmError, before anything reaches it', async () => {
    const cases: [AudioFrame, number, number][] = [
      [testFrame({ samplesPerChannel: 441, sampleRate: 22050 }), 22050, 1],
      [testFrame({ samplesPerChannel: 40, sampleRate: 4000 }), 4000, 1],
      [testFrame({ samplesPerChannel: 110, sampleRate: 11025, numChannels: 2 }), 11025, 2],
    ];
    for (const [frame, sampleRate, numChannels] of cases) {
      const err = await lastValueFrom(of(frame).pipe(apm())).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApmError);
      expect((err as ApmError).info).toEqual({
        reason: 'unsupported-format',
        input: 'near',
        index: 0,
        sampleRate,
        numChannels,
        delayMs: undefined,
      });
    }
    expect(fakes.map((x) => x.calls)).toEqual([['close'], ['close'], ['close']]);
    const err = await lastValueFrom(of(cases[0]![0]).pipe(apm())).catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      'apm: frame 0 is 22050 Hz with 1 channel(s), which the APM cannot take: it needs 8 to ' +
        '384 kHz with a whole number of samples in 10 ms (a multiple of 100 Hz; 22.05 and ' +
        '11.025 kHz are not) and 1 to 8 channels. Resample or remix before apm',
    );
  });

  it('ends with a FrameFormatError when the format changes mid-stream, and frees the module', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const input = cold('-a-b-c|', { a: f(10, 0), b: f(10, 0, 16000), c: f(10, 0) });
      const error = new FrameFormatError(
        { operator: 'apm', frameIndex: 1, problem: 'sample-rate', expected: 8000, actual: 16000 },
        'apm needs one format per stream: resample or remix before apm.',
      );
      expectObservable(input.pipe(apm())).toBe('-x-#', { x: out(0) }, error);
      expectSubscriptions(input.subscriptions).toBe('^--!');
    });
    expect(fake().closed).toBe(1);
  });

  it('rejects a corrupt frame (data shorter than samplesPerChannel * channels)', async () => {
    const corrupt = new AudioFrame(new Int16Array(70), 8000, 1, 80);
    const err = await lastValueFrom(of(corrupt).pipe(apm())).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FrameFormatError);
    expect((err as FrameFormatError).info).toMatchObject({ operator: 'apm', problem: 'length' });
    expect(fake().calls).toEqual(['close']);
  });

  it('turns a native processing failure into an ApmError naming the input frame', async () => {
    failNear = 2;
    const input = of(f(10, 0), f(10, 80), f(25, 160));
    const err = await lastValueFrom(input.pipe(apm())).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApmError);
    expect((err as ApmError).info).toEqual({
      reason: 'process',
      input: 'near',
      index: 2,
      sampleRate: 8000,
      numChannels: 1,
      delayMs: undefined,
    });
    expect((err as ApmError).cause).toEqual(new Error('native says no'));
    expect((err as Error).message).toBe(
      'apm: the native audio processing module refused frame 2 (8000 Hz, 1 channel(s)): ' +
        'native says no',
    );
    expect(fake().calls.at(-1)).toBe('close');
  });

  it('fails with an ApmError when the native module cannot be created, subscribing nothing', () => {
    apmProcessorFactory.create = () => {
      throw new Error('no runtime');
    };
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const input = cold('-a|', { a: f(10, 0) });
      const reverse = cold<AudioFrame>('-r|', { r: f(10, 0) });
      const error = new ApmError(
        {
          reason: 'create',
          input: undefined,
          index: -1,
          sampleRate: undefined,
          numChannels: undefined,
          delayMs: undefined,
        },
        new Error('no runtime'),
      );
      expectObservable(input.pipe(ec(reverse))).toBe('#', {}, error);
      expectSubscriptions(input.subscriptions).toBe([]);
      expectSubscriptions(reverse.subscriptions).toBe([]);
    });
  });

  it('feeds reverse$ to the echo canceller as it arrives, for the life of the input', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const reverse = hot('r-s-t-----u-', {
        r: f(10, 1000),
        s: f(10, 1080),
        t: f(10, 1160),
        u: f(10, 1240),
      });
      const input = cold('-a---b---|', { a: f(10, 0), b: f(10, 80) });
      expectObservable(input.pipe(ec(reverse))).toBe('-x---y---|', { x: out(0), y: out(80) });
      expectSubscriptions(reverse.subscriptions).toBe('^--------!');
      expectSubscriptions(input.subscriptions).toBe('^--------!');
    });
    expect(fake().settings).toEqual({
      echoCancellation: true,
      noiseSuppression: false,
      autoGainControl: false,
      highPassFilter: false,
    });
    expect(fake().calls).toEqual([
      'reverse 1000 x80 @8000/1',
      'near 0 x80 @8000/1',
      'reverse 1080 x80 @8000/1',
      'reverse 1160 x80 @8000/1',
      'near 80 x80 @8000/1',
      'close', // u comes after the input completed: reverse$ was unsubscribed
    ]);
  });

  it('regroups reverse$ into 10 ms frames of its own format, pads its tail, never mutates it', () => {
    const [a, b, c] = [f(5, 0, 16000), f(5, 80, 16000), f(5, 160, 16000)];
    const frames = [a, b, c];
    const copies = frames.map((x) => new AudioFrame(x.data.slice(), 16000, 1, 80));
    testScheduler().run(({ cold, expectObservable }) => {
      const reverse = cold('a-b-c|', { a, b, c });
      const input = cold('--------a|', { a: f(10, 0) });
      expectObservable(input.pipe(ec(reverse))).toBe('--------x|', { x: out(0) });
    });
    expect(fake().calls).toEqual([
      'reverse 0 x160 @16000/1',
      'reverse 160 x160 @16000/1', // the 5 ms tail, zero-padded when reverse$ completed
      'near 0 x80 @8000/1',
      'close',
    ]);
    expect(frames).toEqual(copies);
    const exact = f(10, 7);
    return lastValueFrom(of(f(10, 0)).pipe(ec(of(exact)))).then(() =>
      expect(exact).toEqual(f(10, 7)),
    );
  });

  it('ends when reverse$ errors, and keeps going when it completes', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const values = { a: f(10, 0), b: f(10, 80), c: f(10, 160) };
      const input = hot('-a---b---c-|', values);
      const failing = cold<AudioFrame>('--#', {}, new Error('far end broke'));
      expectObservable(input.pipe(ec(failing))).toBe(
        '-x#',
        { x: out(0) },
        new Error('far end broke'),
      );
      expectSubscriptions(input.subscriptions).toBe('^-!');
      const done = cold<AudioFrame>('--|');
      expectObservable(hot('-a---b---c-|', values).pipe(ec(done))).toBe('-x---y---z-|', {
        x: out(0),
        y: out(80),
        z: out(160),
      });
    });
  });

  it('rejects an unsupported or changing reverse$ format with errors naming reverse$', async () => {
    const bad = await lastValueFrom(
      NEVER.pipe(ec(of(testFrame({ samplesPerChannel: 441, sampleRate: 22050 })))),
    ).catch((e: unknown) => e);
    expect((bad as ApmError).info).toMatchObject({
      reason: 'unsupported-format',
      input: 'reverse',
      index: 0,
    });
    expect((bad as Error).message).toMatch(/^apm: reverse\$ frame 0 is 22050 Hz/);
    const changed = await lastValueFrom(NEVER.pipe(ec(of(f(10, 0), f(10, 0, 16000))))).catch(
      (e: unknown) => e,
    );
    expect(changed).toBeInstanceOf(FrameFormatError);
    expect((changed as FrameFormatError).info).toMatchObject({
      operator: 'apm reverse$',
      frameIndex: 1,
      problem: 'sample-rate',
    });
  });

  it('unsubscribes from the input, reverse$ and streamDelayMs and frees the module', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const input = hot('-a--b--c--|', { a: f(10, 0), b: f(10, 80), c: f(10, 160) });
      const reverse = hot<AudioFrame>('----------');
      const delay = hot<number>('d---------', { d: 40 });
      expectObservable(input.pipe(ec(reverse, { streamDelayMs: delay })), '^----!').toBe('-x--y', {
        x: out(0),
        y: out(80),
      });
      for (const s of [input, reverse, delay]) expectSubscriptions(s.subscriptions).toBe('^----!');
    });
    expect(fake().closed).toBe(1);
  });

  it('stops processing at once when the consumer unsubscribes inside a burst', async () => {
    await lastValueFrom(of(f(30, 0)).pipe(apm(), take(1)));
    expect(fake().calls).toEqual(['near 0 x80 @8000/1', 'close']);
  });

  it('sets a fixed stream delay before any audio, and applies each value of an Observable', async () => {
    await lastValueFrom(of(f(10, 0)).pipe(ec(EMPTY, { streamDelayMs: 40 })));
    expect(fake(0).calls).toEqual(['delay 40', 'near 0 x80 @8000/1', 'close']);
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const delay = hot('d---e-|', { d: 20, e: 60 });
      const input = cold('-a---b---|', { a: f(10, 0), b: f(10, 80) });
      expectObservable(input.pipe(ec(NEVER, { streamDelayMs: delay }))).toBe('-x---y---|', {
        x: out(0),
        y: out(80),
      });
      expectSubscriptions(delay.subscriptions).toBe('^-----!');
    });
    expect(fake(1).calls).toEqual([
      'delay 20',
      'near 0 x80 @8000/1',
      'delay 60',
      'near 80 x80 @8000/1',
      'close',
    ]);
  });

  it('ends with an ApmError when streamDelayMs emits a delay the APM refuses', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const delay = hot('d--e--', { d: 20, e: 900 });
      const input = hot('-a---b-|', { a: f(10, 0), b: f(10, 80) });
      const error = new ApmError({
        reason: 'stream-delay',
        input: 'delay',
        index: 1,
        sampleRate: undefined,
        numChannels: undefined,
        delayMs: 900,
      });
      expectObservable(input.pipe(ec(NEVER, { streamDelayMs: delay }))).toBe(
        '-x-#',
        { x: out(0) },
        error,
      );
      expect(error.message).toBe(
        'apm: streamDelayMs value 1 (900) was refused: use 0 to 500 whole ms',
      );
    });
  });

  it('throws at once for options that can never work', () => {
    const r = of(f(10, 0));
    expect(() => apm({ echoCancellation: true })).toThrow(
      new TypeError(
        'apm: echoCancellation needs reverse$, the far-end audio whose echo it cancels',
      ),
    );
    expect(() => apm({ reverse$: r })).toThrow(
      new TypeError('apm: reverse$ is only used by echo cancellation: set echoCancellation: true'),
    );
    for (const bad of [-1, 501, 1.5, Number.NaN]) {
      expect(() => ec(r, { streamDelayMs: bad })).toThrow(RangeError);
    }
    expect(() => ec(r, { streamDelayMs: -1 })).toThrow(
      new RangeError('apm: streamDelayMs must be 0 to 500 whole ms, got -1'),
    );
    expect(() => ec([] as unknown as Observable<AudioFrame>)).toThrow(TypeError);
    expect(() => apm({ streamDelayMs: '40' as unknown as number })).toThrow(TypeError);
    expect(fakes).toEqual([]);
  });

  it('forwards an upstream error (dropping the tail), and completes an empty input', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const failing = cold('-a-#', { a: f(15, 0) }, new Error('boom'));
      expectObservable(failing.pipe(apm())).toBe('-x-#', { x: out(0) }, new Error('boom'));
      expectObservable(cold<AudioFrame>('--|').pipe(apm())).toBe('--|');
    });
    expect(fakes.map((x) => x.calls)).toEqual([['near 0 x80 @8000/1', 'close'], ['close']]);
  });

  it('creates one native module per subscription, with the options it was given', async () => {
    const op = apm({ noiseSuppression: true, highPassFilter: true, autoGainControl: true });
    const input = of(f(10, 0));
    await Promise.all([lastValueFrom(input.pipe(op)), lastValueFrom(input.pipe(op))]);
    expect(fakes).toHaveLength(2);
    expect(fakes.map((x) => [x.settings, x.closed])).toEqual([
      [
        {
          echoCancellation: false,
          noiseSuppression: true,
          autoGainControl: true,
          highPassFilter: true,
        },
        1,
      ],
      [
        {
          echoCancellation: false,
          noiseSuppression: true,
          autoGainControl: true,
          highPassFilter: true,
        },
        1,
      ],
    ]);
  });

  it('is an OperatorFunction over AudioFrames with typed options', () => {
    expectTypeOf(apm()).toEqualTypeOf<OperatorFunction<AudioFrame, AudioFrame>>();
    expectTypeOf<ApmOptions['streamDelayMs']>().toEqualTypeOf<
      number | Observable<number> | undefined
    >();
    expectTypeOf<ApmOptions['reverse$']>().toEqualTypeOf<Observable<AudioFrame> | undefined>();
  });
});
