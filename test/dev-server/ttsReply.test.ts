import { AudioFrame, RoomEvent } from '@livekit/rtc-node';
import { audioFrames, publishAudio } from 'livekit-rx';
import {
  concatMap,
  defer,
  finalize,
  from,
  interval,
  lastValueFrom,
  map,
  startWith,
  take,
  tap,
  timer,
  toArray,
  type Observable,
} from 'rxjs';
import { collectGarbage } from '../helpers/collectGarbage';
import { power, rms } from '../helpers/dominantFrequency';
import { next, useDevServer } from './helpers';

// A text-to-speech engine produces a long reply 10x faster than real time; with publishAudio's
// defaults the whole reply waits in livekit-rx's queue (maxQueuedMs, 2 minutes) and the other
// participant hears all of it, in order. The old defaults (500 frames, 'error') ended it with a
// QueueOverflowError after 5.5 s of audio (marble-tests/publishAudio.spec.ts shows both in
// virtual time). This runs the real thing: 60 s of audio through the dev server, so it takes 60 s.

const rooms = useDevServer();

const rate = 48000;
const frameSamples = 480; // 10 ms
const segmentFrames = 50; // 500 ms per tone
const segments = 120; // 60 s
const frames = segments * segmentFrames;
/** Ten tones on the 100 Hz grid of a 10 ms frame, 300 Hz apart: Opus keeps them apart. */
const tones = Array.from({ length: 10 }, (_, i) => 400 + 300 * i);
/** Which tone each segment plays: pseudo-random, never the same twice in a row. */
const sequence: number[] = [];
for (let k = 0, seed = 7; k < segments; k++) {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  const previous = sequence[k - 1] ?? -1;
  sequence.push(previous < 0 ? seed % 10 : (previous + 1 + (seed % 9)) % 10);
}

/**
 * The reply, 100 ms of audio every 10 ms of wall clock (10x real time), each frame made when it
 * is due (a late tick makes every frame due since), phase-continuous across tones.
 */
function reply(speed: number): Observable<AudioFrame> {
  return defer(() => {
    const start = performance.now();
    let next = 0;
    let phase = 0;
    const frame = (i: number): AudioFrame => {
      const step = (2 * Math.PI * (tones[sequence[Math.floor(i / segmentFrames)]!] ?? 0)) / rate;
      const data = new Int16Array(frameSamples);
      for (let s = 0; s < frameSamples; s++, phase += step)
        data[s] = Math.round(8000 * Math.sin(phase));
      phase %= 2 * Math.PI;
      return new AudioFrame(data, rate, 1, frameSamples);
    };
    return interval(10).pipe(
      startWith(-1),
      concatMap(() => {
        const due = Math.min(frames, Math.floor(((performance.now() - start) * speed) / 10) + 1);
        const first = next;
        next = Math.max(next, due);
        return from(Array.from({ length: next - first }, (_, i) => frame(first + i)));
      }),
      take(frames),
    );
  });
}

/** Which tone a received 10 ms frame plays (its index in `tones`), or -1 for silence. */
function label(frame: AudioFrame): number {
  if (rms(frame.data) < 1000) return -1;
  let best = -1;
  let bestPower = 0;
  tones.forEach((f, i) => {
    const p = power(frame.data, rate, f);
    if (p > bestPower) [best, bestPower] = [i, p];
  });
  return best;
}

/**
 * The tones heard, in order, with how many frames each lasted (silence between is skipped). A
 * blip of one or two frames is left out and its neighbours joined: under load, Bob's jitter
 * buffer conceals a late packet with synthesised audio whose strongest tone may be another (seen
 * once: a 2-frame "4" inside a "6"). A lost, repeated or reordered 500 ms tone still shows.
 */
function runs(labels: number[]): { tone: number; frames: number }[] {
  const raw: { tone: number; frames: number }[] = [];
  for (const tone of labels) {
    if (tone < 0) continue;
    const last = raw[raw.length - 1];
    if (last?.tone === tone) last.frames++;
    else raw.push({ tone, frames: 1 });
  }
  const out: { tone: number; frames: number }[] = [];
  for (const run of raw) {
    if (run.frames < 3) continue;
    const last = out[out.length - 1];
    if (last?.tone === run.tone) last.frames += run.frames;
    else out.push({ ...run });
  }
  return out;
}

/** Live JavaScript memory after a full collection: the heap and the buffers outside it. */
function liveBytes(): { js: number; rss: number } {
  collectGarbage();
  const m = process.memoryUsage();
  return { js: m.heapUsed + m.arrayBuffers, rss: m.rss };
}

