import {
  AudioFrame,
  TrackKind,
  TrackSource,
  VideoBufferType,
  VideoFrame,
  VideoRotation,
  type VideoFrameEvent,
} from '@livekit/rtc-node';
import { BehaviorSubject, NEVER, filter, map, mergeMap, type Observable } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import {
  QueueOverflowError,
  RoomNotConnectedError,
  audioFrames,
  subscribedAudio,
  subscribedVideo,
  videoFrames,
} from 'livekit-rx';
import { TestRoom, testFrame, type TestRoomAction, type TestTrack } from 'livekit-rx/testing';
import { testScheduler } from '../scheduler';
import { listenerTotal } from './helpers';

/** One-sample frames whose value names them: frame('a') carries 97. */
const frames = (letters: string): Record<string, AudioFrame> =>
  Object.fromEntries(
    [...letters].map((c) => [c, testFrame({ samplesPerChannel: 1, start: c.charCodeAt(0) })]),
  );
const letter = map((frame: AudioFrame) => String.fromCharCode(frame.data[0] ?? 0));
const mic = { name: 'mic', source: TrackSource.SOURCE_MICROPHONE } as const;
let ts: TestScheduler;
beforeEach(() => {
  ts = testScheduler();
});

describe('audioFrames', () => {
  describe('of a track', () => {
    it('plays the track’s frames and completes when the track is unsubscribed', () => {
      ts.run(({ hot, cold, expectObservable, expectSubscriptions }) => {
        const media$ = hot('--a-b-c-d-e', frames('abcde'));
        const room = new TestRoom({
          participants: [{ identity: 'alice', tracks: [{ sid: 'TR_a', ...mic, frames: media$ }] }],
        });
        room.play(cold('-------s', { s: unsubscribe('alice', 'TR_a') }));
        const track = trackOf(room, 'alice', 'TR_a');
        expectObservable(audioFrames(track, { scheduler: ts }).pipe(letter)).toBe('--a-b-c|');
        expectSubscriptions(media$.subscriptions).toBe('^------!');
      });
    });

    it('ends when the room disconnects, and when the subscriber unsubscribes (frames unsubscribed)', () => {
      ts.run(({ hot, cold, expectObservable, expectSubscriptions }) => {
        const media$ = hot('-a-b-c-d-e', frames('abcde'));
        const room = new TestRoom({
          participants: [{ identity: 'alice', tracks: [{ sid: 'TR_a', ...mic, frames: media$ }] }],
        });
        room.play(cold('-----x', { x: { type: 'disconnect' } }));
        const track = trackOf(room, 'alice', 'TR_a');
        expectObservable(audioFrames(track, { scheduler: ts }).pipe(letter)).toBe('-a-b-|');
        expectObservable(audioFrames(track, { scheduler: ts }).pipe(letter), '^--!').toBe('-a-');
        expectSubscriptions(media$.subscriptions).toBe(['^----!', '^--!']);
      });
    });

    it('rejects what is not an audio track, at once, with a TypeError naming what it got', () => {
      const room = new TestRoom({
        participants: [
          { identity: 'bob', tracks: [{ sid: 'TR_v', name: 'cam', kind: TrackKind.KIND_VIDEO }] },
        ],
      });
      expect(() => audioFrames(trackOf(room, 'bob', 'TR_v'))).toThrow(
        new TypeError(
          'audioFrames: expected an audio track or { room, participant, source }, got a track of kind 2',
        ),
      );
      expect(() => audioFrames(null as never)).toThrow(TypeError);
      expect(() => audioFrames({ kind: TrackKind.KIND_AUDIO } as never)).toThrow(
        'audioFrames: expected an rtc-node Track or a livekit-rx/testing TestTrack, got Object',
      );
      expect(() => audioFrames({ room: {}, participant: 'alice' } as never)).toThrow(
        /audioFrames: expected a Room/,
      );
      expect(() => audioFrames({ room, participant: 42 } as never)).toThrow(
        'audioFrames: expected { participant } to be an identity or a participant, got 42',
      );
    });
  });

  describe('of a participant', () => {
    it('waits for the participant, follows them across republication, and completes when they leave', () => {
      ts.run(({ hot, cold, expectObservable, expectSubscriptions }) => {
        const first$ = hot('----a-b-c-d-e-f', frames('abcdef'));
        const second$ = hot('-----------------g-h-i-j', frames('ghij'));
        const room = new TestRoom();
        room.play(
          cold('-j-p------u---P-----l', {
            j: { type: 'join', identity: 'alice' },
            p: publish('alice', { sid: 'TR_1', ...mic, frames: first$ }),
            u: { type: 'unpublish', identity: 'alice', trackSid: 'TR_1' },
            P: publish('alice', { sid: 'TR_2', ...mic, frames: second$ }),
            l: { type: 'leave', identity: 'alice' },
          }),
        );
        expectObservable(
          audioFrames({ room, participant: 'alice' }, { scheduler: ts }).pipe(letter),
        ).toBe('----a-b-c--------g-h|');
        expectSubscriptions(first$.subscriptions).toBe('---^------!');
        expectSubscriptions(second$.subscriptions).toBe('--------------^-----!');
      });
    });

    it('keeps to its source: the camera and the screen-share audio are not the microphone', () => {
      ts.run(({ hot, cold, expectObservable }) => {
        const screen$ = hot('--s-s-s', frames('s'));
        const mic$ = hot('--m-m-m', frames('m'));
        const room = new TestRoom({ participants: [{ identity: 'alice' }] });
        room.play(
          cold('-ab', {
            a: publish('alice', {
              name: 'screen',
              source: TrackSource.SOURCE_SCREENSHARE_AUDIO,
              frames: screen$,
            }),
            b: publish('alice', { ...mic, frames: mic$ }),
          }),
        );
        const scheduler = ts;
        expectObservable(
          audioFrames({ room, participant: 'alice' }, { scheduler }).pipe(letter),
        ).toBe('--m-m-m');
        expectObservable(
          audioFrames(
            { room, participant: 'alice', source: TrackSource.SOURCE_SCREENSHARE_AUDIO },
            { scheduler },
          ).pipe(letter),
        ).toBe('--s-s-s');
      });
    });

    it("with republication: 'complete', completes when the first track goes", () => {
      ts.run(({ hot, cold, expectObservable }) => {
        const media$ = hot('-a-b-c-d-e-f', frames('abcdef'));
        const room = new TestRoom({
          participants: [{ identity: 'alice', tracks: [{ sid: 'TR_1', ...mic, frames: media$ }] }],
        });
        room.play(
          cold('----u-P', {
            u: { type: 'unpublish', identity: 'alice', trackSid: 'TR_1' },
            P: publish('alice', { sid: 'TR_2', ...mic, frames: media$ }),
          }),
        );
        expectObservable(
          audioFrames(
            { room, participant: 'alice', republication: 'complete' },
            { scheduler: ts },
          ).pipe(letter),
        ).toBe('-a-b|');
      });
    });

    it('takes a participant object as well as an identity, and completes when the room disconnects', () => {
      ts.run(({ hot, cold, expectObservable }) => {
        const media$ = hot('-a-b-c', frames('abc'));
        const room = new TestRoom({
          participants: [{ identity: 'alice', tracks: [{ sid: 'TR_1', ...mic, frames: media$ }] }],
        });
        room.play(cold('----x', { x: { type: 'disconnect' } }));
        const alice = room.remoteParticipants.get('alice');
        expectObservable(
          audioFrames({ room, participant: alice! }, { scheduler: ts }).pipe(letter),
        ).toBe('-a-b|');
      });
      const closed = new TestRoom();
      void closed.disconnect();
      let error: unknown;
      audioFrames({ room: closed, participant: 'alice' }).subscribe({ error: (e) => (error = e) });
      expect(error).toBeInstanceOf(RoomNotConnectedError);
    });

    it('leaves no listener on the room after unsubscribing or completing', () => {
      const room = new TestRoom({
        participants: [{ identity: 'alice', tracks: [{ sid: 'TR_1', ...mic }] }],
      });
      ts.run(({ cold, expectObservable }) => {
        room.play(cold('---l', { l: { type: 'leave', identity: 'alice' } }));
        expectObservable(audioFrames({ room, participant: 'alice' }), '^-!').toBe('');
        expectObservable(audioFrames({ room, participant: 'alice' })).toBe('---|');
      });
      expect(listenerTotal(room)).toBe(0);
    });
  });

  describe('bounded delivery', () => {
    const present = (media$: Observable<AudioFrame>): TestRoom =>
      new TestRoom({
        participants: [{ identity: 'alice', tracks: [{ sid: 'TR_1', ...mic, frames: media$ }] }],
      });

    it('drop-oldest (default): a backlog is cut to the newest bufferSize frames, and counted', () => {
      const dropped = new BehaviorSubject(0);
      const counts: number[] = [];
      dropped.subscribe((n) => counts.push(n));
      ts.run(({ hot, expectObservable }) => {
        const room = present(hot('-(abcd)-e-(fgh)', frames('abcdefgh')));
        expectObservable(
          audioFrames(
            { room, participant: 'alice' },
            { scheduler: ts, bufferSize: 2, droppedFrames: dropped },
          ).pipe(letter),
        ).toBe('-(cd)---e-(gh)');
      });
      expect(counts).toEqual([0, 1, 2, 3]);
    });

    it('drop-newest keeps the oldest frames of a backlog', () => {
      ts.run(({ hot, expectObservable }) => {
        const room = present(hot('-(abcd)-e', frames('abcde')));
        expectObservable(
          audioFrames(
            { room, participant: 'alice' },
            { scheduler: ts, bufferSize: 3, overflow: 'drop-newest' },
          ).pipe(letter),
        ).toBe('-(abc)--e');
      });
    });

    it("'error' ends the stream with a QueueOverflowError naming the frame that did not fit", () => {
      ts.run(({ hot, expectObservable }) => {
        const room = present(hot('-a-(bcd)', frames('abcd')));
        expectObservable(
          audioFrames(
            { room, participant: 'alice' },
            { scheduler: ts, bufferSize: 2, overflow: 'error' },
          ).pipe(letter),
        ).toBe(
          '-a-#',
          undefined,
          new QueueOverflowError({ operator: 'audioFrames', bufferSize: 2, index: 3 }),
        );
      });
    });

    it('delivers what is queued before completing', () => {
      ts.run(({ hot, expectObservable }) => {
        const room = present(hot('-a-(bc|)', frames('abc')));
        expectObservable(
          audioFrames(trackOf(room, 'alice', 'TR_1'), { scheduler: ts }).pipe(letter),
        ).toBe('-a-(bc|)');
      });
    });

    it('rejects a bufferSize that is not a whole number >= 1', () => {
      const room = present(NEVER);
      expect(() => audioFrames({ room, participant: 'alice' }, { bufferSize: 0 })).toThrow(
        new RangeError('audioFrames: bufferSize must be a whole number >= 1, got 0'),
      );
    });
  });
});

