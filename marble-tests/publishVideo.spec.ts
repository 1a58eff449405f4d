import { TrackSource, VideoBufferType, VideoFrame, VideoRotation } from '@livekit/rtc-node';
import { map, tap } from 'rxjs';
import { FrameFormatError, PublishError, publishVideo, type PublishVideoEvent } from 'livekit-rx';
import { TestRoom, type TestTrackPublication, type TestVideoSource } from 'livekit-rx/testing';
import { listenerTotal } from './room/helpers';
import { testScheduler } from './scheduler';

const rgba = (width: number, height: number, fill = 0) =>
  new VideoFrame(
    new Uint8Array(width * height * 4).fill(fill),
    width,
    height,
    VideoBufferType.RGBA,
  );
const [a, b, c, d] = [rgba(4, 2, 1), rgba(4, 2, 2), rgba(4, 2, 3), rgba(4, 2, 4)];
const frames = { a, b, c, d };
const size = { width: 4, height: 2 } as const;

type Event = PublishVideoEvent<TestTrackPublication>;
const published = expect.objectContaining({ type: 'published', sid: 'TR_1' }) as Event;
const captured = (index: number, timestampUs?: bigint): Event => ({
  type: 'captured',
  index,
  timestampUs,
});
const dropped = (index: number): Event => ({ type: 'dropped', index, reason: 'fps' });
const unpublished = (reason: 'completed' | 'room-disconnected' | 'unpublished'): Event => ({
  type: 'unpublished',
  sid: 'TR_1',
  reason,
});

function recorder(): {
  source: () => TestVideoSource | undefined;
  record: ReturnType<typeof tap<Event>>;
} {
  let source: TestVideoSource | undefined;
  return {
    source: () => source,
    record: tap((e: Event) => {
      if (e.type === 'published') source = e.publication.track?.source as TestVideoSource;
    }),
  };
}

