import {
  AudioFrame,
  LocalVideoTrack,
  VideoBufferType,
  VideoFrame,
  VideoSource,
} from '@livekit/rtc-node';
import { audioFrames, captureAudio, videoFrames } from 'livekit-rx';
import { firstValueFrom, from, lastValueFrom, skipWhile, take, tap, toArray } from 'rxjs';
import { loopbackTrack } from './helpers/loopback';
import { ffiListenerCount, useNativeRuntime } from './helpers/native';
import { collectGarbage } from './helpers/collectGarbage';

useNativeRuntime();

/** An 8x4 I420 frame whose bytes all differ from their neighbours' and from other frames'. */
function i420Frame(seed: number, width = 8, height = 4): VideoFrame {
  const data = new Uint8Array((width * height * 3) / 2);
  for (let i = 0; i < data.length; i++) data[i] = (seed * 31 + i * 7) % 256;
  return new VideoFrame(data, width, height, VideoBufferType.I420);
}

/**
 * A local video track fed by its own source. `feed(frames, until)` captures the frames in turn at
 * a camera's pace (30 fps: producer timing, not a wait) until `until` settles: the native side
 * drops frames captured before the stream's sink is attached, so a single capture can be lost.
 */
function videoLoopback(width = 8, height = 4) {
  const source = new VideoSource(width, height);
  const track = LocalVideoTrack.createVideoTrack('loopback', source);
  const feed = async <T>(frames: VideoFrame[], until: Promise<T>): Promise<T> => {
    let i = 0;
    const capture = () => source.captureFrame(frames[i++ % frames.length]!);
    capture();
    const timer = setInterval(capture, 33);
    try {
      return await until;
    } finally {
      clearInterval(timer);
    }
  };
  return { feed, track, close: () => track.close() };
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

/** A constant 10 ms frame: every sample is `value`, so a frame tells its own index. */
const constantFrame = (value: number): AudioFrame =>
  new AudioFrame(new Int16Array(480).fill(value), 48000, 1, 480);

describe('videoFrames on the native runtime (local loopback)', () => {
  it('delivers the captured I420 frames byte for byte, with size and a timestamp', async () => {
    const { feed, track, close } = videoLoopback();
    const sent = [1, 2, 3].map((seed) => i420Frame(seed));
    const events = await feed(
      sent,
      lastValueFrom(
        videoFrames(track, { bufferSize: 8 }).pipe(
          // A local video track may first deliver a blank frame of its own.
          skipWhile((e) => !sent.some((f) => sameBytes(f.data, e.frame.data))),
          take(3),
          toArray(),
        ),
      ),
    );
    await close();
    expect(events.map((e) => [e.frame.type, e.frame.width, e.frame.height])).toEqual([
      [VideoBufferType.I420, 8, 4],
      [VideoBufferType.I420, 8, 4],
      [VideoBufferType.I420, 8, 4],
    ]);
    // Each received frame is one of those sent, byte for byte.
    const seeds = events.map((e) =>
      sent.findIndex((f) => Buffer.from(f.data).equals(Buffer.from(e.frame.data))),
    );
    expect(seeds.every((seed) => seed >= 0)).toBe(true);
    expect(typeof events[0]!.timestampUs).toBe('bigint');
  });

  it('converts to the requested format natively, exactly as rtc-node’s own convert does', async () => {
    const { feed, track, close } = videoLoopback();
    const sent = i420Frame(5);
    const { frame } = await feed(
      [sent],
      firstValueFrom(
        videoFrames(track, { format: VideoBufferType.RGBA }).pipe(
          // A local video track may first deliver a blank (black) frame of its own.
          skipWhile((e) => e.frame.data.every((v, i) => i % 4 === 3 || v === 0)),
        ),
      ),
    );
    await close();
    expect([frame.type, frame.width, frame.height, frame.data.length]).toEqual([
      VideoBufferType.RGBA,
      8,
      4,
      8 * 4 * 4,
    ]);
    expect(Buffer.from(frame.data)).toEqual(Buffer.from(sent.convert(VideoBufferType.RGBA).data));
  });

  it('releases the native stream when unsubscribed', async () => {
    const { feed, track, close } = videoLoopback();
    const baseline = ffiListenerCount();
    const first = firstValueFrom(videoFrames(track));
    expect(ffiListenerCount()).toBe(baseline + 1);
    await feed([i420Frame(1)], first);
    expect(ffiListenerCount()).toBe(baseline);
    await close();
  });
});

describe('audioFrames: bounded delivery on the native runtime', () => {
  it('a consumer that holds the event loop up gets the newest frames; the rest are dropped and counted', async () => {
    const { source, track, close } = loopbackTrack(48000, 1, 1000);
    const dropped: number[] = [];
    const values: number[] = [];
    let stalled = false;
    let queued = false;
    let droppedBefore = 0; // drops before the stall (a loaded machine can cause some)
    const done = lastValueFrom(
      audioFrames(track, { bufferSize: 5, droppedFrames: { next: (n) => dropped.push(n) } }).pipe(
        skipWhile((f) => f.data[0] === 0),
        // Before the stall, wait until all the audio is queued in the source, so that it plays on
        // natively while the consumer holds the event loop.
        skipWhile(() => !queued),
        tap((frame) => {
          values.push(frame.data[0]!);
          if (!stalled && queued) {
            stalled = true;
            droppedBefore = dropped.length;
            // The slow consumer under test: 300 ms of synchronous work on the first frame,
            // while the native side keeps producing a frame every 10 ms.
            const until = performance.now() + 300;
            while (performance.now() < until);
          }
        }),
        take(10),
      ),
    );
    // 1 s of numbered frames: frame i carries the value i.
    const frames = Array.from({ length: 100 }, (_, i) => constantFrame(i + 1));
    await lastValueFrom(
      from(frames).pipe(captureAudio(source, { waitForPlayout: false }), toArray()),
    );
    queued = true;
    await done;
    await close();

    // Each frame came once and in order; the stall cost whole frames, all of them counted.
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(new Set(values).size).toBe(values.length);
    expect(dropped.length).toBeGreaterThan(0);
    expect(dropped).toEqual(dropped.map((_, i) => i + 1));
    // The frames missing between those delivered are exactly the dropped ones (most of them
    // lost to the stall, after the first value; a loaded machine may add a few more later).
    // Every counted drop is a missing frame. A heavily loaded machine (seen in 1 of ~10 runs
    // with two test suites running beside it) loses a frame or two more on the native side,
    // before livekit-rx sees them: those cannot be counted here.
    const gaps = values.slice(1).reduce((sum, v, i) => sum + (v - values[i]! - 1), 0);
    expect(gaps).toBeGreaterThanOrEqual(dropped.length - droppedBefore);
    expect(gaps - (dropped.length - droppedBefore)).toBeLessThanOrEqual(3);
    // ~30 frames arrived during the 300 ms stall and at most 5 (the bound) were kept. The loss
    // shows as one gap, right after the stalled frame or, when a loaded machine had queued a
    // few frames before the stall (handed on before the backlog could arrive), a few later.
    const steps = values.slice(1).map((v, i) => v - values[i]! - 1);
    expect(Math.max(...steps)).toBeGreaterThanOrEqual(15);
  });
});

describe('resources: 1,000 subscribe/unsubscribe cycles', () => {
  it('audioFrames leaves no native stream, listener or handle behind; heap and RSS stay flat', async () => {
    const { source, track, close } = loopbackTrack(48000, 1, 1000);
    // Keep frames flowing so every subscription really receives audio.
    const feed = () => {
      let feeding = true;
      const fed = (async () => {
        for (let i = 0; feeding; i++) await source.captureFrame(constantFrame((i % 1000) + 1));
      })();
      return () => {
        feeding = false;
        return fed;
      };
    };
    const cycle = () => firstValueFrom(audioFrames(track).pipe(skipWhile((f) => f.data[0] === 0)));
    const cycles = async (batches: number) => {
      const stop = feed();
      for (let batch = 0; batch < batches; batch++) {
        await Promise.all(Array.from({ length: 20 }, cycle)); // 20 at once
      }
      await stop();
    };
    await cycles(5); // warm up (JIT, native pools), then measure
    collectGarbage();
    const listeners = ffiListenerCount();
    // Timeouts are left out: rtc-node's AudioSource keeps playout timers of its own, whose
    // number depends on when the feeder last captured. audioFrames uses no timer (its delivery
    // uses setImmediate, an 'Immediate' resource, which is compared).
    const active = () =>
      process
        .getActiveResourcesInfo()
        .filter((r) => r !== 'Timeout')
        .sort();
    const resources = active();
    const heap = process.memoryUsage().heapUsed;
    const rss = process.memoryUsage().rss;

    await cycles(50); // 1,000 cycles
    collectGarbage();
    expect(ffiListenerCount()).toBe(listeners);
    expect(active()).toEqual(resources);
    // Bounds: 1,000 cycles in; growth under 2 MB of heap (2 KB a cycle) and 32 MB of RSS.
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(2 * 1024 * 1024);
    expect(process.memoryUsage().rss - rss).toBeLessThan(32 * 1024 * 1024);
    await close();
  });
});
