import { AudioFrame, VideoBufferType, VideoFrame } from '@livekit/rtc-node';
import {
  QueueOverflowError,
  synchronizeAV,
  type AVItem,
  type AVSyncStats,
  type SynchronizedAV,
} from 'livekit-rx';
import { map, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { testScheduler } from './scheduler';

// 10 ms of 1 kHz mono audio whose samples are all `v`; a 1x1 RGBA video frame whose red is `v`.
const audio = (v: number): AVItem => ({
  kind: 'audio',
  frame: new AudioFrame(new Int16Array(10).fill(v), 1000, 1, 10),
});
const video = (v: number): AVItem => ({
  kind: 'video',
  frame: new VideoFrame(Uint8Array.from([v, 0, 0, 255]), 1, 1, VideoBufferType.RGBA),
});
const items = { a: audio(1), b: audio(2), c: audio(3), d: audio(4), v: video(1), w: video(2) };
// Output items by name: 'a1' is audio frame 1, 'v2' video frame 2; '@t' adds its timestampUs.
const name = (x: SynchronizedAV): string => `${x.kind[0]}${x.frame.data[0]}`;
const named = (o: Observable<SynchronizedAV>) => o.pipe(map(name));
const timed = (o: Observable<SynchronizedAV>) =>
  o.pipe(map((x) => `${name(x)}@${x.timestampUs / 1000}`));

describe('synchronizeAV', () => {
  it('paces video at fps and audio by its duration, one clock from the first frame', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const input = cold('(abcvw|)', items);
      // fps 50: a video frame every 20 ms; audio frames of 10 ms back to back.
      expectObservable(named(input.pipe(synchronizeAV({ fps: 50 })))).toBe('(xv) 6ms y 9ms (zw|)', {
        x: 'a1',
        y: 'a2',
        z: 'a3',
        v: 'v1',
        w: 'v2',
      });
      expectSubscriptions(input.subscriptions).toBe('(^!)');
    });
  });

  it('gives every frame its time on the clock', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const input = cold('(abcvw|)', items);
      expectObservable(timed(input.pipe(synchronizeAV({ fps: 50 })))).toBe('(xv) 6ms y 9ms (zw|)', {
        x: 'a1@0',
        y: 'a2@10',
        z: 'a3@20',
        v: 'v1@0',
        w: 'v2@20',
      });
    });
  });

  it('lets audio that arrives ahead wait for its time while video arrives on time', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      // All audio at once (40 ms, within the 100 ms queue); video at 10 fps, on time.
      const input = cold('(abcdv) 93ms w|', items);
      expectObservable(named(input.pipe(synchronizeAV({ fps: 10 })))).toBe(
        '(xv) 6ms y 9ms z 9ms u 69ms w|',
        { x: 'a1', y: 'a2', z: 'a3', u: 'a4', v: 'v1', w: 'v2' },
      );
    });
  });

  it('sends late frames at once and lets the next ones catch up with the clock', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      // fps 50: v2 is due at 20 and comes at 50 (30 ms late, within the tolerance): sent at
      // once; v3 (due at 40) too; v4 waits for 60: the clock did not move.
      const v = (n: number) => video(n);
      const input = cold('v 49ms (wxy|)', { v: v(1), w: v(2), x: v(3), y: v(4) });
      expectObservable(timed(input.pipe(synchronizeAV({ fps: 50 })))).toBe('v 49ms (wx) 6ms (y|)', {
        v: 'v1@0',
        w: 'v2@20',
        x: 'v3@40',
        y: 'v4@60',
      });
    });
  });

  it('shifts the clock for both kinds after a stall longer than the tolerance: they stay in sync', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      // a1 v1 at 0, a2 at 10, then nothing until 100: a3 was due at 20 (80 ms late > 30):
      // the clock waits 80 ms for both, so v2 (due at 20) goes at 100 too, in step with a3.
      const input = cold('(av) 6ms b 89ms (cw|)', items);
      expectObservable(timed(input.pipe(synchronizeAV({ fps: 50, maxDelayToleranceMs: 30 })))).toBe(
        '(av) 6ms b 89ms (cw|)',
        {
          a: 'a1@0',
          v: 'v1@0',
          b: 'a2@10',
          c: 'a3@100',
          w: 'v2@100',
        },
      );
    });
  });

  it('starts a kind whose first frame comes later than the tolerance from its arrival, without delaying the other', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const input = cold('v 49ms a|', items);
      expectObservable(timed(input.pipe(synchronizeAV({ fps: 50, maxDelayToleranceMs: 30 })))).toBe(
        'v 49ms a|',
        { v: 'v1@0', a: 'a1@50' },
      );
    });
  });

  it('emits audio audioLeadMs before the video of the same time', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const input = cold('(abcvw|)', items);
      expectObservable(timed(input.pipe(synchronizeAV({ fps: 50, audioLeadMs: 20 })))).toBe(
        'x 9ms y 9ms (zv) 16ms (w|)',
        { x: 'a1@0', y: 'a2@10', z: 'a3@20', v: 'v1@0', w: 'v2@20' },
      );
    });
  });

  it('flushes what waits on time when the input completes, and completes after it', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const late = cold('(vw) 50ms |', items);
      expectObservable(named(late.pipe(synchronizeAV({ fps: 50 })))).toBe('v 19ms w 33ms |', {
        v: 'v1',
        w: 'v2',
      });
      expectObservable(named(cold<AVItem>('--|').pipe(synchronizeAV({ fps: 50 })))).toBe('--|');
    });
  });

  it('bounds the video queue: error by default, or drop the oldest or the newest', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const v = (n: number) => video(n);
      const three = () => cold('(xyz)', { x: v(1), y: v(2), z: v(3) });
      // 10 fps, 100 ms: one frame may wait; the first goes at once, the second waits.
      const error = new QueueOverflowError({ operator: 'synchronizeAV', bufferSize: 1, index: 2 });
      expectObservable(named(three().pipe(synchronizeAV({ fps: 10 })))).toBe(
        '(x#)',
        { x: 'v1' },
        error,
      );
      const oldest = three().pipe(synchronizeAV({ fps: 10, overflow: 'drop-oldest' }));
      expectObservable(
        oldest.pipe(map((x) => `${name(x)} dropped ${x.stats.droppedVideoFrames}`)),
      ).toBe('x 99ms z', { x: 'v1 dropped 0', z: 'v3 dropped 1' });
      const newest = three().pipe(synchronizeAV({ fps: 10, overflow: 'drop-newest' }));
      expectObservable(named(newest)).toBe('x 99ms y', { x: 'v1', y: 'v2' });
    });
  });

  it('bounds the audio queue by duration (queueSizeMs)', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const four = () => cold('(abcd)', items);
      // 20 ms may wait: a1 goes at once, a2 and a3 wait, a4 does not fit.
      const error = new QueueOverflowError({ operator: 'synchronizeAV', bufferSize: 2, index: 3 });
      expectObservable(named(four().pipe(synchronizeAV({ fps: 10, queueSizeMs: 20 })))).toBe(
        '(x#)',
        { x: 'a1' },
        error,
      );
      const oldest = four().pipe(
        synchronizeAV({ fps: 10, queueSizeMs: 20, overflow: 'drop-oldest' }),
      );
      expectObservable(named(oldest)).toBe('x 9ms y 9ms z', { x: 'a1', y: 'a3', z: 'a4' });
    });
  });

  it('forwards an input error at once, dropping what waits', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const input = cold('(vw) 2ms #', items, new Error('decoder failed'));
      expectObservable(named(input.pipe(synchronizeAV({ fps: 50 })))).toBe(
        'v 5ms #',
        { v: 'v1' },
        new Error('decoder failed'),
      );
    });
  });

  it('cancels its timer and unsubscribes the input when the consumer unsubscribes', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const input = hot('-(abcvw)------', items);
      expectObservable(named(input.pipe(synchronizeAV({ fps: 50 }))), '^ 14ms !').toBe(
        '-(xv) 6ms y',
        { x: 'a1', y: 'a2', v: 'v1' },
      );
      expectSubscriptions(input.subscriptions).toBe('^ 14ms !');
    });
  });

  it('reports actual fps, the last times, queue depths and drops with every item', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const input = cold('(vwab)', items);
      const stats = input.pipe(
        synchronizeAV({ fps: 50 }),
        map((x) => x.stats),
      );
      const s = (over: Partial<AVSyncStats>): AVSyncStats => ({
        actualFps: 0,
        lastAudioTimeS: 0,
        lastVideoTimeS: 0,
        queuedAudioMs: 0,
        queuedVideoFrames: 0,
        droppedAudioFrames: 0,
        droppedVideoFrames: 0,
        ...over,
      });
      // At 0: v1 as soon as it comes (w not yet there); then a1 (w and b waiting); a2 at 10;
      // v2 at 20: two frames 20 ms apart, 50 fps.
      expectObservable(stats).toBe('(xy) 6ms z 9ms u', {
        x: s({}),
        y: s({ lastAudioTimeS: 0.01, queuedVideoFrames: 1 }),
        z: s({ lastAudioTimeS: 0.02, queuedVideoFrames: 1 }),
        u: s({ actualFps: 50, lastAudioTimeS: 0.02, lastVideoTimeS: 0.02 }),
      });
    });
  });

  it('paces a fractional frame interval (30 fps) without drift', () => {
    const scheduler = new TestScheduler(() => undefined);
    const times: number[] = [];
    let last: AVSyncStats | undefined;
    const stamps: number[] = [];
    scheduler.run(({ cold }) => {
      const frames = Object.fromEntries(
        Array.from({ length: 90 }, (_, i) => [String.fromCharCode(0x100 + i), video(i)]),
      );
      const input = cold(`(${Object.keys(frames).join('')}|)`, frames);
      input.pipe(synchronizeAV({ fps: 30, queueSizeMs: 3000 })).subscribe((x) => {
        times.push(scheduler.now());
        stamps.push(x.timestampUs);
        last = x.stats;
      });
    });
    expect(times).toHaveLength(90);
    times.forEach((t, k) => expect(t).toBeCloseTo((k * 1000) / 30, 6));
    expect(stamps[1]).toBe(33333); // whole microseconds (a VideoSource wants a bigint)
    expect(stamps[89]).toBe(2966667);
    expect(last?.actualFps).toBeCloseTo(30, 6);
    expect(last?.lastVideoTimeS).toBeCloseTo(89 / 30, 6);
  });

  it('rejects options that can never work at once', () => {
    expect(() => synchronizeAV({ fps: 0 })).toThrow(
      new RangeError('synchronizeAV: fps must be a positive number, got 0'),
    );
    expect(() => synchronizeAV({ fps: 30, queueSizeMs: Infinity })).toThrow(RangeError);
    expect(() => synchronizeAV({ fps: 30, maxDelayToleranceMs: -1 })).toThrow(RangeError);
    expect(() => synchronizeAV({ fps: 30, audioLeadMs: Number.NaN })).toThrow(RangeError);
  });

  afterAll(() => {
    // Building VideoFrames and pacing them is plain TypeScript: the native runtime never started.
    expect((globalThis as { _ffiClientInstance?: unknown })._ffiClientInstance).toBeUndefined();
  });
});
