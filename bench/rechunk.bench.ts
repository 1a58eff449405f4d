import { AudioFrame, combineAudioFrames } from '@livekit/rtc-node';
import { rechunk, sinePcm } from 'livekit-rx';
import { from } from 'rxjs';
import { compare, type Comparison } from './lib/compare';

const frames = (count: number, ms: number, channels = 1): AudioFrame[] => {
  const n = (48000 * ms) / 1000;
  return Array.from(
    { length: count },
    (_, i) =>
      new AudioFrame(
        sinePcm({
          frequency: 440,
          sampleRate: 48000,
          samplesPerChannel: n,
          numChannels: channels,
          startSample: i * n,
        }),
        48000,
        channels,
        n,
      ),
  );
};

/** rtc-node's way: collect `group` frames, then combineAudioFrames them. */
const combineEvery = (input: AudioFrame[], group: number) => () => {
  for (let i = 0; i + group <= input.length; i += group)
    combineAudioFrames(input.slice(i, i + group));
};
const rechunkTo = (input: AudioFrame[], ms: number) => () => {
  from(input).pipe(rechunk(ms)).subscribe();
};

/** rechunk against combineAudioFrames for the same regrouping of 1 s of 48 kHz audio. */
export async function rechunkBenchmarks(): Promise<Comparison[]> {
  const mono10 = frames(100, 10);
  const stereo10 = frames(100, 10, 2);
  return [
    await compare(
      'regroup 10 ms -> 20 ms, 48 kHz mono (1 s per call)',
      { name: 'combineAudioFrames', fn: combineEvery(mono10, 2) },
      { name: 'rechunk(20)', fn: rechunkTo(mono10, 20) },
    ),
    await compare(
      'regroup 10 ms -> 100 ms, 48 kHz mono (1 s per call)',
      { name: 'combineAudioFrames', fn: combineEvery(mono10, 10) },
      { name: 'rechunk(100)', fn: rechunkTo(mono10, 100) },
    ),
    await compare(
      'regroup 10 ms -> 20 ms, 48 kHz stereo (1 s per call)',
      { name: 'combineAudioFrames', fn: combineEvery(stereo10, 2) },
      { name: 'rechunk(20)', fn: rechunkTo(stereo10, 20) },
    ),
  ];
}
