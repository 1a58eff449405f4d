import {
  AudioFrame,
  AudioSource,
  AudioStream,
  LocalAudioTrack,
  Room,
  RoomEvent,
  TrackPublishOptions,
  TrackSource,
  type RemoteTrack,
  type RoomOptions,
} from '@livekit/rtc-node';
import { rtcStats, sinePcm } from 'livekit-rx';
import { lastValueFrom, take, toArray } from 'rxjs';
import { deriveRtcStats, type RtcStatsSample } from '../src/internal/deriveRtcStats';
import { startChildDevServer, type ChildDevServer } from '../test/dev-server/childServer';

const RATE = 48000;
const FRAME = 480;
const median = (xs: readonly number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const cpuMs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};

/** A publisher and a subscriber in one room, a 440 Hz tone flowing between them. */
interface Pair {
  readonly sender: Room;
  readonly receiver: Room;
  /** Frames the receiver's AudioStream delivered so far. */
  received(): number;
  close(): Promise<void>;
}

async function openPair(
  server: ChildDevServer,
  name: string,
  options: Partial<RoomOptions>,
): Promise<Pair> {
  const join = async (identity: string) => {
    const room = new Room();
    await room.connect(server.url, await server.createToken(identity, name), {
      autoSubscribe: true,
      dynacast: false,
      ...options,
    });
    return room;
  };
  const sender = await join('sender');
  const receiver = await join('receiver');
  const subscribed = new Promise<RemoteTrack>((resolve) =>
    receiver.on(RoomEvent.TrackSubscribed, (track) => resolve(track)),
  );
  const source = new AudioSource(RATE, 1, 100);
  const track = LocalAudioTrack.createAudioTrack('tone', source);
  const publishOptions = new TrackPublishOptions();
  publishOptions.source = TrackSource.SOURCE_MICROPHONE;
  await sender.localParticipant?.publishTrack(track, publishOptions);
  let playing = true;
  const feeding = (async () => {
    for (let i = 0; playing; i++) {
      const data = sinePcm({
        frequency: 440,
        sampleRate: RATE,
        samplesPerChannel: FRAME,
        startSample: i * FRAME,
      });
      await source.captureFrame(new AudioFrame(data, RATE, 1, FRAME));
    }
  })();
  const stream = new AudioStream(await subscribed, RATE, 1);
  let frames = 0;
  const reading = (async () => {
    for await (const _ of stream) frames++;
  })();
  return {
    sender,
    receiver,
    received: () => frames,
    async close() {
      playing = false;
      await feeding;
      source.clearQueue();
      await track.close();
      await receiver.disconnect();
      await sender.disconnect();
      await reading;
    },
  };
}

/** Waits `ms` of wall time: the benchmarks measure real-time media, whose pace is the clock. */
const wall = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Process CPU per second of a 48 kHz tone, without and with end-to-end encryption. */
export interface E2eeBenchmark {
  readonly rounds: number;
  readonly seconds: number;
  readonly plainCpuMsPerSecond: number;
  readonly encryptedCpuMsPerSecond: number;
  /** Frames received per second, to check the media flowed (100 is real time). */
  readonly plainFramesPerSecond: number;
  readonly encryptedFramesPerSecond: number;
}

/**
 * One process holds a publisher and a subscriber (with its AudioStream read to the end), the dev
 * server runs in a child process: the CPU of a streaming second covers capture, Opus encode,
 * encryption, decryption, decode and delivery, not the forwarding. Alternating rounds, plain and encrypted, each a fresh pair
 * measured over `seconds` after one second of warm-up; medians.
 */
