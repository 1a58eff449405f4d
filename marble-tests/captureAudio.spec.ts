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
import { asyncScheduler, concatAll, lastValueFrom, map, of, toArray } from 'rxjs';
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
});
