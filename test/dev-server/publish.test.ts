import {
  AudioFrame,
  AudioStream,
  Room,
  RoomEvent,
  TrackKind,
  TrackSource,
  VideoBufferType,
  VideoCodec,
  VideoFrame,
  VideoStream,
  type LocalTrackPublication,
  type Track,
} from '@livekit/rtc-node';
import {
  muted,
  PublishError,
  publishAudio,
  publishVideo,
  type PublishAudioEvent,
} from 'livekit-rx';
import {
  EMPTY,
  interval,
  lastValueFrom,
  map,
  mergeMap,
  range,
  Subject,
  take,
  tap,
  toArray,
  Observable,
} from 'rxjs';
import { dominantFrequency, rms } from '../helpers/dominantFrequency';
import { next, useDevServer } from './helpers';
import { receiveSound, toneFrame } from './media';

const rooms = useDevServer();

type Event = PublishAudioEvent<LocalTrackPublication>;

/** `count` consecutive 10 ms frames of a 440 Hz sine at 48 kHz, made as they are pulled. */
function tone(count: number): Observable<AudioFrame> {
  return range(0, count).pipe(map((i) => toneFrame(i)));
}

const loud = (frame: AudioFrame) => rms(frame.data) > 2000;

describe('dev server: publishAudio, publishVideo, muted', () => {
  it('publishAudio: the other participant sees the track published, hears 440 Hz, and sees it unpublished on unsubscribe', async () => {
    const alice = await rooms.join('alice', 'publish-tone');
    const bob = await rooms.join('bob', 'publish-tone');
    const announced = next(bob, RoomEvent.TrackPublished);
    const subscribed = next(bob, RoomEvent.TrackSubscribed);
    const events: Event[] = [];
    const subscription = tone(1000)
      .pipe(publishAudio(alice, { name: 'sine', bufferSize: 1000 }))
      .subscribe((e) => events.push(e));
    const [publication, from] = await announced;
    expect([publication.name, publication.kind, publication.source, from.identity]).toEqual([
      'sine',
      TrackKind.KIND_AUDIO,
      TrackSource.SOURCE_MICROPHONE,
      'alice',
    ]);
    expect(events[0]).toMatchObject({ type: 'published', sid: publication.sid });
    const [track] = await subscribed;
    const sound = await receiveSound(track, 100);
    // Lossy Opus: the frequency and the level, not the samples.
    expect(Math.abs(dominantFrequency(sound.subarray(4800), 48000) - 440)).toBeLessThanOrEqual(2);
    expect(rms(sound.subarray(4800)) / 11585).toBeGreaterThan(0.8);

    const unpublished = next(bob, RoomEvent.TrackUnpublished);
    subscription.unsubscribe();
    const [gone] = await unpublished;
    expect(gone.sid).toBe(publication.sid);
    expect(alice.localParticipant?.trackPublications.size).toBe(0);
  });

  it('publishAudio: a completed input is played out, then unpublished; the stream then completes', async () => {
    const alice = await rooms.join('alice', 'publish-complete');
    const bob = await rooms.join('bob', 'publish-complete');
    const subscribed = next(bob, RoomEvent.TrackSubscribed);
    const unpublished = next(bob, RoomEvent.TrackUnpublished);
    const done = lastValueFrom(
      tone(150).pipe(publishAudio(alice, { endSilenceMs: 100 }), toArray()),
    );
    const [track] = await subscribed;
    const heard = lastValueFrom(
      new Observable<AudioFrame>((subscriber) => {
        const reader = new AudioStream(track, 48000, 1).getReader();
        const pump = (): void =>
          void reader.read().then(
            ({ value, done: end }) => {
              if (end) return subscriber.complete();
              subscriber.next(value);
              pump();
            },
            (err: unknown) => subscriber.error(err),
          );
        pump();
        return () => void reader.cancel();
      }).pipe(toArray()),
    );
    const events = await done;
    expect(events.map((e) => e.type).filter((t) => t !== 'queued')).toEqual([
      'published',
      'played-out',
      'unpublished',
    ]);
    expect(events.filter((e) => e.type === 'queued')).toHaveLength(150);
    expect(events.at(-1)).toMatchObject({ type: 'unpublished', reason: 'completed' });
    await unpublished;
    // The subscriber's stream ends with the unpublication; it heard the tone.
    const frames = await heard;
    expect(frames.filter(loud).length).toBeGreaterThan(50);
  });

  it('interrupt$ drops the queued audio: the other participant stops hearing it at once', async () => {
    const alice = await rooms.join('alice', 'publish-interrupt');
    const bob = await rooms.join('bob', 'publish-interrupt');
    const subscribed = next(bob, RoomEvent.TrackSubscribed);
    const interrupt$ = new Subject<void>();
    let handed = 0;
    // 10 s of audio, a 1 s native queue: when interrupted, about 1 s of it waits in the
    // AudioSource and the rest in livekit-rx's queue.
    const done = lastValueFrom(
      tone(1000).pipe(
        publishAudio(alice, { bufferSize: 1000, queueSizeMs: 1000, interrupt$ }),
        tap((e) => e.type === 'queued' && handed++),
        toArray(),
      ),
    );
    const [track] = await subscribed;
    // Bob interrupts Alice when he first hears her (barge-in), and keeps listening to the end
    // (Alice's publication completes after the interruption, so his stream ends).
    let heardBefore = 0;
    let heardAfter = 0;
    let handedAtInterrupt = 0;
    for await (const frame of new AudioStream(track, 48000, 1)) {
      if (!loud(frame)) continue;
      if (handedAtInterrupt === 0) {
        handedAtInterrupt = handed;
        heardBefore++;
        interrupt$.next();
      } else {
        heardAfter++;
      }
    }
    const events = await done;
    const interrupted = events.find((e) => e.type === 'interrupted');
    expect(interrupted).toBeDefined();
    expect(events.filter((e) => e.type === 'dropped').length).toBeGreaterThan(500);
    expect(events.at(-1)).toMatchObject({ type: 'unpublished', reason: 'completed' });
    // Without clearing the AudioSource, Bob would still hear its ~100 queued frames (1 s);
    // with it, only what was already on the way (jitter buffer, a frame in flight).
    expect(heardAfter).toBeLessThan(50);
    // In all, Bob heard less than Alice had handed to her AudioSource: the rest was cleared.
    expect(heardBefore + heardAfter).toBeLessThan(handedAtInterrupt - 30);
  });

  it('muted(publication): the other participant sees TrackMuted and TrackUnmuted, and so does the local room', async () => {
    const alice = await rooms.join('alice', 'publish-mute');
    const bob = await rooms.join('bob', 'publish-mute');
    const subscribed = next(bob, RoomEvent.TrackSubscribed);
    const mute$ = new Subject<boolean>();
    const applied: boolean[] = [];
    const subscription = tone(1000)
      .pipe(
        publishAudio(alice, { bufferSize: 1000 }),
        mergeMap((e) => (e.type === 'published' ? mute$.pipe(muted(e.publication)) : EMPTY)),
      )
      .subscribe((state) => applied.push(state));
    const [, remote] = await subscribed;

    const bobSeesMute = next(bob, RoomEvent.TrackMuted);
    const aliceSeesMute = next(alice, RoomEvent.TrackMuted);
    mute$.next(true);
    const [mutedPublication, mutedBy] = await bobSeesMute;
    expect([mutedPublication.sid, mutedPublication.muted, mutedBy.identity]).toEqual([
      remote.sid,
      true,
      'alice',
    ]);
    const [localPublication, localParticipant] = await aliceSeesMute;
    expect([localPublication.sid, localPublication.muted, localParticipant.identity]).toEqual([
      remote.sid,
      true,
      'alice',
    ]);

    const bobSeesUnmute = next(bob, RoomEvent.TrackUnmuted);
    mute$.next(true); // no change: nothing sent
    mute$.next(false);
    const [unmutedPublication] = await bobSeesUnmute;
    expect([unmutedPublication.sid, unmutedPublication.muted]).toEqual([remote.sid, false]);
    expect(applied).toEqual([true, false]);
    subscription.unsubscribe();
  });

  it('publishVideo: 320x240 VP8 frames arrive at the other participant at that size', async () => {
    const alice = await rooms.join('alice', 'publish-video');
    const bob = await rooms.join('bob', 'publish-video');
    const subscribed = next(bob, RoomEvent.TrackSubscribed);
    const width = 320;
    const height = 240;
    // A camera's pace (30 fps): producer timing, not a wait for something to happen.
    const camera$ = interval(33).pipe(
      take(900),
      map((i) => {
        const data = new Uint8Array((width * height * 3) / 2);
        for (let p = 0; p < width * height; p++) data[p] = (p + i * 5) % 256;
        data.fill(128, width * height);
        return new VideoFrame(data, width, height, VideoBufferType.I420);
      }),
    );
    const subscription = camera$
      .pipe(
        publishVideo(alice, {
          name: 'camera',
          width,
          height,
          publishOptions: { videoCodec: VideoCodec.VP8 },
        }),
      )
      .subscribe();
    const [track, publication] = await subscribed;
    expect([publication.name, publication.kind, publication.source]).toEqual([
      'camera',
      TrackKind.KIND_VIDEO,
      TrackSource.SOURCE_CAMERA,
    ]);
    const sizes: string[] = [];
    for await (const { frame } of new VideoStream(track as Track)) {
      sizes.push(`${frame.width}x${frame.height}`);
      if (sizes.length === 5) break;
    }
    expect(sizes).toEqual(Array(5).fill('320x240'));
    const unpublished = next(bob, RoomEvent.TrackUnpublished);
    subscription.unsubscribe();
    expect((await unpublished)[0].sid).toBe(publication.sid);
  });

  it('the room disconnecting while publishing completes the sink after an unpublished event', async () => {
    // Removed by the server: Disconnected comes first. room.disconnect(): rtc-node unpublishes
    // the local tracks (LocalTrackUnpublished) before Disconnected.
    const expected = { server: 'room-disconnected', client: 'unpublished' } as const;
    for (const how of ['server', 'client'] as const) {
      const name = `publish-disconnect-${how}`;
      const alice = await rooms.join('alice', name);
      const bob = await rooms.join('bob', name);
      const subscribed = next(bob, RoomEvent.TrackSubscribed);
      const done = lastValueFrom(
        tone(1000).pipe(publishAudio(alice, { bufferSize: 1000 }), toArray()),
      );
      await subscribed;
      if (how === 'server') rooms.server.removeParticipant(name, 'alice');
      else await alice.disconnect();
      const events = await done;
      const first = events[0];
      expect(events.at(-1)).toEqual({
        type: 'unpublished',
        sid: first?.type === 'published' ? first.sid : '?',
        reason: expected[how],
      });
    }
  });

  it('a room that is not connected (never, or no longer) is a PublishError', async () => {
    const never = new Room();
    await expect(lastValueFrom(tone(1).pipe(publishAudio(never)))).rejects.toMatchObject({
      name: 'PublishError',
      info: { sink: 'publishAudio', reason: 'not-connected', trackName: 'audio' },
    });
    const left = await rooms.join('alice', 'publish-left');
    await left.disconnect();
    const err = await lastValueFrom(tone(1).pipe(publishAudio(left))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PublishError);
  });
});
