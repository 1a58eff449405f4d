import { AudioFrame, AudioSource, LocalVideoTrack, VideoSource } from '@livekit/rtc-node';
import {
  audioFrames,
  captureAudio,
  concatPcm,
  QueueOverflowError,
  rechunk,
  resample,
  type CaptureEvent,
} from 'livekit-rx';
import { from, lastValueFrom, skipWhile, take, tap, toArray } from 'rxjs';
import { dominantFrequency } from './helpers/dominantFrequency';
import { loopbackTrack, sineFrames } from './helpers/loopback';
import { ffiListenerCount, useNativeRuntime } from './helpers/native';

useNativeRuntime();

const isSilent = (f: AudioFrame) => f.data.every((s) => s === 0);

describe('loopback on the native runtime: captureAudio -> local track -> audioFrames', () => {
  it('brings a 440 Hz sine back through resample(16000) and rechunk(20) as 320-sample frames', async () => {
    const { source, track, close } = loopbackTrack(48000);
    const input = sineFrames(100); // 1 s at 48 kHz, 10 ms frames

    const received = lastValueFrom(
      audioFrames(track).pipe(
        skipWhile(isSilent),
        take(100), // the 1 s we captured
        resample(16000),
        rechunk(20),
        toArray(),
      ),
    );
    const events = await lastValueFrom(
      from(input).pipe(captureAudio(source, { bufferSize: 100 }), toArray()),
    );
    const out = await received;
    await close();

    expect(events.filter((e) => e.type === 'captured')).toHaveLength(100);
    expect(events.at(-1)).toEqual<CaptureEvent>({ type: 'played-out', captured: 100 });

    const total = out.reduce((n, f) => n + f.samplesPerChannel, 0);
    // 48000 samples in at 48 kHz = 16000 out at 16 kHz, within the resampler's delay.
    expect(Math.abs(total - 16000)).toBeLessThanOrEqual(16);
    expect(out.slice(0, -1).every((f) => f.samplesPerChannel === 320)).toBe(true);
    expect(out.every((f) => f.sampleRate === 16000 && f.channels === 1)).toBe(true);
    expect(out.every((f) => f.data.byteOffset === 0)).toBe(true);

    const pcm = concatPcm(out.map((f) => f.data));
    expect(Math.abs(dominantFrequency(pcm.subarray(320, 15680), 16000) - 440)).toBeLessThanOrEqual(
      5,
    );
  });

  it('delivers the captured samples exactly when no conversion is asked for', async () => {
    const { source, track, close } = loopbackTrack(48000);
    const input = sineFrames(10);
    const received = lastValueFrom(
      audioFrames(track).pipe(skipWhile(isSilent), take(10), toArray()),
    );
    await lastValueFrom(
      from(input).pipe(captureAudio(source, { waitForPlayout: false }), toArray()),
    );
    const out = await received;
    await close();
    expect(concatPcm(out.map((f) => f.data))).toEqual(concatPcm(input.map((f) => f.data)));
  });

  it('captures a short file from an array (2 s) whole with the defaults; 100 frames failed at frame 101', async () => {
    const { source, track, close } = loopbackTrack(48000); // rtc-node's default 1000 ms queue
    const input = sineFrames(200);
    // rtc-node settles every capture later, even into a queue with room: from(array) delivers
    // all 200 frames while the first is being captured, so 199 wait in captureAudio's queue.
    await expect(
      lastValueFrom(from(input).pipe(captureAudio(source, { bufferSize: 100 }))),
    ).rejects.toEqual(
      new QueueOverflowError({ operator: 'captureAudio', bufferSize: 100, index: 101 }),
    );
    source.clearQueue();
    const received = lastValueFrom(
      audioFrames(track).pipe(skipWhile(isSilent), take(200), toArray()),
    );
    const events = await lastValueFrom(
      from(input).pipe(captureAudio(source, { waitForPlayout: false }), toArray()),
    );
    const out = await received;
    await close();
    expect(events.map((e) => (e.type === 'captured' ? e.index : e.type))).toEqual(
      input.map((_, i) => i),
    );
    expect(concatPcm(out.map((f) => f.data))).toEqual(concatPcm(input.map((f) => f.data)));
  });

  it('asks the native side for another rate, channel count and frame size', async () => {
    const { source, track, close } = loopbackTrack(48000);
    const received = lastValueFrom(
      audioFrames(track, { sampleRate: 16000, numChannels: 2, frameSizeMs: 20 }).pipe(
        take(3),
        toArray(),
      ),
    );
    await lastValueFrom(from(sineFrames(20)).pipe(captureAudio(source), toArray()));
    const out = await received;
    await close();
    expect(out.map((f) => [f.sampleRate, f.channels, f.samplesPerChannel])).toEqual([
      [16000, 2, 320],
      [16000, 2, 320],
      [16000, 2, 320],
    ]);
  });

  it('closes the native stream as soon as the subscriber unsubscribes', async () => {
    const { source, track, close } = loopbackTrack(48000);
    const baseline = ffiListenerCount();
    const seen: number[] = [];
    const subscription = audioFrames(track).subscribe((f) => seen.push(f.samplesPerChannel));
    expect(ffiListenerCount()).toBe(baseline + 1); // the open native stream
    await lastValueFrom(
      from(sineFrames(3)).pipe(captureAudio(source, { waitForPlayout: false }), toArray()),
    );
    subscription.unsubscribe();
    expect(ffiListenerCount()).toBe(baseline);

    // Frames captured after the teardown reach nobody.
    const count = seen.length;
    const second = lastValueFrom(audioFrames(track).pipe(skipWhile(isSilent), take(3), toArray()));
    await lastValueFrom(from(sineFrames(5)).pipe(captureAudio(source), toArray()));
    await second;
    expect(seen).toHaveLength(count);
    await close();
    expect(ffiListenerCount()).toBe(baseline);
  });

  it('unsubscribes mid-stream through take(n) and releases the native stream', async () => {
    const { source, track, close } = loopbackTrack(48000);
    const baseline = ffiListenerCount();
    const frames = lastValueFrom(audioFrames(track).pipe(take(2), toArray()));
    await lastValueFrom(from(sineFrames(5)).pipe(captureAudio(source), toArray()));
    expect(await frames).toHaveLength(2);
    expect(ffiListenerCount()).toBe(baseline);
    await close();
  });

  it('completes when the track is closed', async () => {
    const { source, track, close } = loopbackTrack(48000);
    let completed = false;
    const all = lastValueFrom(
      audioFrames(track).pipe(tap({ complete: () => (completed = true) }), toArray()),
    );
    await lastValueFrom(from(sineFrames(3)).pipe(captureAudio(source), toArray()));
    expect(completed).toBe(false);
    await close();
    const out = await all;
    expect(completed).toBe(true);
    expect(out.length).toBeGreaterThanOrEqual(3);
  });

  it('a capture into a closed AudioSource ends with a CaptureError', async () => {
    const source = new AudioSource(48000, 1);
    await source.close();
    await expect(
      lastValueFrom(from(sineFrames(1)).pipe(captureAudio(source))),
    ).rejects.toMatchObject({
      name: 'CaptureError',
      info: { frameIndex: 0, sampleRate: 48000, numChannels: 1 },
      cause: new Error('AudioSource is closed'),
    });
  });

  it('refuses a video track or a non-track at once with a TypeError', async () => {
    const video = LocalVideoTrack.createVideoTrack('v', new VideoSource(16, 16));
    expect(() => audioFrames(video)).toThrow(
      new TypeError(
        'audioFrames: expected an audio track or { room, participant, source }, got a track of kind 2',
      ),
    );
    expect(() => audioFrames(null as never)).toThrow(
      new TypeError(
        'audioFrames: expected an audio track or { room, participant, source }, got null',
      ),
    );
    await video.close();
  });
});
