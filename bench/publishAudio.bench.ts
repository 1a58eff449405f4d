import {
  AudioSource,
  AudioStream,
  ConnectionState,
  LocalAudioTrack,
  type AudioFrame,
} from '@livekit/rtc-node';
import { captureAudio, publishAudio } from 'livekit-rx';
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { from, ignoreElements, lastValueFrom, Subject } from 'rxjs';
import { publishHooks, type PublishHooks } from '../src/internal/publishHooks';
import { LoopbackRoom } from '../test/helpers/loopbackRoom';
import { sineFrames } from './lib/sineFrames';

/** The cost of one run: wall time, process CPU (all threads) and event-loop busy time. */
export interface CaptureCost {
  readonly framesPerSecond: number;
  readonly cpuUsPerFrame: number;
  readonly eluUsPerFrame: number;
}

/** Added latency, in ms: from handing a frame over to rtc-node's `captureFrame` being called. */
export interface Latency {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** Medians over the rounds, and the spread of publishAudio's CPU against raw's round by round. */
export interface CaptureComparison {
  readonly raw: CaptureCost;
  readonly rx: CaptureCost;
  /** Per round (the two sides run back to back): rx CPU / raw CPU - 1, lowest and highest. */
  readonly cpuRatio: { readonly min: number; readonly max: number };
}

/** The results of {@link publishAudioBenchmark}. */
export interface PublishAudioResult {
  readonly frames: number;
  readonly rounds: number;
  /** Captures as fast as rtc-node takes them (a native queue longer than the audio). */
  readonly burst: CaptureComparison;
  /** Captures in real time (a 100 ms native queue): the steady state of a live publication. */
  readonly realTime: CaptureComparison;
  readonly latency: { readonly raw: Latency; readonly rx: Latency; readonly samples: number };
  /** The library's own JS per frame (CPU µs), on a source whose captures cost nothing. */
  readonly jsOnly: {
    readonly raw: number;
    readonly captureAudio: number;
    readonly publishAudio: number;
  };
}

type Way = 'raw' | 'rx';

/**
 * Runs `frames` through one side on a local loopback (AudioSource -> LocalAudioTrack, an
 * AudioStream open on the track) until the last frame has been taken by rtc-node.
 * raw: `await source.captureFrame(frame)` in a loop. rx: `from(frames).pipe(publishAudio(room))`
 * on a room whose local participant keeps the track (no server: the capture path only).
 */
async function capture(way: Way, frames: readonly AudioFrame[], queueSizeMs: number) {
  let streams: AudioStream[] = [];
  const open = (track: LocalAudioTrack) => {
    const stream = new AudioStream(track);
    void stream.getReader().read(); // a reader attached, as a listener would have
    streams.push(stream);
  };
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  if (way === 'raw') {
    const source = new AudioSource(48000, 1, queueSizeMs);
    const track = LocalAudioTrack.createAudioTrack('bench', source);
    open(track);
    for (const frame of frames) await source.captureFrame(frame);
    // As publishAudio does: closing a source with seconds queued can crash rtc-node 1.1.0.
    source.clearQueue();
    await track.close();
  } else {
    const room = new LoopbackRoom();
    await new Promise<void>((resolve, reject) => {
      const subscription = from(frames)
        .pipe(publishAudio(room, { queueSizeMs, bufferSize: frames.length }))
        .subscribe({
          next: (e) => {
            if (e.type === 'published') open(e.publication.track as LocalAudioTrack);
            if (e.type === 'queued' && e.index === frames.length - 1) {
              subscription.unsubscribe(); // the last frame is in: stop before playout ends
              resolve();
            }
          },
          error: reject,
        });
    });
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const elu = performance.eventLoopUtilization(elu0);
  await Promise.all(streams.map((s) => s.cancel().catch(() => undefined)));
  streams = [];
  return {
    framesPerSecond: (frames.length / wallMs) * 1000,
    cpuUsPerFrame: (cpu.user + cpu.system) / frames.length,
    eluUsPerFrame: (elu.active * 1000) / frames.length,
  };
}

/**
 * The latency the library adds: each frame is handed over (raw: a call of a function that calls
 * `captureFrame`; rx: `subject.next(frame)` into publishAudio) once the previous one has been
 * taken, so nothing waits in a queue, and the time to rtc-node's `captureFrame` being entered is
 * recorded. What remains is the pipeline's own synchronous work.
 */
async function latency(way: Way, frames: readonly AudioFrame[]): Promise<number[]> {
  const samples: number[] = [];
  const original = AudioSource.prototype.captureFrame;
  let handedAt = 0;
  AudioSource.prototype.captureFrame = function (this: AudioSource, frame: AudioFrame) {
    samples.push(performance.now() - handedAt);
    return original.call(this, frame);
  };
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  try {
    if (way === 'raw') {
      const source = new AudioSource(48000, 1, 100);
      const track = LocalAudioTrack.createAudioTrack('bench', source);
      const hand = (frame: AudioFrame) => source.captureFrame(frame);
      for (const frame of frames) {
        await turn();
        handedAt = performance.now();
        await hand(frame);
      }
      await track.close();
    } else {
      const room = new LoopbackRoom();
      const input = new Subject<AudioFrame>();
      let taken: () => void = () => undefined;
      const subscription = input.pipe(publishAudio(room, { queueSizeMs: 100 })).subscribe((e) => {
        if (e.type === 'queued') taken();
      });
      for (const frame of frames) {
        await turn();
        const done = new Promise<void>((resolve) => (taken = resolve));
        handedAt = performance.now();
        input.next(frame);
        await done;
      }
      subscription.unsubscribe();
    }
  } finally {
    AudioSource.prototype.captureFrame = original;
  }
  return samples;
}

/**
 * The library's own work per frame, without rtc-node: the same frames through a raw loop, through
 * captureAudio and through publishAudio, into a source whose `captureFrame` is a resolved
 * promise (publishAudio on a room whose internal publish hooks hand it that source).
 */
async function jsOnly(frames: readonly AudioFrame[]) {
  const source = {
    sampleRate: 48000,
    numChannels: 1,
    queuedDuration: 0,
    captureFrame: (_frame: AudioFrame) => Promise.resolve(),
    waitForPlayout: () => Promise.resolve(),
    clearQueue: () => undefined,
  };
  const hooks: PublishHooks = {
    createAudio: () => ({ source, track: {}, close: () => undefined }),
    createVideo: () => {
      throw new Error('audio only');
    },
    publish: (_track, _options, done) =>
      done(undefined, {
        sid: 'TR_bench',
        name: 'bench',
        kind: undefined,
        source: undefined,
        muted: false,
        mimeType: undefined,
        encryptionType: undefined,
      }),
    unpublish: (_publication, done) => done(undefined),
  };
  const room = Object.assign(new EventEmitter(), {
    connectionState: ConnectionState.CONN_CONNECTED,
    isConnected: true,
    name: 'bench',
    metadata: '',
    remoteParticipants: new Map<string, never>(),
    localParticipant: {
      sid: 'PA_bench',
      identity: 'bench',
      name: '',
      metadata: '',
      attributes: {},
      kind: 0,
      trackPublications: new Map(),
      [publishHooks]: hooks,
    },
    registerTextStreamHandler: () => undefined,
    unregisterTextStreamHandler: () => undefined,
    registerByteStreamHandler: () => undefined,
    unregisterByteStreamHandler: () => undefined,
  });
  const ways = {
    raw: async () => {
      for (const frame of frames) await source.captureFrame(frame);
    },
    captureAudio: () =>
      lastValueFrom(
        from(frames).pipe(captureAudio(source, { bufferSize: frames.length }), ignoreElements()),
        { defaultValue: undefined },
      ),
    publishAudio: () =>
      lastValueFrom(
        from(frames).pipe(publishAudio(room, { bufferSize: frames.length }), ignoreElements()),
        { defaultValue: undefined },
      ),
  };
  const costs: Record<keyof typeof ways, number[]> = {
    raw: [],
    captureAudio: [],
    publishAudio: [],
  };
  for (let round = 0; round < 6; round++) {
    for (const [name, run] of Object.entries(ways) as [keyof typeof ways, () => Promise<void>][]) {
      const cpu0 = process.cpuUsage();
      await run();
      const cpu = process.cpuUsage(cpu0);
      if (round > 0) costs[name].push((cpu.user + cpu.system) / frames.length); // round 0: warm-up
    }
  }
  return {
    raw: median(costs.raw),
    captureAudio: median(costs.captureAudio),
    publishAudio: median(costs.publishAudio),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[
    Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))
  ] as number;

/** Median of each measure over rounds that alternate which side goes first. */
async function rounds(
  count: number,
  run: (way: Way) => Promise<CaptureCost>,
): Promise<CaptureComparison> {
  await run('raw'); // warm-up: native start-up, JIT
  await run('rx');
  const raw: CaptureCost[] = [];
  const rx: CaptureCost[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < count; r++) {
    const order: Way[] = r % 2 === 0 ? ['raw', 'rx'] : ['rx', 'raw'];
    for (const way of order) (way === 'raw' ? raw : rx).push(await run(way));
    ratios.push((rx[r] as CaptureCost).cpuUsPerFrame / (raw[r] as CaptureCost).cpuUsPerFrame - 1);
  }
  const pick = (cs: CaptureCost[]): CaptureCost => ({
    framesPerSecond: median(cs.map((c) => c.framesPerSecond)),
    cpuUsPerFrame: median(cs.map((c) => c.cpuUsPerFrame)),
    eluUsPerFrame: median(cs.map((c) => c.eluUsPerFrame)),
  });
  return {
    raw: pick(raw),
    rx: pick(rx),
    cpuRatio: { min: Math.min(...ratios), max: Math.max(...ratios) },
  };
}

/**
 * The burst case alone, round by round: raw and publishAudio back to back in each round
 * (alternating which goes first), after a discarded warm-up of each. The bench's median of 5
 * rounds cannot resolve a few percent on a shared machine; many such rounds (and processes of
 * two versions run in alternation) can.
 */
export async function publishAudioBurstRounds(
  rounds: number,
  frames = 3000,
  onRound?: (round: number, rawCpuUs: number, rxCpuUs: number) => void,
): Promise<{ raw: number; rx: number }[]> {
  const input = sineFrames(frames);
  const queue = Math.ceil((frames * 10 + 1000) / 10) * 10;
  await capture('raw', input, queue);
  await capture('rx', input, queue);
  const result: { raw: number; rx: number }[] = [];
  for (let r = 0; r < rounds; r++) {
    const order: Way[] = r % 2 === 0 ? ['raw', 'rx'] : ['rx', 'raw'];
    const cpu = { raw: 0, rx: 0 };
    for (const way of order) cpu[way] = (await capture(way, input, queue)).cpuUsPerFrame;
    result.push(cpu);
    onRound?.(r, cpu.raw, cpu.rx);
  }
  return result;
}

/**
 * publishAudio against a raw `captureFrame` loop on the same local loopback: throughput and CPU
 * per frame when rtc-node takes frames as fast as it can (burst), CPU per frame in real time,
 * and the latency publishAudio adds before `captureFrame`.
 */
export async function publishAudioBenchmark(
  frames = 1000,
  realTimeFrames = 300,
  roundCount = 3,
  latencySamples = 2000,
): Promise<PublishAudioResult> {
  const burstInput = sineFrames(frames);
  const realTimeInput = sineFrames(realTimeFrames);
  // A native queue longer than the audio: no capture waits for playout.
  const burstQueue = Math.ceil((frames * 10 + 1000) / 10) * 10;
  const burst = await rounds(roundCount, (way) => capture(way, burstInput, burstQueue));
  const realTime = await rounds(roundCount, (way) => capture(way, realTimeInput, 100));
  const latencyInput = sineFrames(latencySamples);
  await latency('raw', latencyInput.slice(0, 200)); // warm-up
  await latency('rx', latencyInput.slice(0, 200));
  const summary = (xs: number[]): Latency => ({
    p50: percentile(xs, 50),
    p99: percentile(xs, 99),
    max: Math.max(...xs),
  });
  const raw = summary(await latency('raw', latencyInput));
  const rx = summary(await latency('rx', latencyInput));
  return {
    frames,
    rounds: roundCount,
    burst,
    realTime,
    latency: { raw, rx, samples: latencySamples },
    jsOnly: await jsOnly(sineFrames(20_000)),
  };
}
