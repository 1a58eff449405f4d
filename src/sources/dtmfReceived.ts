import type { Observable } from 'rxjs';
import { watchRoom } from '../internal/watchRoom';
import type { RemoteParticipantOf, RoomLike } from '../room/RoomLike';

/** One DTMF tone received (from a SIP participant, typically). */
export interface DtmfTone<R extends RoomLike = RoomLike> {
  readonly code: number;
  readonly digit: string;
  readonly participant: RemoteParticipantOf<R>;
}

/**
 * Each DTMF tone received while subscribed (keypad presses of SIP callers). Completes when the
 * room disconnects.
 *
 * ```text
 * room:               ---1---2---#---x
 * dtmfReceived(room): ---a---b---c---|
 * ```
 *
 * @example
 * ```ts
 * import { map, scan } from 'rxjs';
 * import { dtmfReceived } from 'livekit-rx';
 * dtmfReceived(room)
 *   .pipe(scan((typed, tone) => typed + tone.digit, ''))
 *   .subscribe((typed) => console.log('caller typed', typed));
 * ```
 *
 * @param room - A connected room.
 * @returns Tones; completes on disconnect.
 */
export function dtmfReceived<R extends RoomLike>(room: R): Observable<DtmfTone<R>> {
  return watchRoom<DtmfTone<R>>('dtmfReceived', room, (subscriber, listen) =>
    listen('dtmfReceived', (code, digit, participant) =>
      subscriber.next({ code, digit, participant: participant as RemoteParticipantOf<R> }),
    ),
  );
}
