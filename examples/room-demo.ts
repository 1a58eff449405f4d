/**
 * The livekit-rx demo: a voice pipeline through a real LiveKit room. A voice-like signal
 * (synthesised, or --input file.wav) is paced like a live microphone, resampled to 16 kHz, cut
 * into 20 ms frames and captured into a published track by participant "speaker"; participant
 * "listener" subscribes with audioFrames and records what arrives to a WAV file.
 *
 * With no LIVEKIT_URL it starts the embedded development server (livekit-rx/dev-server) and
 * needs no keys. With LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET set, the same code
 * joins that server (LiveKit Cloud or livekit-server) instead.
 *
 *   npm start                       # 4 s of synthetic voice -> out/demo-output.wav
 *   npm start -- --input my.wav     # your own recording
 *   npm start -- --smoke            # 1 s, for CI
 *
 * Opus is lossy, so the received audio is not sample-for-sample what was sent. The check is:
 * the received loudness envelope correlates with the sent one (same syllables, same rhythm),
 * at a similar level, for the same duration.
 */
import {
  AudioFrame,
  AudioSource,
  dispose,
  LocalAudioTrack,
  Room,
  RoomEvent,
  TrackPublishOptions,
  TrackSource,
  type RemoteTrack,
} from '@livekit/rtc-node';
import { SingleBar } from 'cli-progress';
import {
  audioFrames,
  captureAudio,
  concatPcm,
  readWav,
  rechunk,
  resample,
  writeWav,
} from 'livekit-rx';
import { startDevServer, type DevServer } from 'livekit-rx/dev-server';
import { AccessToken } from 'livekit-server-sdk';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { interval, lastValueFrom, map, of, take, takeWhile, tap, toArray } from 'rxjs';
import { alignEnvelopes, envelope } from './lib/envelope';
import { percentile } from './lib/stats';
import { voiceLike } from './lib/voiceLike';

const { values: args } = parseArgs({
  options: {
    input: { type: 'string' },
    out: { type: 'string', default: 'out/demo-output.wav' },
    seconds: { type: 'string', default: '4' },
    rate: { type: 'string', default: '16000' },
    'chunk-ms': { type: 'string', default: '20' },
    smoke: { type: 'boolean', default: false },
  },
});
const targetRate = Number(args.rate);
/** How closely the received loudness envelope must follow the sent one. */
const MIN_CORRELATION = 0.8;
const chunkMs = Number(args['chunk-ms']);

/** The input in 10 ms frames: a WAV file's (streamed by readWav), or synthesised at 48 kHz. */
async function loadInput(): Promise<{
  frames: AudioFrame[];
  sampleRate: number;
  channels: number;
  label: string;
}> {
  if (args.input !== undefined) {
    const frames = await lastValueFrom(
      readWav(args.input, { frameMs: 10, remainder: 'pad' }).pipe(toArray()),
    );
    const first = frames[0];
    if (first === undefined) throw new Error(`${args.input} holds no audio`);
    return { frames, sampleRate: first.sampleRate, channels: first.channels, label: args.input };
  }
  const seconds = args.smoke ? 1 : Number(args.seconds);
  const pcm = voiceLike(seconds, 48000);
  // The synthetic voice cut into 10 ms frames (rechunk itself).
  const frames = await lastValueFrom(
    of(new AudioFrame(pcm, 48000, 1, pcm.length)).pipe(
      rechunk(10, { remainder: 'pad' }),
      toArray(),
    ),
  );
  return { frames, sampleRate: 48000, channels: 1, label: `${seconds} s synthetic voice` };
}

