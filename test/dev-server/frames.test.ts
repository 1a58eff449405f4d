import { RoomEvent, TrackSource, VideoBufferType, type AudioFrame } from '@livekit/rtc-node';
import { audioFrames, concatPcm, subscribedAudio, videoFrames } from 'livekit-rx';
import {
  Subject,
  filter,
  firstValueFrom,
  lastValueFrom,
  map,
  mergeMap,
  take,
  tap,
  toArray,
} from 'rxjs';
import { dominantFrequency } from '../helpers/dominantFrequency';
import { next, useDevServer } from './helpers';
import { publishTone, publishVideo } from './media';

const rooms = useDevServer();

const isSound = (frame: AudioFrame): boolean => frame.data.some((s) => s !== 0);

/** Frames sorted into the phases of a test, with a way to await enough sound in a phase. */
class Recorder {
  readonly phases = new Map<string, AudioFrame[]>();
  private readonly arrived = new Subject<void>();
  phase = 'before';

  push(frame: AudioFrame): void {
    if (!isSound(frame)) return;
    const list = this.phases.get(this.phase) ?? [];
    list.push(frame);
    this.phases.set(this.phase, list);
    this.arrived.next();
  }

  /** Resolves once `count` sound frames have arrived in the current phase. */
  soundFrames(count: number): Promise<void> {
    const phase = this.phase;
    return firstValueFrom(
      this.arrived.pipe(filter(() => (this.phases.get(phase)?.length ?? 0) >= count)),
    );
  }

  /** The dominant frequency of a phase's audio, its first 10 frames (codec warm-up) left out. */
  frequency(phase: string): number {
    const pcm = concatPcm((this.phases.get(phase) ?? []).slice(10).map((f) => f.data));
    return dominantFrequency(pcm, 48000);
  }
}

describe('dev server: audioFrames / videoFrames / subscribedAudio through a real room', () => {
  it("follows a participant's microphone across republication and completes when they leave", async () => {
    const bob = await rooms.join('bob', 'follow');
    const recorder = new Recorder();
    let completed = false;
    // Subscribed before alice has even joined.
    const done = new Promise<void>((resolve, reject) =>
      audioFrames({ room: bob, participant: 'alice', source: TrackSource.SOURCE_MICROPHONE })
        .pipe(take(100_000))
        .subscribe({
          next: (frame) => recorder.push(frame),
          error: reject,
          complete: () => {
            completed = true;
            resolve();
          },
        }),
    );
    const alice = await rooms.join('alice', 'follow');

    recorder.phase = 'first';
    const first = await publishTone(alice, 440, 'mic-1');
    await recorder.soundFrames(40);
    const unpublished = next(bob, RoomEvent.TrackUnpublished);
    await alice.localParticipant!.unpublishTrack(first.publication.sid!);
    await first.stop();
    await unpublished;
    expect(completed).toBe(false);

    recorder.phase = 'second';
    const second = await publishTone(alice, 660, 'mic-2');
    await recorder.soundFrames(40);
    expect(completed).toBe(false);

    await alice.disconnect();
    await done;
    await second.stop();
    expect(completed).toBe(true);
    expect(recorder.phases.get('before')).toBeUndefined();
    expect(Math.abs(recorder.frequency('first') - 440)).toBeLessThanOrEqual(3);
    expect(Math.abs(recorder.frequency('second') - 660)).toBeLessThanOrEqual(3);
  });

  it("with republication: 'complete', ends when the track is unpublished", async () => {
    const alice = await rooms.join('alice', 'once');
    const bob = await rooms.join('bob', 'once');
    const subscribed = next(bob, RoomEvent.TrackSubscribed);
    const tone = await publishTone(alice, 440);
    await subscribed;
    const recorder = new Recorder();
    recorder.phase = 'tone';
    const all = lastValueFrom(
      audioFrames({ room: bob, participant: 'alice', republication: 'complete' }).pipe(
        map((frame) => recorder.push(frame)),
        toArray(),
      ),
    );
    await recorder.soundFrames(20);
    await alice.localParticipant!.unpublishTrack(tone.publication.sid!);
    await tone.stop();
    expect((await all).length).toBeGreaterThanOrEqual(20);
  });

  it('delivers 320x240 video frames from a participant’s camera, and ends them on unpublish', async () => {
    const alice = await rooms.join('alice', 'video');
    const bob = await rooms.join('bob', 'video');
    const subscribed = next(bob, RoomEvent.TrackSubscribed);
    const camera = await publishVideo(alice, { width: 320, height: 240 });
    const [track] = await subscribed;

    // The participant form, converted to RGBA, and the track form, as received (I420).
    const byParticipant = firstValueFrom(
      videoFrames(
        { room: bob, participant: 'alice', republication: 'complete' },
        { format: VideoBufferType.RGBA },
      ).pipe(take(3), toArray()),
    );
    const byTrackEnded = lastValueFrom(videoFrames(track).pipe(toArray()));
    const events = await byParticipant;
    expect(events.map((e) => [e.frame.width, e.frame.height, e.frame.type])).toEqual([
      [320, 240, VideoBufferType.RGBA],
      [320, 240, VideoBufferType.RGBA],
      [320, 240, VideoBufferType.RGBA],
    ]);
    expect(events.every((e) => e.frame.data.length === 320 * 240 * 4)).toBe(true);

    // rtc-node's VideoStream does not end when the track goes; videoFrames does.
    await alice.localParticipant!.unpublishTrack(camera.publication.sid!);
    await camera.stop();
    const received = await byTrackEnded;
    expect(received.length).toBeGreaterThan(0);
    expect(received.every((e) => e.frame.type === VideoBufferType.I420)).toBe(true);
  });

  it('subscribedAudio hands out every speaker’s frames, each ending with its track', async () => {
    const bob = await rooms.join('bob', 'speakers');
    const alice = await rooms.join('alice', 'speakers');
    const carol = await rooms.join('carol', 'speakers');
    const byIdentity = new Map<string, AudioFrame[]>();
    const ended: string[] = [];
    const enough = new Subject<void>();
    const subscription = subscribedAudio(bob)
      .pipe(
        mergeMap(({ participant, frames$ }) =>
          frames$.pipe(
            filter(isSound),
            map((frame) => ({ who: participant.identity, frame })),
            tap({ complete: () => ended.push(participant.identity) }),
          ),
        ),
      )
      .subscribe(({ who, frame }) => {
        const list = byIdentity.get(who) ?? [];
        list.push(frame);
        byIdentity.set(who, list);
        enough.next();
      });
    const toneA = await publishTone(alice, 440);
    const toneC = await publishTone(carol, 660);
    await firstValueFrom(
      enough.pipe(
        filter(() => (byIdentity.get('alice')?.length ?? 0) >= 40),
        filter(() => (byIdentity.get('carol')?.length ?? 0) >= 40),
      ),
    );
    const carolGone = next(bob, RoomEvent.TrackUnpublished);
    await carol.localParticipant!.unpublishTrack(toneC.publication.sid!);
    await carolGone;
    await toneC.stop();
    subscription.unsubscribe();
    await toneA.stop();

    const frequency = (who: string) =>
      dominantFrequency(
        concatPcm(
          byIdentity
            .get(who)!
            .slice(10)
            .map((f) => f.data),
        ),
        48000,
      );
    expect(Math.abs(frequency('alice') - 440)).toBeLessThanOrEqual(3);
    expect(Math.abs(frequency('carol') - 660)).toBeLessThanOrEqual(3);
    expect(ended).toContain('carol');
    expect(ended).not.toContain('alice');
  });
});
