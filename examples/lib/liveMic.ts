import {
  asyncScheduler,
  defer,
  from,
  interval,
  mergeMap,
  startWith,
  take,
  type Observable,
} from 'rxjs';

/**
 * Plays recorded frames like a live microphone: frame i is due `i * frameMs` after subscription,
 * on the scheduler's clock. A late tick (a busy event loop) emits every frame that has come due
 * since, as a sound card's driver hands over its buffer, so the stream never falls behind real
 * time. (`interval(frameMs)` alone would: each late tick delays all the later ones, and a
 * publication fed that way runs dry and plays silence.)
 */
export function liveMic<T>(
  frames: readonly T[],
  frameMs: number,
  scheduler = asyncScheduler,
): Observable<T> {
  return defer(() => {
    const start = scheduler.now();
    let next = 0;
    return interval(frameMs / 2, scheduler).pipe(
      startWith(-1),
      mergeMap(() => {
        const due = Math.min(frames.length, Math.floor((scheduler.now() - start) / frameMs) + 1);
        const out = frames.slice(next, due);
        next = Math.max(next, due);
        return from(out);
      }),
      take(frames.length),
    );
  });
}
