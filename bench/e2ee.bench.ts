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
import { startDevServer, type DevServer } from 'livekit-rx-dev-server';
import { lastValueFrom, take, toArray } from 'rxjs';

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
  server: DevServer,
  name: string,
  options: Partial<RoomOptions>,
): Promise<Pair> {
  const join = async (identity: string) => {
    const room = new Room();
    await room.connect(server.url, await server.createToken(identity, { room: name }), {
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
 * One process holds the dev server, a publisher and a subscriber (with its AudioStream read to
 * the end): the CPU of a streaming second covers capture, Opus encode, encryption, forwarding,
 * decryption, decode and delivery. Alternating rounds, plain and encrypted, each a fresh pair
 * measured over `seconds` after one second of warm-up; medians.
 */
export async function e2eeBenchmark(rounds: number, seconds: number): Promise<E2eeBenchmark> {
  const server = await startDevServer();
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

/** The CPU of one statistics report: rtc-node's raw call, and rtcStats' request plus derivation. */
export interface RtcStatsBenchmark {
  readonly calls: number;
  readonly rawCpuUsPerCall: number;
  readonly rtcStatsCpuUsPerReport: number;
  readonly rawWallMsPerCall: number;
}

/**
 * On a streaming pair, `calls` back-to-back `await room.getRtcStats()` against `rtcStats(room, {
 * everyMs: 1 })` taking `calls` reports (one request in flight, so back to back as well), in
 * alternating rounds; medians. At `everyMs: 1000` one report a second costs its CPU once a second.
 */
export async function rtcStatsBenchmark(calls: number, rounds: number): Promise<RtcStatsBenchmark> {
  const server = await startDevServer();
  const pair = await openPair(server, 'stats', {});
  await wall(1000);
  const raw: number[] = [];
  const rawWall: number[] = [];
  const ours: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) await pair.sender.getRtcStats();
    raw.push((cpuMs(cpu0) * 1000) / calls);
    rawWall.push((performance.now() - t0) / calls);
    cpu0 = process.cpuUsage();
    const reports = await lastValueFrom(
      rtcStats(pair.sender, { everyMs: 1 }).pipe(take(calls), toArray()),
    );
    ours.push((cpuMs(cpu0) * 1000) / reports.length);
  }
  await pair.close();
  await server.stop();
  return {
    calls,
    rawCpuUsPerCall: median(raw),
    rtcStatsCpuUsPerReport: median(ours),
    rawWallMsPerCall: median(rawWall),
  };
}