describe('publishVideo on a TestRoom', () => {
  it('publishes a camera track, captures each frame, and unpublishes and closes on complete', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions, flush }) => {
      const room = new TestRoom();
      const input = cold('-a-b|', frames);
      const { source, record } = recorder();
      let publication: TestTrackPublication | undefined;
      expectObservable(
        input.pipe(
          publishVideo(room, size),
          record,
          tap((e) => e.type === 'published' && (publication = e.publication)),
        ),
      ).toBe('pa-b(u|)', {
        p: published,
        a: captured(0),
        b: captured(1),
        u: unpublished('completed'),
      });
      expectSubscriptions(input.subscriptions).toBe('^---!');
      flush();
      expect([publication?.name, publication?.source, publication?.kind]).toEqual([
        'video',
        TrackSource.SOURCE_CAMERA,
        2,
      ]);
      expect(source()?.captured.map((x) => x.frame)).toEqual([a, b]);
      expect([source()?.width, source()?.height, source()?.closed]).toEqual([4, 2, true]);
      expect(room.localParticipant.trackPublications.size).toBe(0);
      expect(listenerTotal(room)).toBe(0);
    });
  });

  it('takes { frame, timestampUs, rotation } (what VideoStream yields) and passes them on', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const room = new TestRoom();
      const { source, record } = recorder();
      const relayed = {
        frame: a,
        timestampUs: BigInt(33_000),
        rotation: VideoRotation.VIDEO_ROTATION_90,
      };
      expectObservable(
        cold('(r|)', { r: relayed }).pipe(publishVideo(room, { ...size, name: 'relay' }), record),
      ).toBe('(pru|)', {
        p: published,
        r: captured(0, BigInt(33_000)),
        u: unpublished('completed'),
      });
      flush();
      expect(source()?.captured).toEqual([relayed]);
    });
  });

  it('fps drops frames that come faster, keeps a jittery frame near its slot, and restarts after a pause', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom();
      // fps 100: one slot per 10 ms. a at 0; b at 4 is too early; c at 9 is within a quarter
      // slot of 10: kept; d at 12 is too early for 20; a again at 50 (after a pause) is kept.
      expectObservable(
        cold('a 3ms b 4ms c 2ms d 37ms (a|)', frames).pipe(
          publishVideo(room, { ...size, fps: 100 }),
        ),
      ).toBe('(pa) 0ms b 4ms c 2ms d 37ms (eu|)', {
        p: published,
        a: captured(0),
        b: dropped(1),
        c: captured(2),
        d: dropped(3),
        e: captured(4),
        u: unpublished('completed'),
      });
    });
  });

  it('a frame of another size is a FrameFormatError; so is a frame with too few bytes', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom();
      const hint = `The published VideoSource is 4x2: scale the frames first, or set publishVideo's width/height.`;
      expectObservable(cold('(ab)', { a, b: rgba(2, 2) }).pipe(publishVideo(room, size))).toBe(
        '(pa#)',
        { p: published, a: captured(0) },
        new FrameFormatError(
          { operator: 'publishVideo', frameIndex: 1, problem: 'width', expected: 4, actual: 2 },
          hint,
        ),
      );
      const short = new VideoFrame(new Uint8Array(8), 4, 2, VideoBufferType.I420);
      expectObservable(cold('a', { a: short }).pipe(publishVideo(room, size))).toBe(
        '(p#)',
        { p: expect.objectContaining({ type: 'published', sid: 'TR_2' }) },
        new FrameFormatError(
          { operator: 'publishVideo', frameIndex: 0, problem: 'bytes', expected: 12, actual: 8 },
          'The frame is corrupt: its data must hold every plane of its buffer type.',
        ),
      );
    });
  });

  it('hands rtc-node a frame whose data starts at offset 0', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const room = new TestRoom();
      const { source, record } = recorder();
      const buffer = new Uint8Array(8 + 32).fill(7);
      const view = new VideoFrame(buffer.subarray(8), 4, 2, VideoBufferType.RGBA);
      expectObservable(
        cold('(v|)', { v: view }).pipe(
          publishVideo(room, size),
          record,
          map((e) => e.type),
        ),
      ).toBe('(pcu|)', { p: 'published', c: 'captured', u: 'unpublished' });
      flush();
      const sent = source()?.captured[0]?.frame;
      expect(sent?.data.byteOffset).toBe(0);
      expect(sent?.data).toEqual(view.data);
    });
  });

  it('unsubscribing unpublishes at once; a disconnect ends with unpublished (room-disconnected)', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const room = new TestRoom();
      const input = hot('a----b', frames);
      expectObservable(
        input.pipe(
          publishVideo(room, size),
          map((e) => e.type),
        ),
        '^--!',
      ).toBe('(pc)', { p: 'published', c: 'captured' });
      expectSubscriptions(input.subscriptions).toBe(['^--!', '^---!']);
      room.play(hot('----x', { x: { type: 'disconnect' } }));
      expectObservable(
        input.pipe(
          publishVideo(room, size),
          map((e) => e.type),
        ),
      ).toBe('(pc)(u|)', { p: 'published', c: 'captured', u: 'unpublished' });
    });
  });

  it('a rejected publishTrack is a PublishError, and the input is never subscribed', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const room = new TestRoom();
      room.localParticipant.rejectPublish = new Error('no video allowed');
      const input = cold('a', frames);
      expectObservable(input.pipe(publishVideo(room, size))).toBe(
        '#',
        undefined,
        expect.any(PublishError),
      );
      expectSubscriptions(input.subscriptions).toBe([]);
    });
  });

  it('throws at once for a size or fps that cannot work', () => {
    const room = new TestRoom();
    expect(() => publishVideo(room, { width: 0, height: 2 })).toThrow(
      new RangeError('publishVideo: width must be a positive integer, got 0'),
    );
    expect(() => publishVideo(room, { width: 2, height: 2.5 })).toThrow(RangeError);
    expect(() => publishVideo(room, { ...size, fps: 0 })).toThrow(
      new RangeError('publishVideo: fps must be a positive number, got 0'),
    );
  });
});
