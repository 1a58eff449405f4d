import type { AudioFrame } from '@livekit/rtc-node';
import { Observable, type OperatorFunction } from 'rxjs';
import { FrameFormatError } from '../errors/FrameFormatError';
import { samplesPerChannelFor } from '../frames/samplesPerChannelFor';
import { checkFrame, type AudioFormat } from '../internal/checkFrame';

/** One window's level, emitted by {@link audioLevel}. */
export interface AudioLevel {
  /** RMS level in dBFS (full scale 32768 = 0 dBFS; `-Infinity` for digital silence). */
  readonly rmsDb: number;
  /** Peak level in dBFS (`|sample| / 32768`; `-Infinity` for digital silence). */
  readonly peakDb: number;
  /** Where the window starts, in ms of audio since the stream's first sample. */
  readonly startMs: number;
  /** The window's length in ms of audio (`windowMs`, or less for the last one). */
  readonly durationMs: number;
}

/** Options of {@link audioLevel}. */
export interface AudioLevelOptions {
  /** Window length in ms of audio (default 50); a whole number of samples at the stream's rate. */
  readonly windowMs?: number;
}

const dbfs = (x: number): number => 20 * Math.log10(x / 32768);

/**
 * Measures the level of audio in consecutive windows of `windowMs` of audio: RMS and peak in
 * dBFS over every sample of every channel. Windows are counted in samples, not wall time, so the
 * result does not depend on when frames arrive, and frames of any size are split across windows
 * exactly. Full scale is 32768: a -32768 sample peaks at 0 dBFS, a full-scale sine has an RMS of
 * about -3 dBFS. **Digital silence is `-Infinity`**, not a floor (compare with a threshold and it
 * behaves; `JSON.stringify` turns it into `null`).
 *
 * One format per stream ({@link FrameFormatError} otherwise, and for a window that is not a whole
 * number of samples at the stream's rate). On complete the last, shorter window is emitted if it
 * holds any samples.
 *
 * ```text
 * input (10 ms frames):          -a-b-c-d-e-|
 * audioLevel({ windowMs: 20 }):  ---x---y---(z|)   (z covers only e)
 * ```
 *
 * @example
 * ```ts
 * import { audioFrames, audioLevel } from 'livekit-rx';
 * audioFrames(track)
 *   .pipe(audioLevel({ windowMs: 100 }))
 *   .subscribe(({ rmsDb, peakDb }) => meter.set(rmsDb, peakDb));
 * ```
 *
 * @param options - The window length.
 * @returns An operator from frames to one {@link AudioLevel} per window.
 * @throws RangeError at once if `windowMs` is not a positive finite number.
 */
export function audioLevel(
  options: AudioLevelOptions = {},
): OperatorFunction<AudioFrame, AudioLevel> {
  const windowMs = options.windowMs ?? 50;
  if (!(windowMs > 0) || !Number.isFinite(windowMs)) {
    throw new RangeError(`audioLevel: windowMs must be a positive number, got ${windowMs}`);
  }
  return (source) =>
    new Observable<AudioLevel>((subscriber) => {
      let format: AudioFormat | undefined;
      let windowSamples = 0; // per channel
      let index = 0;
      let filled = 0; // per channel, in the current window
      let sumSquares = 0;
      let peak = 0;
      let windows = 0;

      const emit = (): void => {
        if (format === undefined || filled === 0) return;
        const n = filled * format.numChannels;
        const level: AudioLevel = {
          rmsDb: dbfs(Math.sqrt(sumSquares / n)),
          peakDb: dbfs(peak),
          startMs: (windows * windowSamples * 1000) / format.sampleRate,
          durationMs: (filled * 1000) / format.sampleRate,
        };
        windows++;
        filled = 0;
        sumSquares = 0;
        peak = 0;
        subscriber.next(level);
      };

      return source.subscribe({
        next(frame) {
          const frameIndex = index++;
          const problem = checkFrame(
            'audioLevel',
            frameIndex,
            frame,
            format,
            'audioLevel needs one format per stream: resample or remix before it.',
          );
          if (problem) return subscriber.error(problem);
          if (format === undefined) {
            const samples = samplesPerChannelFor(frame.sampleRate, windowMs);
            if (samples === undefined) {
              return subscriber.error(
                new FrameFormatError(
                  {
                    operator: 'audioLevel',
                    frameIndex,
                    problem: 'duration',
                    expected: windowMs,
                    actual: frame.sampleRate,
                  },
                  'Choose a window that is a whole number of samples, or resample first.',
                ),
              );
            }
            windowSamples = samples;
            format = { sampleRate: frame.sampleRate, numChannels: frame.channels };
          }
          const { data } = frame;
          const ch = format.numChannels;
          let pos = 0;
          while (pos < data.length) {
            const end = Math.min(data.length, pos + (windowSamples - filled) * ch);
            for (let i = pos; i < end; i++) {
              const s = data[i] as number;
              sumSquares += s * s;
              const a = s < 0 ? -s : s;
              if (a > peak) peak = a;
            }
            filled += (end - pos) / ch;
            pos = end;
            if (filled === windowSamples) {
              emit();
              if (subscriber.closed) return;
            }
          }
        },
        error: (err) => subscriber.error(err),
        complete() {
          emit();
          subscriber.complete();
        },
      });
    });
}
