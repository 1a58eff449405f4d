import { AudioFrame } from '@livekit/rtc-node';
import { isObservable, Observable, type OperatorFunction } from 'rxjs';
import { gainPcm } from '../frames/gainPcm';
import { checkFrame } from '../internal/checkFrame';
import { ownedFrame } from '../internal/ownedFrame';

/**
 * A gain: a linear factor (`0.5`, `2`, `0` mutes, `-1` inverts the phase) or a level change in
 * decibels (`{ db: -6 }`; `{ db: -Infinity }` mutes).
 */
export type GainLevel = number | { readonly db: number };

function factorOf(level: GainLevel): number {
  if (typeof level === 'number') {
    if (Number.isFinite(level)) return level;
    throw new RangeError(`gain: a factor must be a finite number, got ${level}`);
  }
  const db = level?.db;
  if (typeof db === 'number' && (Number.isFinite(db) || db === -Infinity)) return 10 ** (db / 20);
  throw new RangeError(`gain: db must be a finite number or -Infinity, got ${String(db)}`);
}

/**
 * Changes the volume of audio frames with saturating 16-bit math: samples are rounded to the
 * nearest integer and clamped to the int16 range, never wrapped around. Pure TypeScript.
 *
 * A plain number is a linear factor; `{ db }` is a level change in decibels (factor
 * `10 ** (db / 20)`). With an `Observable` of levels the gain follows it: each value applies to the
 * frames that arrive after it. **Before its first value, frames pass unchanged** (unity gain), so
 * nothing is held back; use a `BehaviorSubject` or `startWith` to set a starting gain. It is
 * subscribed before the input and unsubscribed with it; its error ends the stream, its completion
 * keeps the last level. A factor of exactly 1 (0 dB) passes frames through as they are (copied
 * only if their data is a view not at offset 0).
 *
 * ```text
 * input:             --a----b----c--|
 * gain(0.5):         --a'---b'---c'-|      (every sample halved)
 * level$:            -------x--------      (x = { db: -6 })
 * gain(level$):      --a----b'---c'-|      (a passes unchanged: no level yet)
 * ```
 *
 * @example
 * ```ts
 * import { audioFrames, gain } from 'livekit-rx';
 * import { BehaviorSubject } from 'rxjs';
 * const volume$ = new BehaviorSubject<number>(1);
 * const louder$ = audioFrames(track).pipe(gain({ db: 6 }));
 * const fader$ = audioFrames(track).pipe(gain(volume$)); // volume$.next(0.25) later
 * ```
 *
 * @param level - A linear factor, `{ db }`, or an Observable of either.
 * @returns An operator emitting the frames with the gain applied (new data at offset 0).
 * @throws RangeError at once for a factor that is not finite or a `db` that is NaN or +Infinity;
 *   the same RangeError as a stream error when `level` is an Observable and emits one.
 */
export function gain(
  level: GainLevel | Observable<GainLevel>,
): OperatorFunction<AudioFrame, AudioFrame> {
  const fixed = isObservable(level) ? undefined : factorOf(level);
  return (source) =>
    new Observable<AudioFrame>((subscriber) => {
      let factor = fixed ?? 1;
      let index = 0;
      if (isObservable(level)) {
        subscriber.add(
          level.subscribe({
            next(value) {
              try {
                factor = factorOf(value);
              } catch (err) {
                subscriber.error(err);
              }
            },
            error: (err) => subscriber.error(err),
          }),
        );
      }
      if (subscriber.closed) return;
      subscriber.add(
        source.subscribe({
          next(frame) {
            const problem = checkFrame('gain', index++, frame, undefined, '');
            if (problem) return subscriber.error(problem);
            subscriber.next(
              factor === 1
                ? ownedFrame(frame)
                : new AudioFrame(
                    gainPcm(frame.data, factor),
                    frame.sampleRate,
                    frame.channels,
                    frame.samplesPerChannel,
                  ),
            );
          },
          error: (err) => subscriber.error(err),
          complete: () => subscriber.complete(),
        }),
      );
    });
}
