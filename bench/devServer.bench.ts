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
} from '@livekit/rtc-node';
import { sinePcm } from 'livekit-rx';
import { startDevServer } from 'livekit-rx-dev-server';

/** Nearest-rank percentile. */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ??
    NaN
  );
}

/** Join times and audio latencies through the embedded dev server, in milliseconds. */
export interface DevServerBenchmark {
  readonly joins: number;
  readonly joinP50: number;
  readonly joinP99: number;
  readonly joinMin: number;
  readonly bursts: number;
  readonly latencyP50: number;
  readonly latencyP99: number;
  readonly latencyMin: number;
}

const RATE = 48000;
const FRAME = 480; // 10 ms
const QUEUE_MS = 50; // the publisher's AudioSource queue

/**
 * Join: `room.connect()` of one client to a room that already has one participant, from the call
 * to its resolution (signalling, both peer connections, ICE and DTLS), `joins` times.
 * Latency: a 440 Hz burst of 100 ms every 500 ms in silence, captured into a published track;
 * from the `captureFrame` call of a burst's first frame to the arrival of the first frame with
 * sound at the subscriber's `AudioStream`. It includes the AudioSource queue (50 ms), Opus
 * encode/decode, the jitter buffer, and the forwarding through the server.
 */
export async function devServerBenchmark(
  joins: number,
  bursts: number,
): Promise<DevServerBenchmark> {
  const server = await startDevServer();
  const connect = async (identity: string) => {
    const room = new Room();
    const token = await server.createToken(identity, { room: 'bench' });
    const t0 = performance.now();
    await room.connect(server.url, token);
    return { room, ms: performance.now() - t0 };
  };
  const host = await connect('host');

  const joinTimes: number[] = [];
  for (let i = 0; i < joins; i++) {
    const { room, ms } = await connect(`joiner-${i}`);
    joinTimes.push(ms);
    await room.disconnect();
  }

  const listener = await connect('listener');
  const subscribed = new Promise<RemoteTrack>((resolve) =>
    listener.room.on(RoomEvent.TrackSubscribed, (track) => resolve(track)),
  );
  const source = new AudioSource(RATE, 1, QUEUE_MS);
  const track = LocalAudioTrack.createAudioTrack('bench', source);
  const options = new TrackPublishOptions();
  options.source = TrackSource.SOURCE_MICROPHONE;
  await host.room.localParticipant?.publishTrack(track, options);
  const remote = await subscribed;

  // Receiver: the arrival time of every frame with sound that follows a silent one.
  const onsets: number[] = [];
  const stream = new AudioStream(remote, RATE, 1);
  const reading = (async () => {
    let wasSilent = true;
    for await (const frame of stream) {
      let peak = 0;
      for (const v of frame.data) peak = Math.max(peak, Math.abs(v));
      const silent = peak < 2000;
      if (wasSilent && !silent) onsets.push(performance.now());
      wasSilent = silent;
    }
  })();

  // Sender: 500 ms periods, a 100 ms burst first; one warm-up period before the measured ones.
  const starts: number[] = [];
  const silence = new Int16Array(FRAME);
  for (let period = 0; period <= bursts; period++) {
    for (let f = 0; f < 50; f++) {
      const data =
        f < 10
          ? sinePcm({
              frequency: 440,
              sampleRate: RATE,
              samplesPerChannel: FRAME,
              startSample: f * FRAME,
            })
          : silence;
      if (f === 0) starts.push(performance.now());
      await source.captureFrame(new AudioFrame(data, RATE, 1, FRAME));
    }
  }
  await source.waitForPlayout();
  await track.close();
  await listener.room.disconnect();
  await host.room.disconnect();
  await reading;
  await server.stop();

  // Pair each burst with the first onset after it (skipping the warm-up period).
  const latencies: number[] = [];
  for (const start of starts.slice(1)) {
    const onset = onsets.find((t) => t > start);
    if (onset !== undefined && onset - start < 500) latencies.push(onset - start);
  }
  return {
    joins,
    joinP50: percentile(joinTimes, 50),
    joinP99: percentile(joinTimes, 99),
    joinMin: Math.min(...joinTimes),
    bursts: latencies.length,
    latencyP50: percentile(latencies, 50),
    latencyP99: percentile(latencies, 99),
    latencyMin: Math.min(...latencies),
  };
}
