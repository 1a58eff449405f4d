import { ConnectionState, TrackSource, type AudioFrame } from '@livekit/rtc-node';
import {
  concatMap,
  filter,
  from,
  map,
  merge,
  take,
  takeUntil,
  tap,
  timer,
  type Observable,
} from 'rxjs';
import {
  CaptureError,
  FrameFormatError,
  PublishError,
  publishAudio,
  QueueOverflowError,
  roomEvent,
  type PublishAudioEvent,
} from 'livekit-rx';
import {
  TestRoom,
  testFrame,
  type TestAudioSource,
  type TestTrackPublication,
} from 'livekit-rx/testing';
import { publishHooks, type PublishHooks } from '../src/internal/publishHooks';
import { listenerTotal } from './room/helpers';
import { testScheduler } from './scheduler';

// 10 ms frames at 8 kHz (80 samples): a frame plays for 10 virtual ms.
const rate = 8000;
const f = (start: number) => testFrame({ samplesPerChannel: 80, sampleRate: rate, start });
const [a, b, c, d] = [f(1), f(100), f(200), f(300)] as const;
const frames = { a, b, c, d };
const options = { sampleRate: rate, queueSizeMs: 10 } as const;

type Event = PublishAudioEvent<TestTrackPublication>;
type Policy = 'drop-oldest' | 'drop-newest' | 'interrupt';
const published = expect.objectContaining({ type: 'published', sid: 'TR_1' }) as Event;
const queued = (index: number, bufferedMs: number, pending = 0): Event => ({
  type: 'queued',
  index,
  samplesPerChannel: 80,
  durationMs: 10,
  bufferedMs,
  pending,
});
const dropped = (index: number, policy: Policy, pending: number): Event => ({
  type: 'dropped',
  index,
  samplesPerChannel: 80,
  durationMs: 10,
  policy,
  pending,
});
const playedOut = (count: number): Event => ({ type: 'played-out', queued: count });
const unpublished = (reason: 'completed' | 'room-disconnected' | 'unpublished'): Event => ({
  type: 'unpublished',
  sid: 'TR_1',
  reason,
});
const types = { p: 'published', q: 'queued', o: 'played-out', u: 'unpublished' };

/** The room's local publication events: `+sid` / `-sid`. */
function localTracks(room: TestRoom): Observable<string> {
  return merge(
    roomEvent(room, 'localTrackPublished').pipe(map(([p]) => `+${p.sid}`)),
    roomEvent(room, 'localTrackUnpublished').pipe(map(([p]) => `-${p.sid}`)),
  );
}

/** What a source captured: `a`..`d` for the test frames, `s<n>` for n samples of silence. */
function describeCaptured(source: TestAudioSource | undefined): string[] {
  const names = new Map<AudioFrame, string>(Object.entries(frames).map(([k, v]) => [v, k]));
  return (source?.captured ?? []).map(
    (frame) =>
      names.get(frame) ??
      (frame.data.every((s) => s === 0) ? `s${frame.samplesPerChannel}` : 'other'),
  );
}

/** Records every event and the TestAudioSource behind the published track. */
function recorder(): {
  events: Event[];
  source: () => TestAudioSource | undefined;
  record: ReturnType<typeof tap<Event>>;
} {
  const events: Event[] = [];
  let source: TestAudioSource | undefined;
  return {
    events,
    source: () => source,
    record: tap((e: Event) => {
      events.push(e);
      if (e.type === 'published') source = e.publication.track?.source as TestAudioSource;
    }),
  };
}

