import type { AudioFrame } from '@livekit/rtc-node';
import {
  asyncScheduler,
  Observable,
  tap,
  type OperatorFunction,
  type SchedulerAction,
  type SchedulerLike,
  type Subscription,
} from 'rxjs';
import { audioLevel } from './audioLevel';

/** A transition emitted by {@link voiceActivity}. */
export type VoiceActivity = 'speaking' | 'silent';

/** Options of {@link voiceActivity}. */
export interface VoiceActivityOptions {
  /** A window whose RMS level is at or above this (dBFS) is speech (default -40). */
  readonly thresholdDb?: number;
  /** How long the level must stay below the threshold before `'silent'`, in ms (default 300). */
  readonly hangoverMs?: number;
  /** The analysis window, in ms of audio (default 10). */
  readonly windowMs?: number;
  /** The scheduler that notices a stalled input (default `asyncScheduler`). */
  readonly scheduler?: SchedulerLike;
}

/**
 * An energy gate: emits `'speaking'` when a window's RMS level reaches `thresholdDb`, and
 * `'silent'` once the level has stayed below it for `hangoverMs`. Only transitions are emitted;
 * the stream starts in the silent state without saying so, so its first value is `'speaking'`.
 *
 * Time is **audio time** while frames flow: the hangover counts the ms of quiet audio received,
 * so the result does not depend on delivery jitter and a file analysed faster than real time
 * gives the same answer. **If the input stalls** while speaking (no frame for `hangoverMs` of
 * `scheduler` time, at least one window), a stalled stream is silent: `'silent'` is emitted on
 * the scheduler. When the input completes while speaking, `'silent'` is emitted before complete.
 * Levels are measured by {@link audioLevel} (its format checks and errors apply).
 *
 * ```text
 * level per 10 ms window:  -L-L-q-q-q-L-q-q-q-q-|     (L loud, q quiet; hangoverMs 40)
 * voiceActivity:           -s---------------S---|     (s = 'speaking', S = 'silent')
 * input stalls:            -L-L------------           (hangoverMs 30 of scheduler time)
 * voiceActivity:           -s-----S--------
 * ```
 *
 * @example
 * ```ts
 * import { audioFrames, voiceActivity } from 'livekit-rx';
 * audioFrames(track)
 *   .pipe(voiceActivity({ thresholdDb: -45, hangoverMs: 500 }))
 *   .subscribe((state) => console.log(state)); // 'speaking', 'silent', 'speaking', ...
 * ```
 *
 * @param options - Threshold, hangover, window and scheduler.
 * @returns An operator from frames to speaking/silent transitions.
 * @throws RangeError at once if `hangoverMs` is negative or not finite, or `thresholdDb` is NaN.
 */
export function voiceActivity(
  options: VoiceActivityOptions = {},
): OperatorFunction<AudioFrame, VoiceActivity> {
  const thresholdDb = options.thresholdDb ?? -40;
  const hangoverMs = options.hangoverMs ?? 300;
  const windowMs = options.windowMs ?? 10;
  const scheduler = options.scheduler ?? asyncScheduler;
  if (!(hangoverMs >= 0) || !Number.isFinite(hangoverMs)) {
    throw new RangeError(`voiceActivity: hangoverMs must be 0 or more, got ${hangoverMs}`);
  }
  if (Number.isNaN(thresholdDb)) throw new RangeError('voiceActivity: thresholdDb is NaN');
  const levels = audioLevel({ windowMs });
  const stallMs = Math.max(hangoverMs, windowMs);
  return (source) =>
    new Observable<VoiceActivity>((subscriber) => {
      let speaking = false;
      let quietMs = 0;
      let lastFrameAt = 0;
      let stall: Subscription | undefined;

      const toSilent = (): void => {
        speaking = false;
        quietMs = 0;
        stall?.unsubscribe();
        stall = undefined;
        subscriber.next('silent');
      };
      function check(this: SchedulerAction<void>): void {
        const idle = scheduler.now() - lastFrameAt;
        if (idle < stallMs) {
          this.schedule(undefined, stallMs - idle);
          return;
        }
        stall = undefined;
        if (speaking) toSilent();
      }

      subscriber.add(
        source
          .pipe(
            tap(() => (lastFrameAt = scheduler.now())),
            levels,
          )
          .subscribe({
            next({ rmsDb, durationMs }) {
              if (rmsDb >= thresholdDb) {
                quietMs = 0;
                if (!speaking) {
                  speaking = true;
                  subscriber.next('speaking');
                }
                if (stall === undefined)
                  subscriber.add((stall = scheduler.schedule(check, stallMs)));
              } else if (speaking) {
                quietMs += durationMs;
                if (quietMs >= hangoverMs) toSilent();
              }
            },
            error: (err) => subscriber.error(err),
            complete() {
              if (speaking) toSilent();
              subscriber.complete();
            },
          }),
      );
    });
}
