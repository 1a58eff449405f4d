import {
  asyncScheduler,
  distinctUntilChanged,
  EMPTY,
  endWith,
  interval,
  map,
  switchMap,
  type Observable,
  type SchedulerLike,
} from 'rxjs';
import { participants, type RoomLike } from 'livekit-rx';

/**
 * Records only while two or more remote participants are present: emits a chunk number every
 * `chunkMs` while recording, restarting from 0 each time recording resumes, and nothing while
 * fewer than two are present. Completes when the room disconnects.
 */
export function recordWhileTwoOrMore(
  room: RoomLike,
  chunkMs: number,
  scheduler: SchedulerLike = asyncScheduler,
): Observable<number> {
  return participants(room).pipe(
    map((roster) => roster.size >= 2),
    endWith(false), // the room disconnected: stop recording (switchMap alone would go on)
    distinctUntilChanged(),
    switchMap((recording) => (recording ? interval(chunkMs, scheduler) : EMPTY)),
  );
}