/** The server to use: LIVEKIT_URL & co. when set, else the embedded development server. */
async function chooseServer(): Promise<{
  url: string;
  token: (identity: string, room: string) => Promise<string>;
  label: string;
  embedded: DevServer | undefined;
}> {
  const { LIVEKIT_URL: url, LIVEKIT_API_KEY: key, LIVEKIT_API_SECRET: secret } = process.env;
  if (url !== undefined && url !== '') {
    if (key === undefined || secret === undefined) {
      throw new Error('LIVEKIT_URL is set: set LIVEKIT_API_KEY and LIVEKIT_API_SECRET too.');
    }
    const token = async (identity: string, room: string) => {
      const at = new AccessToken(key, secret, { identity, ttl: '10m' });
      at.addGrant({ room, roomJoin: true, canPublish: true, canSubscribe: true });
      return at.toJwt();
    };
    return { url, token, label: url, embedded: undefined };
  }
  const server = await startDevServer();
  return {
    url: server.url,
    token: (identity, room) => server.createToken(identity, { room }),
    label: `${server.url} (embedded livekit-rx dev server)`,
    embedded: server,
  };
}

async function main(): Promise<void> {
  const input = await loadInput();
  // The input paced like a live microphone.
  const inputFrames = input.frames;
  const seconds = inputFrames.length / 100;
  const mic$ = interval(10).pipe(
    take(inputFrames.length),
    map((i) => inputFrames[i] as AudioFrame),
  );

  const server = await chooseServer();
  const roomName = `livekit-rx-demo-${randomBytes(4).toString('hex')}`;
  console.log(`livekit-rx demo: ${input.label} (${input.sampleRate} Hz, ${input.channels} ch)`);
  console.log(`server:   ${server.label}, room ${roomName}`);
  const speaker = new Room();
  const listener = new Room();
  try {
    const t0 = performance.now();
    await listener.connect(server.url, await server.token('listener', roomName));
    await speaker.connect(server.url, await server.token('speaker', roomName));
    const joinMs = performance.now() - t0;

    const queueMs = 200; // the native source's queue
    const source = new AudioSource(targetRate, input.channels, queueMs);
    const track = LocalAudioTrack.createAudioTrack('demo-voice', source);
    const subscribed = new Promise<RemoteTrack>((resolve) => {
      listener.on(RoomEvent.TrackSubscribed, (remote) => resolve(remote));
    });
    const options = new TrackPublishOptions();
    options.source = TrackSource.SOURCE_MICROPHONE;
    await speaker.localParticipant?.publishTrack(track, options);
    const remote = await subscribed;
    console.log(
      `pipeline: mic(10 ms) -> resample(${targetRate}) -> rechunk(${chunkMs}) -> captureAudio -> ` +
        `published track ~ room ~ subscribed track -> audioFrames -> WAV`,
    );

    // What arrives at the listener, stamped on arrival. After the capture, keep reading long
    // enough to cover the native queue and the trip through the room.
    let captureDone = false;
    let tail = Math.ceil((queueMs + 400) / chunkMs);
    const received = lastValueFrom(
      audioFrames(remote, {
        sampleRate: targetRate,
        numChannels: input.channels,
        frameSizeMs: chunkMs,
      }).pipe(
        map((frame) => ({ frame, at: performance.now() })),
        takeWhile(() => !captureDone || tail-- > 0),
        toArray(),
      ),
    );

    const expectedChunks = Math.ceil((seconds * 1000) / chunkMs);
    const bar = new SingleBar({
      format: 'capturing [{bar}] {percentage}% | {value}/{total} frames of ' + `${chunkMs} ms`,
      hideCursor: true,
    });
    bar.start(expectedChunks, 0);
    const sent: { frame: AudioFrame; at: number }[] = [];
    let dropped = 0;
    const cpu0 = process.cpuUsage();
    const t1 = performance.now();
    await lastValueFrom(
      mic$.pipe(
        resample(targetRate),
        rechunk(chunkMs, { remainder: 'pad' }),
        tap((frame) => sent.push({ frame, at: performance.now() })),
        captureAudio(source, { bufferSize: 50, overflow: 'drop-oldest' }),
        tap((event) => {
          if (event.type === 'captured') bar.increment();
          if (event.type === 'dropped') dropped++;
        }),
      ),
    );
    const wall = (performance.now() - t1) / 1000;
    const cpu = process.cpuUsage(cpu0);
    bar.update(sent.length);
    bar.stop();
    captureDone = true;
    const back = await received;
    await track.close();

    // Align what came back with what was sent by their loudness envelopes (20 ms windows every
    // 5 ms; shorter windows follow the pitch periods, which Opus does not keep in phase): the
    // lag is the trip through the room, the correlation says whether it is the same audio.
    // Lossy Opus rules out the sample-exact comparison a local loopback allows.
    const sentPcm = concatPcm(sent.map((s) => s.frame.data));
    const backPcm = concatPcm(back.map((r) => r.frame.data));
    const hop = (targetRate / 1000) * 5 * input.channels;
    const sentEnvelope = envelope(sentPcm, 4 * hop, hop);
    const backEnvelope = envelope(backPcm, 4 * hop, hop);
    const { lag, correlation } = alignEnvelopes(sentEnvelope, backEnvelope);
    const start = lag * hop;
    const outPcm = backPcm.slice(start, start + sentPcm.length);
    const level = (e: number[]) => Math.sqrt(e.reduce((n, v) => n + v * v, 0) / e.length);
    const levelRatio =
      level(backEnvelope.slice(lag, lag + sentEnvelope.length)) / level(sentEnvelope);
    // Latency of a frame: from its capture to the arrival of the received frame holding its
    // last sample (after the alignment, so to within 5 ms).
    const arrivals: number[] = [];
    for (const r of back) for (let i = 0; i < r.frame.data.length; i++) arrivals.push(r.at);
    const latencies: number[] = [];
    let offset = 0;
    for (const s of sent) {
      offset += s.frame.data.length;
      const arrived = arrivals[start + offset - 1];
      if (arrived !== undefined && s.frame.data.some((v) => v !== 0))
        latencies.push(arrived - s.at);
    }

    mkdirSync(dirname(args.out as string), { recursive: true });
    const outFrame = new AudioFrame(
      outPcm,
      targetRate,
      input.channels,
      outPcm.length / input.channels,
    );
    await lastValueFrom(of(outFrame).pipe(writeWav(args.out as string)));

    const fmt = (n: number) => n.toFixed(1);
    const receivedMs = (outPcm.length / input.channels / targetRate) * 1000;
    console.log('');
    console.log(`joined:       both participants in ${fmt(joinMs)} ms`);
    console.log(
      `frames:       ${inputFrames.length} in (10 ms) -> ${sent.length} captured (${chunkMs} ms) -> ${back.length} received, ${dropped} dropped`,
    );
    console.log(`duration:     ${fmt(seconds * 1000)} ms of audio in ${fmt(wall * 1000)} ms`);
    console.log(
      `real-time:    ${(wall / seconds).toFixed(3)}x wall clock (paced like a live mic), CPU ${((cpu.user + cpu.system) / 1e6 / seconds).toFixed(3)}x (both participants and the server)`,
    );
    console.log(
      `latency:      p50 ${fmt(percentile(latencies, 50))} ms, p99 ${fmt(percentile(latencies, 99))} ms per frame (sink -> room -> audioFrames)`,
    );
    const complete = outPcm.length === sentPcm.length;
    const ok = correlation >= MIN_CORRELATION && levelRatio > 0.7 && levelRatio < 1.4 && complete;
    console.log(
      `verified:     ${ok ? 'yes' : 'NO'}: loudness envelope correlation ${correlation.toFixed(3)} (>= ${MIN_CORRELATION}), level ${(levelRatio * 100).toFixed(0)}% of sent, ${complete ? 'all' : 'NOT all'} of the ${fmt(seconds * 1000)} ms received (Opus is lossy: no sample-exact check)`,
    );
    console.log(`wrote:        ${args.out} (${targetRate} Hz, ${fmt(receivedMs)} ms)`);
    if (!ok || latencies.length === 0) process.exitCode = 1;
  } finally {
    await speaker.disconnect();
    await listener.disconnect();
    await server.embedded?.stop();
  }
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => dispose());
