import {
  CaptureError,
  captureAudio,
  FrameFormatError,
  QueueOverflowError,
  type AudioSourceLike,
  type CaptureEvent,
} from 'livekit-rx';
import { TestAudioSource, testFrame } from 'livekit-rx/testing';
import { AudioFrame } from '@livekit/rtc-node';
import {
  asyncScheduler,
  concatAll,
  concatMap,
  filter,
  from,
  lastValueFrom,
  map,
  of,
  take,
  timer,
  toArray,
} from 'rxjs';
import { testScheduler } from './scheduler';

const a = testFrame({ samplesPerChannel: 480, start: 0 });
const b = testFrame({ samplesPerChannel: 480, start: 480 });
const c = testFrame({ samplesPerChannel: 480, start: 960 });
const frames = { a, b, c };
const captured = (index: number, frame: AudioFrame, pending: number): CaptureEvent => ({
  type: 'captured',
  index,
  frame,
  pending,
});
const dropped = (
  index: number,
  frame: AudioFrame,
  policy: 'drop-oldest' | 'drop-newest' | 'interrupt',
  pending: number,
): CaptureEvent => ({ type: 'dropped', index, frame, policy, pending });

/** Each event as `type index @time` (scheduler time). */
const timeline = () =>
  map((e: CaptureEvent) => `${e.type} ${'index' in e ? e.index : ''} @${asyncScheduler.now()}`);