describe('publishAudio on a TestRoom', () => {
  it('publishes, queues each frame, waits for playout, then unpublishes and closes', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions, flush }) => {
      const room = new TestRoom();
      const input = cold('a-b|', frames);
      const { events, source, record } = recorder();
      expectObservable(localTracks(room), '^ 20ms !').toBe('P 19ms U', {
        P: '+TR_1',
        U: '-TR_1',
      });
      expectObservable(input.pipe(publishAudio(room, { ...options, name: 'agent' }), record)).toBe(
        '(pa)------b---------(ou|)',
        {
          p: published,
          a: queued(0, 10),
          b: queued(1, 10),
          o: playedOut(2),
          u: unpublished('completed'),
        },
      );
      expectSubscriptions(input.subscriptions).toBe('^--!');
      flush();
      const first = events[0];
      if (first?.type !== 'published') throw new Error('published comes first');
      expect([first.publication.name, first.publication.source]).toEqual([
        'agent',
        TrackSource.SOURCE_MICROPHONE,
      ]);
      expect([source()?.sampleRate, source()?.numChannels, source()?.closed]).toEqual([
        rate,
        1,
        true,
      ]);
      expect(describeCaptured(source())).toEqual(['a', 'b']);
      expect(room.localParticipant.trackPublications.size).toBe(0);
      expect(listenerTotal(room)).toBe(0);
    });
  });

  it('paces captures by the AudioSource queue (backpressure) and completes when playout ends', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom();
      // A burst of four 10 ms frames into a 10 ms queue: one is taken per 10 ms.
      expectObservable(cold('(abcd|)', frames).pipe(publishAudio(room, options))).toBe(
        '(pa) 6ms b 9ms c 9ms d 9ms (ou|)',
        {
          p: published,
          a: queued(0, 10, 0),
          b: queued(1, 10, 2),
          c: queued(2, 10, 1),
          d: queued(3, 10, 0),
          o: playedOut(4),
          u: unpublished('completed'),
        },
      );
    });
  });

  it('keeps the track published until a completed input has been played out', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom();
      // Both frames fit the 20 ms queue at once; the track stays published until 20.
      expectObservable(localTracks(room)).toBe('P 19ms U', { P: '+TR_1', U: '-TR_1' });
      expectObservable(
        cold('(ab|)', frames).pipe(
          publishAudio(room, { ...options, queueSizeMs: 20 }),
          map((e) => e.type),
        ),
      ).toBe('(pqq) 15ms (ou|)', types);
    });
  });

  describe.each([
    ['bufferSize 1', { bufferSize: 1 }, {}],
    ['maxQueuedMs 10', { maxQueuedMs: 10 }, { maxQueuedMs: 10, queuedMs: 10 }],
  ] as const)('overflow of a %s queue', (_, bound, info) => {
    // a is taken at once, b waits in the native queue, c in ours (one frame, 10 ms); d overflows.
    const run = (
      overflow: 'drop-oldest' | 'drop-newest' | 'error',
      expected: string,
      values: Record<string, Event>,
      error?: unknown,
    ) =>
      testScheduler().run(({ cold, expectObservable }) => {
        const room = new TestRoom();
        const sink = publishAudio(room, { ...options, ...bound, overflow });
        expectObservable(cold('(abcd|)', frames).pipe(sink)).toBe(
          expected,
          { p: published, ...values },
          error,
        );
      });

    it('drop-oldest discards the oldest waiting frame and says so', () => {
      run('drop-oldest', '(pax) 5ms b 9ms d 9ms (ou|)', {
        a: queued(0, 10),
        x: dropped(2, 'drop-oldest', 1),
        b: queued(1, 10, 1),
        d: queued(3, 10, 0),
        o: playedOut(3),
        u: unpublished('completed'),
      });
    });

    it('drop-newest discards the arriving frame and says so', () => {
      run('drop-newest', '(pax) 5ms b 9ms c 9ms (ou|)', {
        a: queued(0, 10),
        x: dropped(3, 'drop-newest', 1),
        b: queued(1, 10, 1),
        c: queued(2, 10, 0),
        o: playedOut(3),
        u: unpublished('completed'),
      });
    });

    it('error (the default) ends with a QueueOverflowError naming your frame', () => {
      const bufferSize = 'bufferSize' in bound ? bound.bufferSize : 4;
      run(
        'error',
        '(pa#)',
        { a: queued(0, 10) },
        new QueueOverflowError({ operator: 'publishAudio', bufferSize, index: 3, ...info }),
      );
    });
  });

  describe('a text-to-speech reply: 60 s of audio produced 10x faster than real time', () => {
    // 100 ms of audio every 10 ms (the 10 ms frames of the file's other tests): done in 6 s.
    const reply = Array.from({ length: 6000 }, (_, i) => f(i));
    const tts$ = timer(0, 10).pipe(
      take(600),
      concatMap((i) => from(reply.slice(i * 10, i * 10 + 10))),
    );

    it('with the defaults, every frame is queued in order, played out, then unpublished at 60 s', () => {
      testScheduler().run(({ expectObservable, flush }) => {
        const room = new TestRoom();
        const { events, source, record } = recorder();
        expectObservable(
          tts$.pipe(
            publishAudio(room, { sampleRate: rate }),
            record,
            filter((e) => e.type !== 'queued'),
            map((e) => e.type),
          ),
        ).toBe('p 59999ms (ou|)', types);
        flush();
        const indexes = events.flatMap((e) => (e.type === 'queued' ? [e.index] : []));
        expect(indexes).toEqual(reply.map((_, i) => i));
        expect(source()?.captured).toEqual(reply);
        // At most 5391 frames (53.9 s) wait in livekit-rx's queue, when the last 100 ms arrives
        // at 5990: 599 frames played by then and 10 in the AudioSource's 100 ms queue.
        const most = Math.max(...events.map((e) => ('pending' in e ? e.pending : 0)));
        expect(most).toBe(5391);
      });
    });

    it("the old default (bufferSize 500, 'error') ended the reply after 5.5 s of speech", () => {
      testScheduler().run(({ expectObservable }) => {
        const room = new TestRoom();
        expectObservable(
          tts$.pipe(
            publishAudio(room, { sampleRate: rate, bufferSize: 500 }),
            filter((e) => e.type !== 'queued'),
          ),
        ).toBe(
          'p 559ms #',
          { p: published },
          new QueueOverflowError({ operator: 'publishAudio', bufferSize: 500, index: 566 }),
        );
      });
    });

    it('interrupt$ cuts all of it, what waits in livekit-rx and in the AudioSource, at once', () => {
      testScheduler().run(({ hot, expectObservable, flush }) => {
        const room = new TestRoom();
        const interrupt = hot('3000ms i');
        const { events, source, record } = recorder();
        // The user barges in at 3 s: 30 s produced, 3 s played, frame 309 in capture (it
        // completes on the clear). 310 to 2999 are dropped, the AudioSource's 100 ms cleared:
        // played out at once, at 3000, not at 3100.
        expectObservable(
          tts$.pipe(
            takeUntil(interrupt),
            publishAudio(room, { sampleRate: rate, interrupt$: interrupt }),
            record,
            filter((e) => e.type !== 'queued' && e.type !== 'dropped'),
          ),
        ).toBe('p 2999ms (iou|)', {
          p: published,
          i: { type: 'interrupted', dropped: 2690, droppedMs: 26900 },
          o: playedOut(310),
          u: unpublished('completed'),
        });
        flush();
        const dropped = events.flatMap((e) => (e.type === 'dropped' ? [e.index] : []));
        expect(dropped).toEqual(reply.slice(310, 3000).map((_, i) => 310 + i));
        expect(source()?.clears).toBe(1);
        expect(describeCaptured(source())).toHaveLength(310);
      });
    });
  });

  it('interrupt$ discards the queued frames and clears the source; the publication goes on', () => {
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions, flush }) => {
      const room = new TestRoom();
      const interrupt = hot('-----i');
      const { source, record } = recorder();
      // a plays from 0, b sits in the native queue, c and d wait in ours. At 5: c and d are
      // dropped, the source cleared (b with it), so b's capture completes with nothing buffered.
      // a again at 26 plays alone.
      expectObservable(
        cold('(abcd) 20ms a|', frames).pipe(
          publishAudio(room, { ...options, interrupt$: interrupt }),
          record,
        ),
      ).toBe('(pa) 1ms (xyIb) 15ms A 9ms (ou|)', {
        p: published,
        a: queued(0, 10),
        x: dropped(2, 'interrupt', 1),
        y: dropped(3, 'interrupt', 0),
        I: { type: 'interrupted', dropped: 2, droppedMs: 20 },
        b: queued(1, 0),
        A: queued(4, 10),
        o: playedOut(3),
        u: unpublished('completed'),
      });
      expectSubscriptions(interrupt.subscriptions).toBe('^ 35ms !');
      flush();
      expect(source()?.clears).toBe(1);
      expect(describeCaptured(source())).toEqual(['a', 'b', 'a']);
    });
  });

  it('unsubscribing unpublishes at once and releases the source, input, interrupt$ and listeners', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions, flush }) => {
      const room = new TestRoom();
      const input = hot('a-b-c-d-|', frames);
      const interrupt = hot('--------');
      const { source, record } = recorder();
      expectObservable(localTracks(room), '^---!').toBe('P--U', { P: '+TR_1', U: '-TR_1' });
      expectObservable(
        input.pipe(publishAudio(room, { ...options, interrupt$: interrupt }), record),
        '^--!',
      ).toBe('(pa)', { p: published, a: queued(0, 10) });
      expectSubscriptions(input.subscriptions).toBe('^--!');
      expectSubscriptions(interrupt.subscriptions).toBe('^--!');
      flush();
      expect(source()?.closed).toBe(true);
      expect(room.localParticipant.trackPublications.size).toBe(0);
      expect(listenerTotal(room)).toBe(0);
    });
  });

  it('silenceWhenIdle: silence while the input pauses, from the start, never ahead of queued audio', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const room = new TestRoom();
      const { source, record } = recorder();
      // Silence from 10 until a burst of three frames at 15; none while they wait (b at 30, c
      // at 40); then silence each time the source is about to run dry (45, 55, 65); d at 70.
      expectObservable(
        cold('15ms (abc) 51ms d|', frames).pipe(
          publishAudio(room, { ...options, silenceWhenIdle: true }),
          record,
        ),
      ).toBe('p 19ms a 9ms b 9ms c 39ms d 9ms (ou|)', {
        p: published,
        a: queued(0, 10, 2),
        b: queued(1, 10, 1),
        c: queued(2, 10, 0),
        d: queued(3, 10, 0),
        o: playedOut(4),
        u: unpublished('completed'),
      });
      flush();
      expect(describeCaptured(source())).toEqual(['s80', 'a', 'b', 'c', 's80', 's80', 's80', 'd']);
    });
  });

  it('endSilenceMs: appends silence once the queue has drained, and plays it before unpublishing', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const room = new TestRoom();
      const { source, record } = recorder();
      // bufferSize 1 and a full queue at completion: the silence waits for room, no overflow.
      expectObservable(
        cold('(ab|)', frames).pipe(
          publishAudio(room, { ...options, bufferSize: 1, endSilenceMs: 30 }),
          record,
          map((e) => e.type),
        ),
      ).toBe('(pq) 6ms q 39ms (ou|)', types);
      flush();
      expect(describeCaptured(source())).toEqual(['a', 'b', 's240']);
    });
  });

  it('rejects a frame of another format with a FrameFormatError naming your frame', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom();
      const wrong = testFrame({ samplesPerChannel: 160, sampleRate: 16000 });
      expectObservable(localTracks(room)).toBe('(PU)', { P: '+TR_1', U: '-TR_1' });
      expectObservable(
        cold('(ab|)', { a, b: wrong }).pipe(
          publishAudio(room, { ...options, silenceWhenIdle: true }),
        ),
      ).toBe(
        '(pa#)',
        { p: published, a: queued(0, 10) },
        new FrameFormatError(
          {
            operator: 'publishAudio',
            frameIndex: 1,
            problem: 'sample-rate',
            expected: rate,
            actual: 16000,
          },
          `The published AudioSource is ${rate} Hz with 1 channel(s): resample or remix the ` +
            `frames first, or set publishAudio's sampleRate/numChannels.`,
        ),
      );
    });
  });

  it('a capture into a closed source is a CaptureError naming your frame', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const room = new TestRoom();
      const { source, record } = recorder();
      hot('-c').subscribe(() => void source()?.close());
      expectObservable(hot('a----b', frames).pipe(publishAudio(room, options), record)).toBe(
        '(pa)-#',
        { p: published, a: queued(0, 10) },
        new CaptureError(
          { frameIndex: 1, sampleRate: rate, numChannels: 1 },
          new Error('AudioSource is closed'),
        ),
      );
    });
  });

  it('a rejected publishTrack is a PublishError; nothing is captured', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const room = new TestRoom();
      const cause = new Error('insufficient permissions');
      room.localParticipant.rejectPublish = cause;
      const input = cold('a|', frames);
      const error = new PublishError(
        {
          sink: 'publishAudio',
          reason: 'publish-rejected',
          trackName: 'audio',
          connectionState: ConnectionState.CONN_CONNECTED,
        },
        cause,
      );
      expectObservable(input.pipe(publishAudio(room, options))).toBe('#', undefined, error);
      expectSubscriptions(input.subscriptions).toBe([]);
      expect(error.message).toBe(
        'publishAudio: publishing track "audio" failed: rtc-node rejected publishTrack. Does ' +
          'the token grant canPublish (and this track source)? Is the codec supported by the ' +
          'server? (insufficient permissions).',
      );
      expect(error.cause).toBe(cause);
    });
  });

  it('a room that is not connected is a PublishError at subscription', () => {
    const room = new TestRoom();
    void room.disconnect();
    let error: unknown;
    testScheduler().run(({ cold }) => {
      cold('a|', frames)
        .pipe(publishAudio(room, options))
        .subscribe({ error: (e: unknown) => (error = e) });
    });
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).info).toEqual({
      sink: 'publishAudio',
      reason: 'not-connected',
      trackName: 'audio',
      connectionState: ConnectionState.CONN_DISCONNECTED,
    });
    expect((error as PublishError).message).toBe(
      'publishAudio: publishing track "audio" failed: the room is not connected ' +
        '(CONN_DISCONNECTED), so nothing can be published. Subscribe after room.connect() ' +
        'resolves, or inside connect(url, token) / fromRoom(room).',
    );
  });

  it('the room disconnecting ends the publication: unpublished (room-disconnected), then complete', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions, flush }) => {
      const room = new TestRoom();
      const input = hot('a-b-c-d-|', frames);
      const { events, source, record } = recorder();
      room.play(hot('----x', { x: { type: 'disconnect' } }));
      expectObservable(
        input.pipe(
          publishAudio(room, options),
          record,
          map((e) => e.type),
        ),
      ).toBe('(pq)(u|)', types);
      expectSubscriptions(input.subscriptions).toBe('^---!');
      flush();
      expect(events.at(-1)).toEqual(unpublished('room-disconnected'));
      expect(source()?.closed).toBe(true);
    });
  });

  it('the track unpublished elsewhere ends the publication: unpublished (unpublished), then complete', () => {
    testScheduler().run(({ hot, expectObservable, flush }) => {
      const room = new TestRoom();
      const { events, source, record } = recorder();
      // Another local track coming and going does not matter; ours going does.
      hot('-p-o-u', { p: 'TR_2', o: 'TR_2', u: 'TR_1' }).subscribe((sid) =>
        room.localParticipant.trackPublications.has(sid)
          ? void room.localParticipant.unpublishTrack(sid)
          : void room.localParticipant.publishTrack({ name: 'other' }),
      );
      expectObservable(
        hot('a-b-c-d-|', frames).pipe(
          publishAudio(room, options),
          record,
          map((e) => e.type),
        ),
      ).toBe('(pq)-(u|)', types);
      flush();
      expect(events.at(-1)).toEqual(unpublished('unpublished'));
      expect(source()?.closed).toBe(true);
    });
  });

  it('frames wait while publishTrack is pending; a teardown meanwhile unpublishes once it resolves', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom();
      // rtc-node's publishTrack resolves later: delay the TestRoom's by 5.
      const hooks = room.localParticipant[publishHooks];
      const slow: PublishHooks = {
        ...hooks,
        publish: (track, publishOptions, done) =>
          void cold('-----x').subscribe(() => hooks.publish(track, publishOptions, done)),
      };
      Object.defineProperty(room.localParticipant, publishHooks, { value: slow });
      expectObservable(localTracks(room)).toBe('-----(PQR) 15ms U', {
        P: '+TR_1',
        Q: '+TR_2',
        R: '-TR_2',
        U: '-TR_1',
      });
      expectObservable(
        cold('(ab|)', frames).pipe(
          publishAudio(room, options),
          map((e) => e.type),
        ),
      ).toBe('-----(pq) 6ms q 9ms (ou|)', types);
      // Unsubscribed at 2, while publishing: unpublished as soon as publishTrack resolves.
      expectObservable(cold('(ab|)', frames).pipe(publishAudio(room, options)), '^-!').toBe('');
    });
  });

  it('throws at once for something that is not a room, or options that cannot work', () => {
    expect(() => publishAudio({} as TestRoom)).toThrow(TypeError);
    const room = new TestRoom();
    expect(() => publishAudio(room, { queueSizeMs: 15 })).toThrow(
      new RangeError(
        'publishAudio: queueSizeMs must be a positive multiple of 10 (rtc-node asserts it), got 15',
      ),
    );
    expect(() => publishAudio(room, { queueSizeMs: 0 })).toThrow(RangeError);
    expect(() => publishAudio(room, { sampleRate: 0 })).toThrow(RangeError);
    expect(() => publishAudio(room, { numChannels: 1.5 })).toThrow(RangeError);
    expect(() => publishAudio(room, { bufferSize: 0 })).toThrow(RangeError);
    expect(() => publishAudio(room, { maxQueuedMs: 0 })).toThrow(
      new RangeError('publishAudio: maxQueuedMs must be a positive finite number, got 0'),
    );
    expect(() => publishAudio(room, { maxQueuedMs: Infinity })).toThrow(RangeError);
    expect(() => publishAudio(room, { endSilenceMs: -1 })).toThrow(RangeError);
    expect(() => publishAudio(room, { silenceWhenIdle: true, sampleRate: 22050 })).toThrow(
      RangeError,
    );
  });
});
