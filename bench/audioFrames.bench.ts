import { AudioFrame, AudioSource, AudioStream, LocalAudioTrack } from '@livekit/rtc-node';
import { audioFrames, sinePcm } from 'livekit-rx';
import { performance } from 'node:perf_hooks';

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
