/**
 * The livekit-rx demo: a voice pipeline on the real rtc-node native runtime, with no server and
 * no keys. A voice-like signal (synthesised, or --input file.wav) is paced like a live
 * microphone, resampled to 16 kHz, cut into 20 ms frames, captured into a local audio track, and
 * read back from that track with audioFrames. The result is written to a WAV file; the summary
 * gives frames, duration, real-time factor, and the end-to-end latency per frame.
 *
 *   npm start                       # 4 s of synthetic voice -> out/demo-output.wav
 *   npm start -- --input my.wav     # your own recording
 *   npm start -- --smoke            # 1 s, for CI
 */
import { AudioFrame, AudioSource, dispose, LocalAudioTrack } from '@livekit/rtc-node';
import { SingleBar } from 'cli-progress';
import { audioFrames, captureAudio, concatPcm, indexOfPcm, rechunk, resample } from 'livekit-rx';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { interval, lastValueFrom, map, of, take, takeWhile, tap, toArray } from 'rxjs';
import wavefile from 'wavefile';
import { percentile } from './lib/stats';
import { voiceLike } from './lib/voiceLike';

// wavefile is CommonJS: under ESM its classes sit on the default export.
const { WaveFile } = wavefile;

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
const chunkMs = Number(args['chunk-ms']);

/** The input as interleaved PCM, from a WAV file or synthesised at 48 kHz. */
function loadInput(): { pcm: Int16Array; sampleRate: number; channels: number; label: string } {
  if (args.input !== undefined) {
    const wav = new WaveFile(readFileSync(args.input));
    wav.toBitDepth('16');
    const fmt = wav.fmt as { sampleRate: number; numChannels: number };
    const pcm = wav.getSamples(true, Int16Array) as unknown as Int16Array;
    return { pcm, sampleRate: fmt.sampleRate, channels: fmt.numChannels, label: args.input };
  }
  const seconds = args.smoke ? 1 : Number(args.seconds);
  return {
    pcm: voiceLike(seconds, 48000),
    sampleRate: 48000,
    channels: 1,
    label: `${seconds} s synthetic voice`,
  };
}

async function main(): Promise<void> {
  const input = loadInput();
  const whole = new AudioFrame(
    input.pcm,
    input.sampleRate,
    input.channels,
    input.pcm.length / input.channels,
  );
  // The input cut into 10 ms frames (rechunk itself), then paced like a live microphone.
  const inputFrames = await lastValueFrom(
    of(whole).pipe(rechunk(10, { remainder: 'pad' }), toArray()),
  );
  const seconds = inputFrames.length / 100;
  const mic$ = interval(10).pipe(
    take(inputFrames.length),
    map((i) => inputFrames[i] as AudioFrame),
  );

  const queueMs = 200; // the native source's queue
  const source = new AudioSource(targetRate, input.channels, queueMs);
  const track = LocalAudioTrack.createAudioTrack('demo', source);

  // What comes back from the track, stamped on arrival. rtc-node's waitForPlayout is a JS-side
  // estimate, so once capture is done keep reading frames covering the native queue's length.
  let captureDone = false;
  let tail = Math.ceil(queueMs / chunkMs);
  const received = lastValueFrom(
    audioFrames(track, {
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
  console.log(`livekit-rx demo: ${input.label} (${input.sampleRate} Hz, ${input.channels} ch)`);
  console.log(
    `pipeline: mic(10 ms) -> resample(${targetRate}) -> rechunk(${chunkMs}) -> captureAudio -> track -> audioFrames`,
  );
  bar.start(expectedChunks, 0);

  const sent: { frame: AudioFrame; at: number }[] = [];
  let dropped = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
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
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  bar.update(sent.length);
  bar.stop();
  captureDone = true;
  const back = await received;
  await track.close();

  // The native stream runs on its own clock from the moment it opens: captured audio comes back
  // after some lead-in silence, cut at other frame boundaries, and a live source that runs dry
  // (an underrun) plays silence rather than wait. So find every captured frame, in order, sample
  // for sample, in what came back; the silence between them is the underruns.
  const backPcm = concatPcm(back.map((r) => r.frame.data));
  const arrivals: number[] = []; // arrivals[i]: when the received frame holding sample i arrived
  for (const r of back) for (let i = 0; i < r.frame.data.length; i++) arrivals.push(r.at);
  const latencies: number[] = [];
  let start = -1; // where the first captured frame came back
  let cursor = 0;
  let found = 0;
  let underrunSamples = 0;
  for (const s of sent) {
    const i = indexOfPcm(backPcm, s.frame.data, cursor);
    if (i < 0) break;
    if (start < 0) start = i;
    else underrunSamples += i - cursor;
    cursor = i + s.frame.data.length;
    found++;
    // A silent frame matches any silence: it says nothing about when it arrived.
    const arrived = arrivals[cursor - 1];
    if (arrived !== undefined && s.frame.data.some((v) => v !== 0)) latencies.push(arrived - s.at);
  }
  const intact = found === sent.length;
  const outPcm = intact ? backPcm.slice(start, cursor) : backPcm;
  const underrunMs = (underrunSamples / input.channels / targetRate) * 1000;

  const wav = new WaveFile();
  wav.fromScratch(input.channels, targetRate, '16', outPcm);
  mkdirSync(dirname(args.out as string), { recursive: true });
  writeFileSync(args.out as string, wav.toBuffer());

  const fmt = (n: number) => n.toFixed(1);
  console.log('');
  console.log(
    `frames:       ${inputFrames.length} in (10 ms) -> ${sent.length} captured (${chunkMs} ms) -> ${back.length} back, ${dropped} dropped`,
  );
  console.log(`duration:     ${fmt(seconds * 1000)} ms of audio in ${fmt(wall * 1000)} ms`);
  console.log(
    `real-time:    ${(wall / seconds).toFixed(3)}x wall clock (paced like a live mic), CPU ${((cpu.user + cpu.system) / 1e6 / seconds).toFixed(3)}x`,
  );
  console.log(
    `latency:      p50 ${fmt(percentile(latencies, 50))} ms, p99 ${fmt(percentile(latencies, 99))} ms per frame (sink -> track -> audioFrames)`,
  );
  console.log(
    `intact:       ${found}/${sent.length} captured frames came back sample for sample, in order; ${fmt(underrunMs)} ms of underrun silence between them`,
  );
  console.log(
    `wrote:        ${args.out} (${targetRate} Hz, ${fmt((outPcm.length / input.channels / targetRate) * 1000)} ms)`,
  );
  if (!intact || latencies.length === 0) process.exitCode = 1;
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => dispose());