describe('videoFrames', () => {
  const event = (value: number, type = VideoBufferType.RGBA): VideoFrameEvent => ({
    frame: new VideoFrame(new Uint8Array([value, value, value, 255]), 1, 1, type),
    timestampUs: BigInt(value),
    rotation: VideoRotation.VIDEO_ROTATION_0,
  });
  const camera = { name: 'cam', kind: TrackKind.KIND_VIDEO } as const;

  it('follows the participant’s camera and passes frames already in the requested format', () => {
    ts.run(({ hot, cold, expectObservable }) => {
      const events = { a: event(1), b: event(2), c: event(3) };
      const cam$ = hot('-a-b-c', events);
      const room = new TestRoom({ participants: [{ identity: 'bob' }] });
      room.play(
        cold('--p--l', {
          p: publish('bob', { sid: 'TR_c', ...camera, frames: cam$ }),
          l: { type: 'leave', identity: 'bob' },
        }),
      );
      expectObservable(
        videoFrames({ room, participant: 'bob' }, { scheduler: ts, format: VideoBufferType.RGBA }),
      ).toBe('---b-|', events);
    });
  });

  it('keeps only the newest 2 frames of a backlog by default', () => {
    ts.run(({ hot, expectObservable }) => {
      const events = { a: event(1), b: event(2), c: event(3), d: event(4) };
      const room = new TestRoom({
        participants: [
          { identity: 'bob', tracks: [{ ...camera, frames: hot('-(abcd)', events) }] },
        ],
      });
      expectObservable(videoFrames({ room, participant: 'bob' }, { scheduler: ts })).toBe(
        '-(cd)',
        events,
      );
    });
  });

  it('rejects an audio track', () => {
    const room = new TestRoom({
      participants: [{ identity: 'alice', tracks: [{ sid: 'TR_a', ...mic }] }],
    });
    expect(() => videoFrames(trackOf(room, 'alice', 'TR_a'))).toThrow(
      'videoFrames: expected an video track or { room, participant, source }, got a track of kind 1',
    );
  });
});