describe('captureAudio', () => {
  it('captures frames one at a time, in order, then waits for playout and completes', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = new TestAudioSource(48000, 1, { captureTime: 2, playoutTime: 3 });
      const input = cold('(abc|)', frames);
      expectObservable(input.pipe(captureAudio(source))).toBe('--A-B-C--(P|)', {
        A: captured(0, a, 2),
        B: captured(1, b, 1),
        C: captured(2, c, 0),
        P: { type: 'played-out', captured: 3 },
      });
      expectSubscriptions(input.subscriptions).toBe('(^!)');
    });
  });

  it('completes right after the last capture when waitForPlayout is false', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = new TestAudioSource(48000, 1, { captureTime: 2, playoutTime: 3 });
      expectObservable(
        cold('a---b|', frames).pipe(captureAudio(source, { waitForPlayout: false })),
      ).toBe('--A---(B|)', { A: captured(0, a, 0), B: captured(1, b, 0) });
    });
  });

  it('completes without playout when the source has no waitForPlayout', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const fake = new TestAudioSource(48000, 1, { captureTime: 1 });
      const bare: AudioSourceLike = {
        sampleRate: 48000,
        numChannels: 1,
        captureFrame: (frame) => fake.captureFrame(frame),
      };
      expectObservable(cold('a|', frames).pipe(captureAudio(bare))).toBe('-(A|)', {
        A: captured(0, a, 0),
      });
    });
  });

  it('drop-oldest: a full queue discards its oldest frame and says so', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = new TestAudioSource(48000, 1, { captureTime: 2 });
      const sink = captureAudio(source, {
        bufferSize: 1,
        overflow: 'drop-oldest',
        waitForPlayout: false,
      });
      // a goes straight to capture; b waits; c arrives to a full queue and pushes b out.
      expectObservable(cold('(abc|)', frames).pipe(sink)).toBe('x-A-(C|)', {
        x: dropped(1, b, 'drop-oldest', 1),
        A: captured(0, a, 1),
        C: captured(2, c, 0),
      });
      expect(source.captured).toEqual([]);
    });
  });

  it('drop-newest: a full queue discards the arriving frame and says so', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = new TestAudioSource(48000, 1, { captureTime: 2 });
      const sink = captureAudio(source, {
        bufferSize: 1,
        overflow: 'drop-newest',
        waitForPlayout: false,
      });
      expectObservable(cold('(abc|)', frames).pipe(sink)).toBe('x-A-(B|)', {
        x: dropped(2, c, 'drop-newest', 1),
        A: captured(0, a, 1),
        B: captured(1, b, 0),
      });
    });
  });

  it('error (the default): a full queue ends the stream with a QueueOverflowError', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = new TestAudioSource(48000, 1, { captureTime: 2 });
      const input = cold('(abc|)', frames);
      expectObservable(input.pipe(captureAudio(source, { bufferSize: 1 }))).toBe(
        '#',
        undefined,
        new QueueOverflowError({ operator: 'captureAudio', bufferSize: 1, index: 2 }),
      );
      expectSubscriptions(input.subscriptions).toBe('(^!)');
    });
  });

  it('never holds more than bufferSize frames, however fast the producer', () => {
    testScheduler().run(({ cold, flush }) => {
      const source = new TestAudioSource(48000, 1, { captureTime: 10 });
      const many = Array.from({ length: 1000 }, (_, i) =>
        testFrame({ samplesPerChannel: 480, start: i }),
      );
      const events: CaptureEvent[] = [];
      cold('(a|)', { a: many })
        .pipe(
          concatAll(), // 1,000 frames in one synchronous burst
          captureAudio(source, { bufferSize: 5, overflow: 'drop-oldest', waitForPlayout: false }),
        )
        .subscribe((e) => events.push(e));
      flush();
      const kept = events.flatMap((e) => (e.type === 'captured' ? [e.index] : []));
      expect(kept).toEqual([0, 995, 996, 997, 998, 999]);
      expect(events.filter((e) => e.type === 'dropped')).toHaveLength(994);
      expect(Math.max(...events.map((e) => ('pending' in e ? e.pending : 0)))).toBe(5);
    });
  });

  describe('maxQueuedMs: the queue is bounded by the duration of the audio waiting', () => {
    // 5 and 10 ms frames at 48 kHz; `b` is being captured while the others wait.
    const ms5 = (start: number) => testFrame({ samplesPerChannel: 240, start });
    const ms10 = (start: number) => testFrame({ samplesPerChannel: 480, start });
    const [x, y, z, w] = [ms5(1), ms5(2), ms10(3), ms10(4)];
    const queued = { a, x, y, z, w };

    it("'error': a frame that does not fit ends the stream, naming the bound and what waited", () => {
      testScheduler().run(({ cold, expectObservable }) => {
        const source = new TestAudioSource(48000, 1, { captureTime: 2 });
        const error = new QueueOverflowError({
          operator: 'captureAudio',
          bufferSize: 8,
          index: 4,
          maxQueuedMs: 20,
          queuedMs: 20,
        });
        // a is captured; x, y, z (20 ms) wait; w (10 ms more) does not fit.
        expectObservable(
          cold('(axyzw|)', queued).pipe(captureAudio(source, { maxQueuedMs: 20 })),
        ).toBe('#', undefined, error);
        expect(error.message).toBe(
          'captureAudio: queue full (20 ms of audio waiting, maxQueuedMs 20) when frame 4 ' +
            'arrived. The producer ran ahead of real time by more than the queue holds: raise ' +
            "maxQueuedMs, pace the producer (readWav's realTime), or use overflow 'drop-oldest' / " +
            "'drop-newest'.",
        );
      });
    });

    it("'drop-oldest' drops as many of the oldest frames as it takes to make room", () => {
      testScheduler().run(({ cold, expectObservable }) => {
        const source = new TestAudioSource(48000, 1, { captureTime: 2 });
        const sink = captureAudio(source, {
          maxQueuedMs: 20,
          overflow: 'drop-oldest',
          waitForPlayout: false,
        });
        // w (10 ms) needs two 5 ms frames out: x and y go, z and w wait.
        expectObservable(cold('(axyzw|)', queued).pipe(sink, timeline(), toArray())).toBe(
          '6ms (t|)',
          {
            t: ['dropped 1 @0', 'dropped 2 @0', 'captured 0 @2', 'captured 3 @4', 'captured 4 @6'],
          },
        );
      });
    });

    it("'drop-newest' drops the frame that does not fit; a shorter one after it still fits", () => {
      testScheduler().run(({ cold, expectObservable }) => {
        const source = new TestAudioSource(48000, 1, { captureTime: 2 });
        const sink = captureAudio(source, {
          maxQueuedMs: 20,
          overflow: 'drop-newest',
          waitForPlayout: false,
        });
        // x, z wait (15 ms): w (10 ms) does not fit, y (5 ms) does.
        expectObservable(cold('(axzwy|)', queued).pipe(sink)).toBe('W-A-X-Z-(Y|)', {
          W: dropped(3, w, 'drop-newest', 2),
          A: captured(0, a, 3),
          X: captured(1, x, 2),
          Z: captured(2, z, 1),
          Y: captured(4, y, 0),
        });
      });
    });

    it('one frame always fits an empty queue, however long', () => {
      testScheduler().run(({ cold, expectObservable }) => {
        const source = new TestAudioSource(48000, 1, { captureTime: 2 });
        const long = testFrame({ samplesPerChannel: 4800, start: 9 }); // 100 ms
        expectObservable(
          cold('(al|)', { a, l: long }).pipe(
            captureAudio(source, { maxQueuedMs: 20, waitForPlayout: false }),
          ),
        ).toBe('--A-(L|)', { A: captured(0, a, 1), L: captured(1, long, 0) });
      });
    });

    it('bufferSize still bounds the frame count when it is reached first', () => {
      testScheduler().run(({ cold, expectObservable }) => {
        const source = new TestAudioSource(48000, 1, { captureTime: 2 });
        expectObservable(
          cold('(axyz|)', queued).pipe(captureAudio(source, { maxQueuedMs: 1000, bufferSize: 2 })),
        ).toBe(
          '#',
          undefined,
          new QueueOverflowError({ operator: 'captureAudio', bufferSize: 2, index: 3 }),
        );
      });
    });
  });

  describe('the defaults and a producer faster than real time', () => {
    // 10 ms frames at 8 kHz, into a source modelling rtc-node's 1000 ms native queue.
    const frame10 = (i: number) => testFrame({ samplesPerChannel: 80, sampleRate: 8000, start: i });

    it('from(frames) of a short file (2 s) is captured whole: the old 100-frame default failed at frame 101', () => {
      testScheduler().run(({ expectObservable, flush }) => {
        const file = Array.from({ length: 200 }, (_, i) => frame10(i));
        // Each capture takes its duration, and settles later (rtc-node's are promises), so
        // every frame but the first waits: from(array) delivers all 200 at once.
        const source = new TestAudioSource(8000, 1, { captureTime: 10 });
        expectObservable(
          from(file).pipe(
            captureAudio(source),
            filter((e) => e.type === 'played-out'),
          ),
        ).toBe('2000ms (p|)', { p: { type: 'played-out', captured: 200 } });
        const old = new TestAudioSource(8000, 1, { captureTime: 10 });
        expectObservable(from(file).pipe(captureAudio(old, { bufferSize: 100 }))).toBe(
          '#',
          undefined,
          new QueueOverflowError({ operator: 'captureAudio', bufferSize: 100, index: 101 }),
        );
        flush();
        expect(source.captured).toEqual(file);
      });
    });

    it('a 60 s reply at 10x real time waits in the queue, and is captured whole and in order', () => {
      testScheduler().run(({ flush }) => {
        const reply = Array.from({ length: 6000 }, (_, i) => frame10(i));
        const source = new TestAudioSource(8000, 1, { queueSizeMs: 1000 });
        const events: CaptureEvent[] = [];
        let playedOutAt = -1;
        // 100 ms of audio every 10 ms: the reply is produced in 6 s.
        timer(0, 10)
          .pipe(
            take(600),
            concatMap((i) => from(reply.slice(i * 10, i * 10 + 10))),
            captureAudio(source),
          )
          .subscribe({
            next: (e) => events.push(e),
            complete: () => (playedOutAt = asyncScheduler.now()),
          });
        flush();
        const indexes = events.flatMap((e) => (e.type === 'captured' ? [e.index] : []));
        expect(indexes).toEqual(reply.map((_, i) => i));
        expect(source.captured).toEqual(reply);
        expect(events.at(-1)).toEqual({ type: 'played-out', captured: 6000 });
        expect(playedOutAt).toBe(60000);
        // The most waiting, when the last 100 ms arrives at 5990: 699 frames captured by then
        // (5.99 s played and 1 s in the source's queue), 5301 waiting: 53 s of audio.
        const most = Math.max(...events.map((e) => ('pending' in e ? e.pending : 0)));
        expect(most).toBe(5301);
      });
    });
  });

  it('rejects a frame whose format differs from the source with a FrameFormatError', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = new TestAudioSource(48000, 1);
      const wrong = testFrame({ samplesPerChannel: 160, sampleRate: 16000 });
      expectObservable(cold('a-b|', { a, b: wrong }).pipe(captureAudio(source))).toBe(
        'A-#',
        { A: captured(0, a, 0) },
        new FrameFormatError(
          {
            operator: 'captureAudio',
            frameIndex: 1,
            problem: 'sample-rate',
            expected: 48000,
            actual: 16000,
          },
          'The AudioSource is 48000 Hz with 1 channel(s): resample or remix the frames to match it first.',
        ),
      );
    });
  });

  it('rejects a stereo frame into a mono source, naming the channel counts', async () => {
    const stereo = testFrame({ samplesPerChannel: 480, numChannels: 2 });
    await expect(
      lastValueFrom(of(stereo).pipe(captureAudio(new TestAudioSource(48000, 1)))),
    ).rejects.toMatchObject({
      info: {
        operator: 'captureAudio',
        frameIndex: 0,
        problem: 'channels',
        expected: 1,
        actual: 2,
      },
    });
  });

  it('ends with a CaptureError carrying the cause when a capture fails', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const cause = new Error('AudioSource is closed');
      const source = new TestAudioSource(48000, 1, { captureTime: 2, failAt: 1, failWith: cause });
      const error = new CaptureError({ frameIndex: 1, sampleRate: 48000, numChannels: 1 }, cause);
      expectObservable(cold('(abc|)', frames).pipe(captureAudio(source))).toBe(
        '--A-#',
        { A: captured(0, a, 2) },
        error,
      );
      expect(error.message).toBe(
        'captureAudio: capturing frame 1 into the 48000 Hz 1-channel AudioSource failed: ' +
          'AudioSource is closed. Is the source closed, or its track unpublished?',
      );
      expect(error.cause).toBe(cause);
    });
  });

  it('wraps a captureFrame that throws synchronously', async () => {
    const cause = new TypeError('bad handle');
    const throwing: AudioSourceLike = {
      sampleRate: 48000,
      numChannels: 1,
      captureFrame: () => {
        throw cause;
      },
    };
    const err = await lastValueFrom(of(a).pipe(captureAudio(throwing))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CaptureError);
    expect((err as CaptureError).cause).toBe(cause);
  });

  it('hands rtc-node a frame at offset 0 when given a view', async () => {
    const seen: AudioFrame[] = [];
    const recorder: AudioSourceLike = {
      sampleRate: 48000,
      numChannels: 1,
      captureFrame: (frame) => (seen.push(frame), Promise.resolve()),
    };
    const view = new AudioFrame(c.data.subarray(240), 48000, 1, 240);
    await lastValueFrom(of(view).pipe(captureAudio(recorder), toArray()));
    expect(seen[0]?.data.byteOffset).toBe(0);
    expect(Array.from(seen[0]?.data ?? [])).toEqual(Array.from(c.data.subarray(240)));
  });

  it('forwards an input error at once', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = new TestAudioSource(48000, 1, { captureTime: 2 });
      expectObservable(cold('a#', frames, new Error('mic gone')).pipe(captureAudio(source))).toBe(
        '-#',
        undefined,
        new Error('mic gone'),
      );
    });
  });

  it('stops capturing when unsubscribed: no capture starts after the teardown', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions, flush }) => {
      const source = new TestAudioSource(48000, 1, { captureTime: 3 });
      const input = hot('a-b-c-|', frames);
      expectObservable(input.pipe(captureAudio(source)), '^----!').toBe('---A-', {
        A: captured(0, a, 1),
      });
      expectSubscriptions(input.subscriptions).toBe('^----!');
      flush();
      expect(source.calls).toBe(2);
      expect(source.captured).toEqual([a]);
    });
  });

  it('TestAudioSource with queueSizeMs paces captures like the native queue and plays out in scheduler time', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = new TestAudioSource(48000, 1, { queueSizeMs: 10 });
      const ms4 = (start: number) => testFrame({ samplesPerChannel: 192, start }); // 4 ms each
      const [w, x, y, z] = [ms4(0), ms4(1), ms4(2), ms4(3)];
      // w and x fit the 10 ms queue; y waits until 2 ms have played, z until 6: playout ends at 16.
      expectObservable(
        cold('(wxyz|)', { w, x, y, z }).pipe(
          captureAudio(source),
          map((e) => `${e.type}@${asyncScheduler.now()}`),
          toArray(),
        ),
      ).toBe('16ms (a|)', {
        a: ['captured@0', 'captured@0', 'captured@2', 'captured@6', 'played-out@16'],
      });
    });
  });

  it('interrupt$ discards the queued frames, clears the source and goes on with new frames', () => {
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions, flush }) => {
      const source = new TestAudioSource(48000, 1, { captureTime: 8 });
      const interrupt = hot('--i');
      const d = testFrame({ samplesPerChannel: 480, start: 5 });
      // a is being captured when the interruption comes: it finishes; b and c never start.
      expectObservable(
        cold('(abc) 5ms d|', { ...frames, d }).pipe(
          captureAudio(source, { interrupt$: interrupt, waitForPlayout: false }),
        ),
      ).toBe('--(xyI)-A 9ms (D|)', {
        x: dropped(1, b, 'interrupt', 1),
        y: dropped(2, c, 'interrupt', 0),
        I: { type: 'interrupted', dropped: 2 },
        A: captured(0, a, 0),
        D: captured(3, d, 0),
      });
      expectSubscriptions(interrupt.subscriptions).toBe('^ 17ms !');
      flush();
      expect(source.clears).toBe(1);
      expect(source.captured).toEqual([a, d]);
    });
  });

  it('an interruption while waiting for playout clears the source and ends the wait', () => {
    testScheduler().run(({ cold, hot, expectObservable }) => {
      const source = new TestAudioSource(48000, 1, { queueSizeMs: 100 });
      // 30 ms of audio in a 100 ms queue: each captured on arrival; playout would end at 30.
      expectObservable(
        cold('(abc|)', frames).pipe(captureAudio(source, { interrupt$: hot('-----i') })),
      ).toBe('(ABC)(IP|)', {
        A: captured(0, a, 0),
        B: captured(1, b, 0),
        C: captured(2, c, 0),
        I: { type: 'interrupted', dropped: 0 },
        P: { type: 'played-out', captured: 3 },
      });
    });
  });

  it('an error of interrupt$ ends the capture with it', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = new TestAudioSource(48000, 1, { captureTime: 4 });
      const sink = captureAudio(source, { interrupt$: cold('--#', undefined, new Error('vad')) });
      expectObservable(cold('a-----|', frames).pipe(sink)).toBe('--#', undefined, new Error('vad'));
    });
  });

  it('throws a RangeError at once for a bufferSize that is not a positive integer', () => {
    const source = new TestAudioSource(48000, 1);
    expect(() => captureAudio(source, { bufferSize: 0 })).toThrow(
      new RangeError('captureAudio: bufferSize must be a positive integer, got 0'),
    );
    expect(() => captureAudio(source, { bufferSize: 1.5 })).toThrow(RangeError);
  });

  it('throws a RangeError at once for a maxQueuedMs that is not a positive finite number', () => {
    const source = new TestAudioSource(48000, 1);
    expect(() => captureAudio(source, { maxQueuedMs: 0 })).toThrow(
      new RangeError('captureAudio: maxQueuedMs must be a positive finite number, got 0'),
    );
    expect(() => captureAudio(source, { maxQueuedMs: Infinity })).toThrow(RangeError);
    expect(() => captureAudio(source, { maxQueuedMs: NaN })).toThrow(RangeError);
  });
});