describe('dev server: a text-to-speech reply faster than real time, with the defaults', () => {
  it('a 60 s reply produced at 10x is heard whole and in order; memory is what the queue holds', async () => {
    const alice = await rooms.join('alice', 'tts-reply');
    const bob = await rooms.join('bob', 'tts-reply');
    // Bob keeps only a label per 10 ms frame (so that his memory does not blur Alice's).
    const heard = lastValueFrom(
      audioFrames(
        { room: bob, participant: 'alice', republication: 'complete' },
        { sampleRate: rate, numChannels: 1 },
      ).pipe(map(label), toArray()),
    );

    const before = liveBytes();
    let atPeak = { js: 0, rss: 0, pending: 0 };
    let pending = 0;
    let producedInMs = 0;
    let t0 = 0;
    // Alice speaks once Bob has her track (audio published before that reaches nobody), after
    // the half second a new subscription takes to settle (see the demo).
    const bobListens = next(bob, RoomEvent.TrackSubscribed);
    // What Alice's publication did, kept small (so that the measure is of the queue): the
    // indexes of the frames queued out of order, the frames dropped, the last event.
    const outOfOrder: number[] = [];
    let queuedCount = 0;
    let droppedCount = 0;
    const last = await lastValueFrom(
      defer(() => bobListens).pipe(
        concatMap(() => timer(500)),
        concatMap(() => {
          t0 = performance.now();
          return reply(10);
        }),
        finalize(() => {
          // The reply is all produced: the queue holds about 54 s of it.
          producedInMs = performance.now() - t0;
          atPeak = { ...liveBytes(), pending };
        }),
        publishAudio(alice, { name: 'reply', endSilenceMs: 200 }),
        tap((e) => {
          if (e.type === 'dropped') droppedCount++;
          if (e.type !== 'queued') return;
          pending = e.pending;
          if (e.index !== queuedCount++) outOfOrder.push(e.index);
        }),
      ),
    );
    const after = liveBytes();
    const labels = await heard;

    // Sent whole and in order: every frame queued, none dropped.
    expect([queuedCount, outOfOrder, droppedCount]).toEqual([frames, [], 0]);
    expect(last).toEqual({
      type: 'unpublished',
      sid: expect.any(String),
      reason: 'completed',
    });
    // Heard whole and in order: the 120 tones in the order sent, nothing else, and 60 s of them.
    // Bob's jitter buffer (libwebrtc's NetEq) stretches and compresses audio to follow the
    // network's timing, so one 500 ms tone may be heard for 430 to 650 ms and the one after it
    // shorter; the total moves only by what the jitter buffer's delay changed (a few frames).
    // A lost stretch of the reply would shorten the total; a lost or repeated tone, or one out
    // of order, would change the sequence.
    const tonesHeard = runs(labels);
    expect(tonesHeard.map((r) => r.tone)).toEqual(sequence);
    const odd = tonesHeard.flatMap((r, k) =>
      Math.abs(r.frames - segmentFrames) > 20 ? [`tone ${k} lasted ${r.frames} frames`] : [],
    );
    expect(odd).toEqual([]);
    const total = labels.filter((l) => l >= 0).length;
    expect(Math.abs(total - frames)).toBeLessThanOrEqual(30);

    // The producer ran far ahead: most of the reply waited in livekit-rx's queue at once (the
    // old 500-frame default would have overflowed at 5.5 s).
    expect(atPeak.pending).toBeGreaterThan(4000);

    // Memory, as docs/publishing.md states it: a waiting 10 ms frame at 48 kHz mono costs its
    // 960 bytes of samples plus about 360 bytes of objects. The measure sees the queue (at least
    // its samples) and nothing much beyond it; once played out, it is all released. Measured
    // against the state after playout (the same rooms and server, the queue empty): the state
    // before the test also holds what earlier test files of this jest worker leave for the
    // collector, which once made the peak 8 MB "smaller" than the start on a loaded machine.
    const grown = atPeak.js - after.js;
    const perFrame = 960 + 360;
    expect(grown).toBeGreaterThan(atPeak.pending * 960);
    expect(grown).toBeLessThan(atPeak.pending * perFrame + 4 * 2 ** 20);
    expect(after.js - before.js).toBeLessThan(4 * 2 ** 20);
    console.log(
      `tts reply: 60 s produced in ${(producedInMs / 1000).toFixed(1)} s, ` +
        `${atPeak.pending} frames waiting at the peak; live JS memory +${mb(grown)} ` +
        `(${(grown / atPeak.pending).toFixed(0)} B per waiting frame), RSS +${mb(atPeak.rss - before.rss)}; ` +
        `after playout: JS ${signedMb(after.js - before.js)}, RSS ${signedMb(after.rss - before.rss)}`,
    );
  }, 90_000);
});

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const signedMb = (bytes: number): string => `${bytes >= 0 ? '+' : ''}${mb(bytes)}`;