describe('subscribedAudio / subscribedVideo', () => {
  it('emits each subscribed track once with its frames$, which completes when the track goes', () => {
    ts.run(({ hot, cold, expectObservable }) => {
      const alice$ = hot('-a-a-a-a-a-a-a', frames('a'));
      const bob$ = hot('-b-b-b-b-b-b-b', frames('b'));
      const room = new TestRoom({
        participants: [
          { identity: 'alice', tracks: [{ sid: 'TR_a', ...mic, frames: alice$ }] },
          { identity: 'bob' },
        ],
      });
      room.play(
        cold('--p-----u---x', {
          p: publish('bob', { sid: 'TR_b', ...mic, frames: bob$ }),
          u: unsubscribe('alice', 'TR_a'),
          x: { type: 'disconnect' },
        }),
      );
      const scheduler = ts;
      const tracks$ = subscribedAudio(room, {}, { scheduler });
      expectObservable(tracks$.pipe(map((t) => t.participant.identity))).toBe('A-B---------|', {
        A: 'alice',
        B: 'bob',
      });
      const framesOf = (identity: string): Observable<string> =>
        tracks$.pipe(
          filter(({ participant }) => participant.identity === identity),
          mergeMap(({ frames$ }) => frames$.pipe(letter)),
        );
      expectObservable(framesOf('alice')).toBe('-a-a-a-a----|');
      expectObservable(framesOf('bob')).toBe('---b-b-b-b-b|');
    });
  });

  it('subscribedVideo keeps to video tracks of the filter', () => {
    ts.run(({ cold, expectObservable }) => {
      const room = new TestRoom({
        participants: [
          {
            identity: 'bob',
            tracks: [
              { sid: 'TR_m', ...mic },
              { sid: 'TR_c', name: 'cam', kind: TrackKind.KIND_VIDEO },
              {
                sid: 'TR_s',
                name: 'screen',
                kind: TrackKind.KIND_VIDEO,
                source: TrackSource.SOURCE_SCREENSHARE,
              },
            ],
          },
        ],
      });
      room.play(cold('--x', { x: { type: 'disconnect' } }));
      expectObservable(
        subscribedVideo(room, { source: TrackSource.SOURCE_SCREENSHARE }).pipe(
          map((t) => t.publication.sid),
        ),
      ).toBe('s-|', { s: 'TR_s' });
    });
  });
});

function trackOf(room: TestRoom, identity: string, sid: string): TestTrack {
  const track = room.remoteParticipants.get(identity)?.trackPublications.get(sid)?.track;
  if (track === undefined) throw new Error(`no subscribed track ${identity}/${sid}`);
  return track;
}

function publish(
  identity: string,
  track: Extract<TestRoomAction, { type: 'publish' }>['track'],
): TestRoomAction {
  return { type: 'publish', identity, track };
}

function unsubscribe(identity: string, trackSid: string): TestRoomAction {
  return { type: 'unsubscribe', identity, trackSid };
}
