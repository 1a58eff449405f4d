import { AudioResampler, AudioResamplerQuality, type AudioFrame } from '@livekit/rtc-node';
import { Observable, type OperatorFunction } from 'rxjs';
import { ResampleError } from '../errors/ResampleError';
import { checkFormatOption } from '../internal/checkFormatOption';
import { checkFrame } from '../internal/checkFrame';
import { ownedFrame } from '../internal/ownedFrame';

/** Options of {@link resample}. */
export interface ResampleOptions {
  /** The native (soxr) resampler's quality (default `AudioResamplerQuality.MEDIUM`). */
  readonly quality?: AudioResamplerQuality;
}

/**
 * Converts audio frames to `sampleRate` with rtc-node's native `AudioResampler` (soxr).
 *
 * Frames already at `sampleRate` pass through untouched and no resampler is created. The
 * resampler is made per subscription, on the first frame that needs it; when the input rate or
 * channel count changes mid-stream the old one is flushed (its tail emitted) and a new one made.
 * On complete the resampler is flushed, so no audio is lost; on complete, error or unsubscribe
 * it is closed. The resampler holds back a few ms of audio (its filter delay): output lags input
 * by that much and catches up on flush. Output frames own their data (offset 0), so they can be
 * captured into an `AudioSource` directly. Empty outputs are not emitted.
 *
 * ```text
 * input (48 kHz, 10 ms):  --a-----b-----c--|
 * resample(16000):        --------B'----C'-(T|)   (160-sample frames, delayed; T = flushed tail)
 * input at 16 kHz:        --a-----b--|
 * resample(16000):        --a-----b--|            (passthrough, no native resampler)
 * ```
 *
 * @example
 * ```ts
 * import { audioFrames, resample } from 'livekit-rx';
 * import { AudioResamplerQuality } from '@livekit/rtc-node';
 * const frames16k$ = audioFrames(track).pipe(
 *   resample(16000, { quality: AudioResamplerQuality.HIGH }),
 * );
 * ```
 *
 * @param sampleRate - The output sample rate in Hz.
 * @param options - The resampler quality.
 * @returns An operator emitting the same audio at `sampleRate`.
 * @throws RangeError at once if `sampleRate` is not a whole number of Hz from 1 to 384000.
 */
export function resample(
  sampleRate: number,
  options: ResampleOptions = {},
): OperatorFunction<AudioFrame, AudioFrame> {
  checkFormatOption('resample', 'sampleRate', 'sampleRate', sampleRate);
  const quality = options.quality ?? AudioResamplerQuality.MEDIUM;
  return (source) =>
    new Observable<AudioFrame>((subscriber) => {
      let resampler: AudioResampler | undefined;
      let index = 0;

      const emitAll = (frames: AudioFrame[]): void => {
        for (const f of frames)
          if (f.samplesPerChannel > 0 && !subscriber.closed) subscriber.next(f);
      };
      /** Flushes and closes the current resampler; false if that failed (the error is sent). */
      const retire = (frameIndex: number): boolean => {
        const r = resampler;
        if (r === undefined) return true;
        resampler = undefined;
        try {
          emitAll(r.flush());
          return true;
        } catch (cause) {
          subscriber.error(errorFor(frameIndex, r.inputRate, r.channels, cause));
          return false;
        } finally {
          r.close();
        }
      };
      const errorFor = (frameIndex: number, inputRate: number, channels: number, cause: unknown) =>
        new ResampleError(
          { frameIndex, inputRate, outputRate: sampleRate, numChannels: channels },
          cause,
        );

      const subscription = source.subscribe({
        next(frame) {
          const frameIndex = index++;
          // Before the native resampler sees the frame: a NaN rate there hangs the process.
          const problem = checkFrame('resample', frameIndex, frame, undefined, '');
          if (problem) return subscriber.error(problem);
          if (
            resampler !== undefined &&
            (resampler.inputRate !== frame.sampleRate || resampler.channels !== frame.channels)
          ) {
            if (!retire(frameIndex)) return;
          }
          if (frame.sampleRate === sampleRate) return subscriber.next(frame);
          let out: AudioFrame[];
          try {
            resampler ??= new AudioResampler(frame.sampleRate, sampleRate, frame.channels, quality);
            // rtc-node reads from data.buffer's start: give it an array that begins there.
            out = resampler.push(ownedFrame(frame));
          } catch (cause) {
            return subscriber.error(errorFor(frameIndex, frame.sampleRate, frame.channels, cause));
          }
          emitAll(out);
        },
        error: (err) => subscriber.error(err),
        complete() {
          if (retire(-1)) subscriber.complete();
        },
      });
      return () => {
        subscription.unsubscribe();
        resampler?.close();
        resampler = undefined;
      };
    });
}
