/**
 * The main demo: a voice pipeline through a real room (publishAudio -> room -> audioFrames -> WAV).
 *
 * It runs on the library's own sink and source. A voice-like signal (synthesised, or --input file.wav) is paced like a live
 * microphone, resampled to 16 kHz, cut into 20 ms frames and published by participant "speaker"
 * with publishAudio; participant "listener" reads the speaker's microphone with audioFrames (it
 * waits for the track, and completes when it is unpublished) and records it to a WAV file.
 *
 * With no LIVEKIT_URL it starts the embedded development server (livekit-rx-dev-server) and
 * needs no keys. With LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET set, the same code
 * joins that server (LiveKit Cloud or livekit-server) instead.
 *
 *   npm start                       # 4 s of synthetic voice -> out/demo-output.wav
 *   npm start -- --input my.wav     # your own recording
 *   npm start -- --smoke            # 1 s, for CI
 *
 * Opus is lossy, so the received audio is not sample-for-sample what was sent. The check is:
 * the received loudness envelope correlates with the sent one (same syllables, same rhythm),
 * half-second by half-second, at a similar level, for the same duration.
 */
import { AudioFrame, dispose, Room } from '@livekit/rtc-node';
import { SingleBar } from 'cli-progress';
import {
  audioFrames,
  concatPcm,
  publishAudio,
  readWav,
  rechunk,
  resample,
  setRtcLogLevel,
  subscribedTracks,
  writeWav,
} from 'livekit-rx';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import {
  concat,
  defer,
  first,
  ignoreElements,
  lastValueFrom,
  map,
  of,
  switchMap,
  tap,
  timer,
  toArray,
} from 'rxjs';
import { alignBlocks, alignEnvelopes, envelope, type AlignedBlock } from './lib/envelope';
import { liveMic } from './lib/liveMic';
import { chooseServer } from './lib/server';
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
// rtc-node logs a debug JSON line on every connect; RTC_LOG_LEVEL=debug brings them back.
setRtcLogLevel((process.env.RTC_LOG_LEVEL as 'debug' | undefined) ?? 'warn');
const targetRate = Number(args.rate);
/** How closely the received loudness envelope must follow the sent one, on average... */
const MIN_CORRELATION = 0.9;
/** ...and in each half second. */
const MIN_BLOCK_CORRELATION = 0.7;
/**
 * The speaker starts this long after the listener has subscribed. A new subscription's first few
 * hundred ms arrive time-warped (most likely the listener's jitter buffer settling): speech
 * started at once had its first second line up as much as 25 ms off the rest, correlating 0.63
 * to 0.93 (0.96 to 0.99 in 19 of 20 runs after this lead-in, 0.83 in one).
 */
const LEAD_IN_MS = 500;
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

