import { AudioFrame, AudioMixer } from '@livekit/rtc-node';
import { mix } from 'livekit-rx';
import { performance } from 'node:perf_hooks';
import { Observable, of, Subject } from 'rxjs';
import { sineFrames } from './lib/sineFrames';

/** One mixing run's cost: `blocks` output frames of 480 samples from `streams` streams. */
export interface MixRun {
  readonly streams: number;
  readonly blocks: number;
  readonly wallMs: number;
  /** Process CPU time (user + system, every thread: GC and JIT included). */
  readonly cpuMs: number;
  /** CPU time per mixed output frame, in microseconds. */
  readonly cpuUsPerBlock: number;
}

/** Both sides of one comparison: the cheapest (least CPU) of the interleaved rounds of each. */
export interface MixComparison {
  readonly streams: number;
  readonly rtc: MixRun;
  readonly ours: MixRun;
  /** How many times less CPU `mix` needs per output frame. */
  readonly speedup: number;
  /** `mix` fed through Subjects (the earlier harness), and its speed-up. */
  readonly oursViaSubjects: MixRun;
  readonly speedupViaSubjects: number;
}

async function measure(
  streams: number,
  blocks: number,
  run: () => Promise<number>,
): Promise<MixRun> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const out = await run();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (out !== blocks) throw new Error(`bench: mixed ${out} blocks, expected ${blocks}`);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return { streams, blocks, wallMs, cpuMs, cpuUsPerBlock: (cpuMs * 1000) / blocks };
}

/**
 * rtc-node's AudioMixer: every stream an async generator of frames that are all ready, read to
 * the end (its best case: its per-read timeout timer is set and cleared but never fires).
 */
export function audioMixerRun(streams: number, pcm: readonly AudioFrame[]): Promise<MixRun> {
  return measure(streams, pcm.length, async () => {
    const mixer = new AudioMixer(48000, 1, { blocksize: 480, streamTimeoutMs: 100 });
    for (let s = 0; s < streams; s++) {
      mixer.addStream(
        (async function* () {
          yield* pcm;
        })(),
      );
    }
    mixer.endInput();
    let n = 0;
    for await (const _ of mixer) n++;
    await mixer.aclose();
    return n;
  });
}

/**
 * livekit-rx mix: every stream an Observable whose producer pushes frames into its subscriber
 * (as `audioFrames` does), fed one frame per stream per block, in turn. `input: 'subject'` feeds
 * `Subject`s instead (the earlier harness: a multicast layer a track does not need, ~20% of the
 * cost at 32 streams).
 */
export function mixRun(
  streams: number,
  pcm: readonly AudioFrame[],
  input: 'observable' | 'subject' = 'observable',
): Promise<MixRun> {
  return measure(streams, pcm.length, () => {
    const feeds: { next(frame: AudioFrame): void; complete(): void }[] = [];
    const sources =
      input === 'subject'
        ? Array.from({ length: streams }, () => {
            const subject = new Subject<AudioFrame>();
            feeds.push(subject);
            return subject;
          })
        : Array.from(
            { length: streams },
            () => new Observable<AudioFrame>((s) => void feeds.push(s)),
          );
    let n = 0;
    const sub = mix(of(...sources), { blocksize: 480 }).subscribe(() => n++);
    for (const frame of pcm) for (const feed of feeds) feed.next(frame);
    for (const feed of feeds) feed.complete();
    sub.unsubscribe();
    return Promise.resolve(n);
  });
}

const cheapest = (runs: MixRun[]): MixRun => runs.reduce((a, b) => (b.cpuMs < a.cpuMs ? b : a));

/**
 * `mix` against `AudioMixer` on the same input (`seconds` of 48 kHz mono 10 ms frames per
 * stream, the same frames for every stream), producing the same number of 10 ms output frames.
 * Ten warm-up runs of each side (until V8 has optimized both), then `rounds` rounds alternating
 * the two; each side's cost is its cheapest round (the least disturbed by other processes),
 * compared as CPU time per output frame.
 */
export async function mixBenchmarks(
  streamCounts: readonly number[],
  seconds: number,
  rounds: number,
): Promise<MixComparison[]> {
  const pcm = sineFrames(seconds * 100, { amplitude: 1000 });
  const out: MixComparison[] = [];
  for (const streams of streamCounts) {
    for (let i = 0; i < 10; i++) {
      await audioMixerRun(streams, pcm);
      await mixRun(streams, pcm);
      await mixRun(streams, pcm, 'subject');
    }
    const rtcRuns: MixRun[] = [];
    const ourRuns: MixRun[] = [];
    const subjectRuns: MixRun[] = [];
    for (let i = 0; i < rounds; i++) {
      rtcRuns.push(await audioMixerRun(streams, pcm));
      ourRuns.push(await mixRun(streams, pcm));
      subjectRuns.push(await mixRun(streams, pcm, 'subject'));
    }
    const rtc = cheapest(rtcRuns);
    const ours = cheapest(ourRuns);
    const oursViaSubjects = cheapest(subjectRuns);
    out.push({
      streams,
      rtc,
      ours,
      speedup: rtc.cpuUsPerBlock / ours.cpuUsPerBlock,
      oursViaSubjects,
      speedupViaSubjects: rtc.cpuUsPerBlock / oursViaSubjects.cpuUsPerBlock,
    });
  }
  return out;
}

/** How much faster than real time `mix` mixes `streams` 48 kHz streams (1 s of audio each). */
export async function mixScale(
  streams: number,
  rounds = 3,
): Promise<MixRun & { realTimeFactor: number }> {
  const pcm = sineFrames(100, { amplitude: 1000 });
  for (let i = 0; i < 3; i++) await mixRun(streams, pcm);
  const runs: MixRun[] = [];
  for (let i = 0; i < rounds; i++) runs.push(await mixRun(streams, pcm));
  const r = cheapest(runs);
  return { ...r, realTimeFactor: 1000 / r.cpuMs };
}
