import { AudioResampler } from '@livekit/rtc-node';
import { resample } from 'livekit-rx';
import { from } from 'rxjs';
import { compare, type Comparison } from './lib/compare';
import { sineFrames } from './lib/sineFrames';

/** resample() against a raw AudioResampler push/flush loop over the same 1 s of audio. */
export async function resampleBenchmarks(): Promise<Comparison[]> {
  const input = sineFrames(100);
  const raw = () => {
    const r = new AudioResampler(48000, 16000, 1);
    for (const f of input) r.push(f);
    r.flush();
    r.close();
  };
  const ours = () => {
    from(input).pipe(resample(16000)).subscribe();
  };
  return [
    await compare(
      'resample 48 kHz -> 16 kHz, mono (1 s per call)',
      { name: 'AudioResampler loop', fn: raw },
      { name: 'resample(16000)', fn: ours },
    ),
  ];
}
