import { combineAudioFrames, type AudioFrame } from '@livekit/rtc-node';
import { rechunk } from 'livekit-rx';
import { from } from 'rxjs';
import { compare, type Comparison } from './lib/compare';
import { sineFrames } from './lib/sineFrames';

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
  const mono10 = sineFrames(100);
  const stereo10 = sineFrames(100, { numChannels: 2 });
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
