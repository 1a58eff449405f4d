import { combineAudioFrames } from '@livekit/rtc-node';
import { combineFrames } from 'livekit-rx';
import { from } from 'rxjs';
import { compare, type Comparison } from './lib/compare';
import { sineFrames } from './lib/sineFrames';

/** combineFrames against combineAudioFrames grouping 1 s of 48 kHz 10 ms frames. */
export async function combineFramesBenchmarks(timeMs: number): Promise<Comparison[]> {
  const out: Comparison[] = [];
  for (const [channels, group] of [
    [1, 2],
    [1, 10],
    [2, 10],
  ] as const) {
    const input = sineFrames(100, { numChannels: channels });
    out.push(
      await compare(
        `combine ${group} x 10 ms, 48 kHz ${channels === 1 ? 'mono' : 'stereo'} (1 s per call)`,
        {
          name: 'combineAudioFrames',
          fn: () => {
            for (let i = 0; i < input.length; i += group)
              combineAudioFrames(input.slice(i, i + group));
          },
        },
        {
          name: `combineFrames({ count: ${group} })`,
          fn: () => {
            from(input)
              .pipe(combineFrames({ count: group }))
              .subscribe();
          },
        },
        timeMs,
      ),
    );
  }
  return out;
}
