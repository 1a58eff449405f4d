import { AudioFrame } from '@livekit/rtc-node';
import {
  asyncScheduler,
  Observable,
  type OperatorFunction,
  type SchedulerAction,
  type SchedulerLike,
  type Subscription,
} from 'rxjs';
import { FrameFormatError } from '../errors/FrameFormatError';
import { samplesPerChannelFor } from '../frames/samplesPerChannelFor';
import { checkFormatOption } from '../internal/checkFormatOption';
import { checkFrame, type AudioFormat } from '../internal/checkFrame';

/** Options of {@link fillSilence}. */
export interface FillSilenceOptions {
  /** The period and length of each silence frame, in ms (default 10). */
  readonly frameMs?: number;
  /** The scheduler that times the gaps (default `asyncScheduler`). */
  readonly scheduler?: SchedulerLike;
  /** The silence format before the first frame; with `numChannels`, filling starts at once. */
  readonly sampleRate?: number;
  /** The silence channel count before the first frame (default 1 when `sampleRate` is given). */
  readonly numChannels?: number;
}

/**
 * Keeps audio flowing: when the input pauses for longer than one frame period, emits a frame of
 * silence every `frameMs` on the scheduler until input resumes (like Pipecat's auto-silence), so
 * a consumer that needs a steady stream (a recorder, a speech model) never starves. Real frames
 * pass through untouched, the moment they arrive.
 *
 * Silence frames have the format of the last real frame; before the first one, the configured
 * `sampleRate`/`numChannels`, or (unconfigured) nothing is filled until the first frame.
 * Timing: the first silence frame comes `frameMs` after the last real frame (or after subscribe,
 * when configured), then one every `frameMs`. Completes when the input completes; every timer is
 * a Subscription, cancelled by a new frame, by complete, error and unsubscribe. A frame period
 * that is not a whole number of samples at a frame's rate is a {@link FrameFormatError}.
 *
 * ```text
 * input:                        -a--------b-|
 * fillSilence({ frameMs: 3 }):  -a--s--s--b-|     (s = 3 ms of silence)
 * ```
 *
 * @example
 * ```ts
 * import { audioFrames, fillSilence } from 'livekit-rx';
 * audioFrames(track)
 *   .pipe(fillSilence({ frameMs: 10, sampleRate: 48000, numChannels: 1 }))
 *   .subscribe((frame) => recorder.write(frame.data)); // no gaps in the recording
 * ```
 *
 * @param options - Frame period, scheduler, format before the first frame.
 * @returns An operator emitting the input plus silence frames in its pauses.
 * @throws RangeError at once if `frameMs` is not positive, or the configured format is not a
 *   whole rate from 1 to 384000 Hz and 1 to 8 channels with a whole number of samples per
 *   `frameMs`. A frame of no valid format is a `FrameFormatError`.
 */
export function fillSilence(
  options: FillSilenceOptions = {},
): OperatorFunction<AudioFrame, AudioFrame> {
  const frameMs = options.frameMs ?? 10;
  const scheduler = options.scheduler ?? asyncScheduler;
  if (!(frameMs > 0) || !Number.isFinite(frameMs)) {
    throw new RangeError(`fillSilence: frameMs must be a positive number, got ${frameMs}`);
  }
  let configured: AudioFormat | undefined;
  if (options.sampleRate !== undefined || options.numChannels !== undefined) {
    const sampleRate = options.sampleRate ?? 48000;
    const numChannels = options.numChannels ?? 1;
    checkFormatOption('fillSilence', 'sampleRate', 'sampleRate', sampleRate);
    checkFormatOption('fillSilence', 'numChannels', 'numChannels', numChannels);
    if (samplesPerChannelFor(sampleRate, frameMs) === undefined) {
      throw new RangeError(
        `fillSilence: ${numChannels} channel(s) at ${sampleRate} Hz cannot make ${frameMs} ms frames`,
      );
    }
    configured = { sampleRate, numChannels };
  }
  return (source) =>
    new Observable<AudioFrame>((subscriber) => {
      let format = configured;
      let samples = format && (samplesPerChannelFor(format.sampleRate, frameMs) as number);
      let timer: Subscription | undefined;
      let index = 0;

      function fill(this: SchedulerAction<void>): void {
        if (format === undefined || samples === undefined) return;
        const { sampleRate, numChannels } = format;
        subscriber.next(
          new AudioFrame(new Int16Array(samples * numChannels), sampleRate, numChannels, samples),
        );
        this.schedule(undefined, frameMs);
      }
      const arm = (): void => {
        timer?.unsubscribe();
        subscriber.add((timer = scheduler.schedule(fill, frameMs)));
      };

      if (format !== undefined) arm();
      subscriber.add(
        source.subscribe({
          next(frame) {
            const frameIndex = index++;
            timer?.unsubscribe();
            // Its rate and channels size the silence frames: no NaN or absurd format gets there.
            const problem = checkFrame('fillSilence', frameIndex, frame, undefined, '');
            if (problem) return subscriber.error(problem);
            if (format?.sampleRate !== frame.sampleRate || format.numChannels !== frame.channels) {
              samples = samplesPerChannelFor(frame.sampleRate, frameMs);
              if (samples === undefined) {
                return subscriber.error(
                  new FrameFormatError(
                    {
                      operator: 'fillSilence',
                      frameIndex,
                      problem: 'duration',
                      expected: frameMs,
                      actual: frame.sampleRate,
                    },
                    'Choose a frameMs that is a whole number of samples, or resample first.',
                  ),
                );
              }
              format = { sampleRate: frame.sampleRate, numChannels: frame.channels };
            }
            subscriber.next(frame);
            if (!subscriber.closed) arm();
          },
          error: (err) => subscriber.error(err),
          complete: () => subscriber.complete(),
        }),
      );
    });
}