async function main(): Promise<void> {
  const input = await loadInput();
  const inputFrames = input.frames;
  const seconds = inputFrames.length / 100;

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
    console.log(
      `pipeline: mic(10 ms) -> resample(${targetRate}) -> rechunk(${chunkMs}) -> publishAudio ~ room ~ ` +
        `audioFrames({ participant: 'speaker' }) -> WAV`,
    );

    // The listener: whatever the speaker's microphone track carries, stamped on arrival, until
    // the track is unpublished. It waits for the track: nothing is missed at the start.
    let droppedAtListener = 0;
    const received = lastValueFrom(
      audioFrames(
        { room: listener, participant: 'speaker', republication: 'complete' },
        {
          sampleRate: targetRate,
          numChannels: input.channels,
          frameSizeMs: chunkMs,
          droppedFrames: { next: (total) => (droppedAtListener = total) },
        },
      ).pipe(
        map((frame) => ({ frame, at: performance.now() })),
        toArray(),
      ),
    );

    // The speaker: the input paced like a live microphone, starting LEAD_IN_MS after the
    // listener has the track (the first words are not spoken into an empty room, nor into a
    // jitter buffer still settling), resampled, cut into 20 ms frames and published by
    // publishAudio, which unpublishes once everything has played.
    const listening$ = subscribedTracks(listener, { identity: 'speaker' }).pipe(
      first((tracks) => tracks.length > 0),
    );
    const expectedChunks = Math.ceil((seconds * 1000) / chunkMs);
    const bar = new SingleBar({
      format: 'speaking  [{bar}] {percentage}% | {value}/{total} frames of ' + `${chunkMs} ms`,
      hideCursor: true,
    });
    const sent: { frame: AudioFrame; at: number }[] = [];
    let dropped = 0;
    let cpu0 = process.cpuUsage();
    let t1 = performance.now();
    await lastValueFrom(
      listening$.pipe(
        switchMap(() =>
          concat(
            timer(LEAD_IN_MS).pipe(ignoreElements()),
            defer(() => {
              bar.start(expectedChunks, 0);
              cpu0 = process.cpuUsage();
              t1 = performance.now();
              return liveMic(inputFrames, 10);
            }),
          ),
        ),
        resample(targetRate),
        rechunk(chunkMs, { remainder: 'pad' }),
        tap((frame) => sent.push({ frame, at: performance.now() })),
        publishAudio(speaker, {
          name: 'demo-voice',
          sampleRate: targetRate,
          numChannels: input.channels,
          // Silence after the last word, so that unpublishing does not cut what is still on
          // its way through the room.
          endSilenceMs: 500,
        }),
        tap((event) => {
          if (event.type === 'queued') bar.increment();
          if (event.type === 'dropped') dropped++;
        }),
      ),
    );
    const wall = (performance.now() - t1) / 1000;
    const cpu = process.cpuUsage(cpu0);
    bar.update(sent.length);
    bar.stop();
    const back = await received;

    // Line up what came back with what was sent by their loudness envelopes (20 ms windows every
    // 5 ms; shorter windows follow the pitch periods, which Opus does not keep in phase). Lossy
    // Opus rules out the sample-exact comparison a local loopback allows. Each half second is
    // lined up on its own (whole seconds were too coarse: one CI run had a second at 0.75, the
    // sender's event loop late inside it): when the sender's event loop is held up for longer than the AudioSource's
    // queue holds, the track plays silence meanwhile and the rest arrives that much later.
    const sentPcm = concatPcm(sent.map((s) => s.frame.data));
    const backPcm = concatPcm(back.map((r) => r.frame.data));
    const hop = (targetRate / 1000) * 5 * input.channels;
    const sentEnvelope = envelope(sentPcm, 4 * hop, hop);
    const backEnvelope = envelope(backPcm, 4 * hop, hop);
    const { lag } = alignEnvelopes(sentEnvelope, backEnvelope);
    const blocks = alignBlocks(sentEnvelope, backEnvelope, lag, 100, 30); // 0.5 s blocks
    const firstBlock = blocks[0] as AlignedBlock;
    const lastBlock = blocks[blocks.length - 1] as AlignedBlock;
    const correlation =
      blocks.reduce((n, b) => n + b.correlation * b.length, 0) / sentEnvelope.length;
    const weakest = Math.min(...blocks.map((b) => b.correlation));
    const start = firstBlock.lag * hop;
    const end = lastBlock.lag * hop + sentPcm.length;
    const drift = (lastBlock.lag - firstBlock.lag) * hop; // > 0: silence came in between
    const outPcm = backPcm.slice(start, end);
    const level = (e: number[]) => Math.sqrt(e.reduce((n, v) => n + v * v, 0) / e.length);
    const levelRatio =
      level(backEnvelope.slice(firstBlock.lag, lastBlock.lag + sentEnvelope.length)) /
      level(sentEnvelope);
    // Latency of a frame: from its hand-over to publishAudio to the arrival of the received frame
    // holding its last sample (lined up by its block, so to within 5 ms).
    const arrivals: number[] = [];
    for (const r of back) for (let i = 0; i < r.frame.data.length; i++) arrivals.push(r.at);
    const latencies: number[] = [];
    let offset = 0;
    for (const s of sent) {
      offset += s.frame.data.length;
      const hopIndex = Math.floor((offset - 1) / hop);
      const block = blocks.find((b) => hopIndex < b.start + b.length) ?? lastBlock;
      const arrived = arrivals[block.lag * hop + offset - 1];
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
    const ms = (samples: number) => (samples / input.channels / targetRate) * 1000;
    console.log('');
    console.log(`joined:       both participants in ${fmt(joinMs)} ms`);
    console.log(
      `frames:       ${inputFrames.length} in (10 ms) -> ${sent.length} published (${chunkMs} ms) -> ${back.length} received; dropped: ${dropped} by publishAudio, ${droppedAtListener} by audioFrames`,
    );
    console.log(`duration:     ${fmt(seconds * 1000)} ms of audio in ${fmt(wall * 1000)} ms`);
    console.log(
      `real-time:    ${(wall / seconds).toFixed(3)}x wall clock (paced like a live mic, then end silence and playout), CPU ${((cpu.user + cpu.system) / 1e6 / seconds).toFixed(3)}x (both participants and the server)`,
    );
    console.log(
      `latency:      p50 ${fmt(percentile(latencies, 50))} ms, p99 ${fmt(percentile(latencies, 99))} ms per frame (publishAudio -> room -> audioFrames)`,
    );
    const complete = end <= backPcm.length;
    const ok =
      correlation >= MIN_CORRELATION &&
      weakest >= MIN_BLOCK_CORRELATION &&
      levelRatio > 0.7 &&
      levelRatio < 1.4 &&
      complete;
    const perSecond = blocks.map((b) => b.correlation.toFixed(2)).join(' ');
    console.log(
      `verified:     ${ok ? 'yes' : 'NO'}: loudness envelope correlation ${correlation.toFixed(3)} (>= ${MIN_CORRELATION}), half second by half second ${perSecond} (each >= ${MIN_BLOCK_CORRELATION}), level ${(levelRatio * 100).toFixed(0)}% of sent, ${complete ? 'all' : 'NOT all'} of the ${fmt(seconds * 1000)} ms received (Opus is lossy: no sample-exact check)`,
    );
    const lags = blocks.map((b) => (b.lag * 5).toFixed(0)).join(' ');
    console.log(
      `timing:       half second by half second at ${lags} ms into the received stream, drift ${fmt(ms(drift))} ms (a half second that comes later than the one before came after silence: the sender's event loop was late by more than its AudioSource's queue held)`,
    );
    console.log(`wrote:        ${args.out} (${targetRate} Hz, ${fmt(ms(outPcm.length))} ms)`);
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
