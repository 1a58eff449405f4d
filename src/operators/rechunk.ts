import { AudioFrame } from '@livekit/rtc-node';
import { Observable, type OperatorFunction } from 'rxjs';
import { FrameFormatError } from '../errors/FrameFormatError';
import { PcmChunker } from '../frames/PcmChunker';
import { samplesPerChannelFor } from '../frames/samplesPerChannelFor';
import { checkFrame, type AudioFormat } from '../internal/checkFrame';

/** What {@link rechunk} does with the samples left over when its input completes. */
export type RechunkRemainder = 'emit' | 'pad' | 'drop';

/** Options of {@link rechunk}. */
export interface RechunkOptions {
  /**
   * The leftover samples on complete: `'emit'` them as one shorter frame (default), `'pad'` them
   * with silence to a full frame, or `'drop'` them.
   */
  readonly remainder?: RechunkRemainder;
}

/**
 * Regroups audio frames of any size into frames of exactly `durationMs`: 10 ms for the audio
 * processing module, 20 ms for speech-to-text, whatever a consumer needs. Pure TypeScript
 * (no native runtime), every sample copied at most once, output data always at offset 0.
 *
 * The first frame fixes the format; a later frame with another sample rate or channel count, or
 * whose data length disagrees with `samplesPerChannel * channels`, ends the stream with a
 * {@link FrameFormatError} naming the frame. On complete, the remainder is emitted, padded or
 * dropped ({@link RechunkOptions.remainder}). Frames that already have the right size pass
 * without a copy.
 *
 * ```text
 * input (ms):        --15------15-----5--|
 * rechunk(10):       --10------(10,10)---(5|)
 * rechunk(10, pad):  --10------(10,10)---(10|)   (the last 5 ms padded with silence)
 * ```
 *
 * @example
 * ```ts
 * import { audioFrames, resample, rechunk } from 'livekit-rx';
 * audioFrames(track)
 *   .pipe(resample(16000), rechunk(20))
 *   .subscribe((frame) => stt.push(frame.data)); // 320 samples every 20 ms
 * ```
 *
 * @param durationMs - The output frame duration in ms, a positive number; at the stream's sample
 *   rate it must be a whole number of samples.
 * @param options - What to do with the remainder on complete.
 * @returns An operator from frames of any size to frames of exactly `durationMs`.
 * @throws RangeError at once if `durationMs` is not a positive finite number.
 */
export function rechunk(
  durationMs: number,
  options: RechunkOptions = {},
): OperatorFunction<AudioFrame, AudioFrame> {
  if (!(durationMs > 0) || !Number.isFinite(durationMs)) {
    throw new RangeError(`rechunk: durationMs must be a positive number, got ${durationMs}`);
  }
  const remainder = options.remainder ?? 'emit';
  return (source) =>
    new Observable<AudioFrame>((subscriber) => {
      let format: AudioFormat | undefined;
      let chunker: PcmChunker | undefined;
      let index = 0;
      const emit = (data: Int16Array, f: AudioFormat): void =>
        subscriber.next(
          new AudioFrame(data, f.sampleRate, f.numChannels, data.length / f.numChannels),
        );

      return source.subscribe({
        next(frame) {
          const frameIndex = index++;
          const problem = checkFrame(
            'rechunk',
            frameIndex,
            frame,
            format,
            'rechunk needs one format per stream: resample or remix before rechunk.',
          );
          if (problem) return subscriber.error(problem);
          if (format === undefined || chunker === undefined) {
            const samples = samplesPerChannelFor(frame.sampleRate, durationMs);
            if (samples === undefined) {
              return subscriber.error(
                new FrameFormatError(
                  {
                    operator: 'rechunk',
                    frameIndex,
                    problem: 'duration',
                    expected: durationMs,
                    actual: frame.sampleRate,
                  },
                  'Choose a duration that divides the rate, or resample first.',
                ),
              );
            }
            format = { sampleRate: frame.sampleRate, numChannels: frame.channels };
            chunker = new PcmChunker(samples * frame.channels);
          }
          for (const chunk of chunker.push(frame.data)) {
            emit(chunk, format);
            if (subscriber.closed) return;
          }
        },
        error: (err) => subscriber.error(err),
        complete() {
          const rest = chunker?.flush(remainder === 'pad');
          if (rest !== undefined && format !== undefined && remainder !== 'drop')
            emit(rest, format);
          subscriber.complete();
        },
      });
    });
}
