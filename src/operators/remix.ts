import { AudioFrame } from '@livekit/rtc-node';
import { Observable, type OperatorFunction } from 'rxjs';
import { remixPcm } from '../frames/remixPcm';
import { checkFormatOption } from '../internal/checkFormatOption';
import { checkFrame } from '../internal/checkFrame';
import { ownedFrame } from '../internal/ownedFrame';

/**
 * Converts audio frames to `numChannels` channels: mono to stereo by copying, stereo (or more) to
 * mono by averaging with rounding to nearest, any N to M by the rule of {@link remixPcm}. Pure
 * TypeScript. Each frame is converted on its own, so the input may change its channel count;
 * frames that already have `numChannels` pass through (copied only if their data is a view not at
 * offset 0). Mono -> stereo -> mono is the identity.
 *
 * ```text
 * input (stereo):  --a----b--|
 * remix(1):        --a'---b'-|     (a' = (L + R) / 2, rounded)
 * ```
 *
 * @example
 * ```ts
 * import { audioFrames, remix } from 'livekit-rx';
 * const mono$ = audioFrames(track, { numChannels: 2 }).pipe(remix(1));
 * ```
 *
 * @param numChannels - The output channel count, 1 to 8.
 * @returns An operator emitting the same audio with `numChannels` channels.
 * @throws RangeError at once if `numChannels` is not a whole number from 1 to 8.
 */
export function remix(numChannels: number): OperatorFunction<AudioFrame, AudioFrame> {
  checkFormatOption('remix', 'numChannels', 'numChannels', numChannels);
  return (source) =>
    new Observable<AudioFrame>((subscriber) => {
      let index = 0;
      return source.subscribe({
        next(frame) {
          const problem = checkFrame('remix', index++, frame, undefined, '');
          if (problem) return subscriber.error(problem);
          subscriber.next(
            frame.channels === numChannels
              ? ownedFrame(frame)
              : new AudioFrame(
                  remixPcm(frame.data, frame.channels, numChannels),
                  frame.sampleRate,
                  numChannels,
                  frame.samplesPerChannel,
                ),
          );
        },
        error: (err) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
    });
}