export async function e2eeBenchmark(rounds: number, seconds: number): Promise<E2eeBenchmark> {
  const server = await startChildDevServer();
  const modes = {
    plain: { cpu: [] as number[], fps: [] as number[], options: {} },
    encrypted: {
      cpu: [] as number[],
      fps: [] as number[],
      options: {
        encryption: { keyProviderOptions: { sharedKey: new TextEncoder().encode('bench key') } },
      },
    },
  };
  for (let r = 0; r < rounds; r++) {
    for (const [name, mode] of Object.entries(modes)) {
      const pair = await openPair(server, `${name}-${r}`, mode.options);
      await wall(1000);
      const frames0 = pair.received();
      const cpu0 = process.cpuUsage();
      await wall(seconds * 1000);
      mode.cpu.push(cpuMs(cpu0) / seconds);
      mode.fps.push((pair.received() - frames0) / seconds);
      await pair.close();
    }
  }
  await server.stop();
  return {
    rounds,
    seconds,
    plainCpuMsPerSecond: median(modes.plain.cpu),
    encryptedCpuMsPerSecond: median(modes.encrypted.cpu),
    plainFramesPerSecond: median(modes.plain.fps),
    encryptedFramesPerSecond: median(modes.encrypted.fps),
  };
}

/** The CPU of one statistics report: hand-written polling of rtc-node, and rtcStats. */
export interface RtcStatsBenchmark {
  readonly calls: number;
  readonly periodMs: number;
  /** `setInterval` + `room.getRtcStats()`, one call in flight, per report. */
  readonly rawCpuUsPerReport: number;
  /** `rtcStats(room, { everyMs: periodMs })`, per report. */
  readonly rtcStatsCpuUsPerReport: number;
  /** livekit-rx's per-track derivation alone, per report of a streaming room. */
  readonly deriveCpuUsPerReport: number;
  /** Wall time of one `getRtcStats()` call. */
  readonly rawWallMsPerCall: number;
}

/**
 * On a streaming pair, `calls` reports polled every `periodMs` by hand (`setInterval` calling
 * `getRtcStats()` unless a call is pending, what rtcStats replaces) against `rtcStats(room, {
 * everyMs: periodMs })`, in alternating rounds; medians. Both pay the same idle wake-ups of the
 * pace (a fast pace keeps the run short; polling back to back would hide them on one side only),
 * and the streaming pair's own CPU over the round's wall time is taken out.
 * At `everyMs: 1000` one report costs its CPU once a second.
 */
export async function rtcStatsBenchmark(
  calls: number,
  rounds: number,
  periodMs = 5,
): Promise<RtcStatsBenchmark> {
  const server = await startChildDevServer();
  const pair = await openPair(server, 'stats', {});
  await wall(1000);
  const handWritten = () =>
    new Promise<number>((resolve) => {
      let reports = 0;
      let pending = false;
      const timer = setInterval(() => {
        if (pending) return;
        pending = true;
        void pair.sender.getRtcStats().then(() => {
          pending = false;
          if (++reports === calls) {
            clearInterval(timer);
            resolve(reports);
          }
        });
      }, periodMs);
    });
  // The streaming pair costs CPU all the time: measure that rate and take it out of each round
  // for its wall time (the same pace on both sides, so the ratio does not depend on it).
  const idle0 = process.cpuUsage();
  const idleT0 = performance.now();
  await wall(2000);
  const background = cpuMs(idle0) / (performance.now() - idleT0);
  const measure = async (work: () => Promise<number>): Promise<number> => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const count = await work();
    return ((cpuMs(cpu0) - background * (performance.now() - t0)) * 1000) / count;
  };
  const raw: number[] = [];
  const ours: number[] = [];
  for (let r = 0; r < rounds; r++) {
    raw.push(await measure(handWritten));
    ours.push(
      await measure(async () => {
        const reports = await lastValueFrom(
          rtcStats(pair.sender, { everyMs: periodMs }).pipe(take(calls), toArray()),
        );
        return reports.length;
      }),
    );
  }
  const t0 = performance.now();
  const sample = await pair.sender.getRtcStats();
  const rawWallMsPerCall = performance.now() - t0;
  let samples = new Map<string, RtcStatsSample>();
  const derive0 = process.cpuUsage();
  for (let i = 0; i < 2000; i++) samples = deriveRtcStats(sample, pair.sender, samples).samples;
  const deriveCpuUsPerReport = (cpuMs(derive0) * 1000) / 2000;
  await pair.close();
  await server.stop();
  return {
    calls,
    periodMs,
    rawCpuUsPerReport: median(raw),
    rtcStatsCpuUsPerReport: median(ours),
    deriveCpuUsPerReport,
    rawWallMsPerCall,
  };
}
