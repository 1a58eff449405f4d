import { AudioFrame, AudioSource, AudioStream, LocalAudioTrack } from '@livekit/rtc-node';
import { audioFrames, sinePcm } from 'livekit-rx';
import { performance } from 'node:perf_hooks';
import { boundedDelivery } from '../src/internal/boundedDelivery';
import { readNativeStream } from '../src/internal/readNativeStream';

/** Cost of consuming one loopback stream of `frames` 10 ms frames, either way. */
interface Cost {
  readonly eluMsPerFrame: number;
  readonly cpuMsPerFrame: number;
}

async function consume(way: 'raw' | 'rx', frames: number): Promise<Cost> {
  const source = new AudioSource(48000, 1, 1000);
  const track = LocalAudioTrack.createAudioTrack('bench', source);
  const pcm = sinePcm({ frequency: 440, sampleRate: 48000, samplesPerChannel: 480 });
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();

  const consumed =
    way === 'raw'
      ? (async () => {
          let n = 0;
          for await (const frame of new AudioStream(track)) {
            if (frame.samplesPerChannel > 0 && ++n >= frames) break; // break cancels the stream
          }
        })()
      : new Promise<void>((resolve, reject) => {
          let n = 0;
          const sub = audioFrames(track).subscribe({
            next: (frame) => {
              if (frame.samplesPerChannel > 0 && ++n >= frames) {
                sub.unsubscribe();
                resolve();
              }
            },
            error: reject,
          });
        });
  // The same producer for both: capture as fast as the native queue takes it.
  for (let i = 0; i < frames + 20; i++)
    await source.captureFrame(new AudioFrame(pcm.slice(), 48000, 1, 480));
  await consumed;
  const elu = performance.eventLoopUtilization(elu0);
  const cpu = process.cpuUsage(cpu0);
  await track.close();
  return {
    eluMsPerFrame: elu.active / frames,
    cpuMsPerFrame: (cpu.user + cpu.system) / 1000 / frames,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** The result of the loopback consumption benchmark. */
export interface AudioFramesResult {
  readonly frames: number;
  readonly rounds: number;
  readonly raw: Cost;
  readonly rx: Cost;
}

/**
 * audioFrames() against a raw `for await` over AudioStream on the same loopback, alternating
 * rounds after a discarded warm-up, median per side. It runs in real time (10 ms of audio per frame).
 */
export async function audioFramesBenchmark(frames = 300, rounds = 3): Promise<AudioFramesResult> {
  // A discarded warm-up of each side (native start-up, JIT), then alternating order per round.
  await consume('raw', 50);
  await consume('rx', 50);
  const raw: Cost[] = [];
  const rx: Cost[] = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      raw.push(await consume('raw', frames));
      rx.push(await consume('rx', frames));
    } else {
      rx.push(await consume('rx', frames));
      raw.push(await consume('raw', frames));
    }
  }
  const pick = (cs: Cost[]): Cost => ({
    eluMsPerFrame: median(cs.map((c) => c.eluMsPerFrame)),
    cpuMsPerFrame: median(cs.map((c) => c.cpuMsPerFrame)),
  });
  return { frames, rounds, raw: pick(raw), rx: pick(rx) };
}

/** What audioFrames' own layer (reader loop + bounded delivery) adds per frame, and when. */
export interface AudioFramesOverhead {
  readonly frames: number;
  /** Mean wall time per frame, enqueue -> consumer -> next enqueue, back to back. */
  readonly rawUsPerFrame: number;
  readonly rxUsPerFrame: number;
  /** Enqueue-to-consumer latency at a live pace (one frame per 10 ms timer tick), in µs. */
  readonly rawLatencyUs: { readonly p50: number; readonly p99: number };
  readonly rxLatencyUs: { readonly p50: number; readonly p99: number };
}

/**
 * Isolates the consumer side: the same JavaScript `ReadableStream` (what rtc-node's AudioStream
 * is, minus the native producer) read by a raw `for await` and by audioFrames' internals
 * (`readNativeStream` + `boundedDelivery`, the exact code behind `audioFrames`).
 */
export async function audioFramesOverhead(
  frames = 20_000,
  paced = 300,
): Promise<AudioFramesOverhead> {
  const frame = new AudioFrame(new Int16Array(480), 48000, 1, 480);
  type Consumer = (stream: ReadableStream<AudioFrame>, onFrame: () => void) => Promise<void>;
  const raw: Consumer = async (stream, onFrame) => {
    for await (const _ of stream) onFrame();
  };
  const rx: Consumer = (stream, onFrame) =>
    new Promise((resolve, reject) =>
      readNativeStream(
        () => stream,
        (cause) => cause as Error,
      )
        .pipe(
          boundedDelivery<AudioFrame>({
            operator: 'bench',
            bufferSize: 100,
            overflow: 'drop-oldest',
          }),
        )
        .subscribe({ next: onFrame, error: reject, complete: resolve }),
    );

  // Back to back: each frame is enqueued when the previous one reached the consumer.
  const backToBack = async (consume: Consumer): Promise<number> => {
    let controller!: ReadableStreamDefaultController<AudioFrame>;
    const stream = new ReadableStream<AudioFrame>({ start: (c) => void (controller = c) });
    let n = 0;
    const t0 = performance.now();
    const done = consume(stream, () => {
      if (++n < frames) controller.enqueue(frame);
      else controller.close();
    });
    controller.enqueue(frame);
    await done;
    return ((performance.now() - t0) * 1000) / frames;
  };
  // Live pace: one frame per 10 ms timer tick; latency from enqueue to the consumer.
  const pacedLatency = async (consume: Consumer) => {
    let controller!: ReadableStreamDefaultController<AudioFrame>;
    const stream = new ReadableStream<AudioFrame>({ start: (c) => void (controller = c) });
    const latencies: number[] = [];
    let sentAt = 0;
    const done = consume(stream, () => latencies.push((performance.now() - sentAt) * 1000));
    for (let i = 0; i < paced; i++) {
      await new Promise<void>((resolve) => setTimeout(resolve, 10));
      sentAt = performance.now();
      controller.enqueue(frame);
    }
    await new Promise<void>((resolve) => setTimeout(resolve, 10));
    controller.close();
    await done;
    const sorted = latencies.sort((a, b) => a - b);
    const at = (q: number) =>
      sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
    return { p50: at(0.5), p99: at(0.99) };
  };

  await backToBack(raw); // warm-up
  await backToBack(rx);
  const rawUs: number[] = [];
  const rxUs: number[] = [];
  for (let round = 0; round < 5; round++) {
    rawUs.push(await backToBack(raw));
    rxUs.push(await backToBack(rx));
  }
  return {
    frames,
    rawUsPerFrame: median(rawUs),
    rxUsPerFrame: median(rxUs),
    rawLatencyUs: await pacedLatency(raw),
    rxLatencyUs: await pacedLatency(rx),
  };
}
