import { AudioFrame, AudioMixer } from '@livekit/rtc-node';
import { mix } from 'livekit-rx';
import { performance } from 'node:perf_hooks';
import { of, Subject } from 'rxjs';
import { sineFrames } from './lib/sineFrames';

/** One mixing run's cost: wall and CPU time to mix `seconds` of audio of every stream. */
export interface MixRun {
  readonly streams: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  /** Input frames (10 ms, one per stream per block) mixed per wall second. */
  readonly framesPerSecond: number;
}

async function measure(
  streams: number,
  frames: number,
  run: () => Promise<number>,
): Promise<MixRun> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const out = await run();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (out !== frames) throw new Error(`bench: mixed ${out} blocks, expected ${frames}`);
  return {
    streams,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    framesPerSecond: (streams * frames) / (wallMs / 1000),
  };
}

/** rtc-node's AudioMixer: every stream an async generator of ready frames, read to the end. */
export function audioMixerRun(streams: number, frames: number): Promise<MixRun> {
  const pcm = sineFrames(frames, { amplitude: 1000 });
  return measure(streams, frames, async () => {
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

/** livekit-rx mix: every stream a Subject, fed one frame per stream per block, in turn. */
export function mixRun(streams: number, frames: number): Promise<MixRun> {
  const pcm = sineFrames(frames, { amplitude: 1000 });
  return measure(streams, frames, async () => {
    const subjects = Array.from({ length: streams }, () => new Subject<AudioFrame>());
    let n = 0;
    const sub = mix(of(...subjects), { blocksize: 480 }).subscribe(() => n++);
    for (const frame of pcm) for (const s of subjects) s.next(frame);
    for (const s of subjects) s.complete();
    sub.unsubscribe();
    return n;
  });
}

/** Best of `rounds` runs (after one warm-up) of each side. */
export async function mixBenchmarks(
  streamCounts: readonly number[],
  frames: number,
  rounds: number,
): Promise<{ streams: number; rtc: MixRun; ours: MixRun }[]> {
  const best = async (f: () => Promise<MixRun>): Promise<MixRun> => {
    await f();
    let b: MixRun | undefined;
    for (let i = 0; i < rounds; i++) {
      const r = await f();
      if (b === undefined || r.wallMs < b.wallMs) b = r;
    }
    return b as MixRun;
  };
  const out = [];
  for (const streams of streamCounts) {
    out.push({
      streams,
      rtc: await best(() => audioMixerRun(streams, frames)),
      ours: await best(() => mixRun(streams, frames)),
    });
  }
  return out;
}

/** How much faster than real time `mix` mixes `streams` 48 kHz streams (1 s of audio each). */
export async function mixScale(streams: number): Promise<MixRun & { realTimeFactor: number }> {
  await mixRun(streams, 20);
  const r = await mixRun(streams, 100);
  return { ...r, realTimeFactor: 1000 / r.cpuMs };
}
