import { AudioFrame } from '@livekit/rtc-node';
import {
  asyncScheduler,
  Observable,
  type OperatorFunction,
  type SchedulerLike,
  type Subscription,
} from 'rxjs';
import { concatPcm } from '../frames/concatPcm';
import { checkFrame, type AudioFormat } from '../internal/checkFrame';
import { ownedFrame } from '../internal/ownedFrame';

/** Options of {@link combineFrames}: give `durationMs`, `count`, `maxWaitMs`, or several. */
export interface CombineFramesOptions {
  /** Emit a group once it holds at least this much audio, in ms. */
  readonly durationMs?: number;
  /** Emit a group once it holds this many frames. */
  readonly count?: number;
  /**
   * Emit a group at the latest this long after its first frame arrived, full or not (on
   * `scheduler`), so a low-latency consumer never waits longer than this.
   */
  readonly maxWaitMs?: number;
  /** The scheduler of the `maxWaitMs` timer (default `asyncScheduler`). */
  readonly scheduler?: SchedulerLike;
}

function positive(name: string, value: number | undefined, integer: boolean): void {
  if (value === undefined) return;
  if (!(value > 0) || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new RangeError(
      `combineFrames: ${name} must be a positive ${integer ? 'integer' : 'number'}, got ${value}`,
    );
  }
}

/**
 * Groups whole audio frames into larger ones: rtc-node's `combineAudioFrames` and Python's
 * `combine_audio_frames` as an operator, copying each sample once with `TypedArray.set`. Where
 * {@link rechunk} cuts audio to an exact size, `combineFrames` never splits a frame: a group is
 * emitted once it holds at least `durationMs` of audio, or `count` frames, or `maxWaitMs` after
 * its first frame arrived (a timer on `scheduler`, like `bufferTime` but started by the group's
 * first frame, so nothing is emitted while the input is idle). Whichever comes first.
 *
 * The first frame fixes the format; a later frame with another rate or channel count, or corrupt
 * data, ends the stream with a {@link FrameFormatError} naming the frame. On complete the partial
 * group is emitted. A group of one frame is that frame (copied only if it is a view not at offset
 * 0); output data is always at offset 0. The timer is a Subscription: unsubscribing cancels it.
 *
 * ```text
 * input (10 ms frames):            -a-b-c-d-e-|
 * combineFrames(20):               ---x---y---(z|)    (x = a+b, y = c+d, z = e)
 * combineFrames({ count: 3 }):     -----x-----(y|)
 * input:                           -a-b------c-|
 * combineFrames({ durationMs: 40, maxWaitMs: 5 }):
 *                                  ------x------(y|)  (x = a+b at 5 ms after a)
 * ```
 *
 * @example
 * ```ts
 * import { audioFrames, combineFrames } from 'livekit-rx';
 * // 100 ms chunks for an upload, but never more than 150 ms late
 * audioFrames(track)
 *   .pipe(combineFrames({ durationMs: 100, maxWaitMs: 150 }))
 *   .subscribe((frame) => upload(frame.data));
 * ```
 *
 * @param spec - `durationMs` as a number, or {@link CombineFramesOptions}.
 * @returns An operator emitting groups of whole frames as single frames.
 * @throws RangeError at once if no criterion is given or one is not positive (`count` must be an
 *   integer).
 */
export function combineFrames(
  spec: number | CombineFramesOptions,
): OperatorFunction<AudioFrame, AudioFrame> {
  const options = typeof spec === 'number' ? { durationMs: spec } : spec;
  const { durationMs, count, maxWaitMs } = options;
  if (durationMs === undefined && count === undefined && maxWaitMs === undefined) {
    throw new RangeError('combineFrames: give durationMs, count or maxWaitMs');
  }
  positive('durationMs', durationMs, false);
  positive('count', count, true);
  positive('maxWaitMs', maxWaitMs, false);
  const scheduler = options.scheduler ?? asyncScheduler;
  return (source) =>
    new Observable<AudioFrame>((subscriber) => {
      let format: AudioFormat | undefined;
      let group: AudioFrame[] = [];
      let samples = 0; // per channel, in the group
      let timer: Subscription | undefined;
      let index = 0;

      const emit = (): void => {
        timer?.unsubscribe();
        timer = undefined;
        const frames = group;
        group = [];
        samples = 0;
        const [first] = frames;
        if (first === undefined || format === undefined) return;
        subscriber.next(
          frames.length === 1
            ? ownedFrame(first)
            : new AudioFrame(
                concatPcm(frames.map((f) => f.data)),
                format.sampleRate,
                format.numChannels,
                frames.reduce((n, f) => n + f.samplesPerChannel, 0),
              ),
        );
      };

      subscriber.add(
        source.subscribe({
          next(frame) {
            const problem = checkFrame(
              'combineFrames',
              index++,
              frame,
              format,
              'combineFrames needs one format per stream: resample or remix before it.',
            );
            if (problem) return subscriber.error(problem);
            format ??= { sampleRate: frame.sampleRate, numChannels: frame.channels };
            group.push(frame);
            samples += frame.samplesPerChannel;
            if (
              (count !== undefined && group.length >= count) ||
              (durationMs !== undefined && samples * 1000 >= durationMs * format.sampleRate)
            ) {
              emit();
            } else if (maxWaitMs !== undefined && timer === undefined) {
              timer = scheduler.schedule(emit, maxWaitMs);
              subscriber.add(timer);
            }
          },
          error: (err) => subscriber.error(err),
          complete() {
            emit();
            subscriber.complete();
          },
        }),
      );
      return () => {
        group = [];
      };
    });
}
