import type { ParticipantKind } from '@livekit/rtc-node';
import type { Observable } from 'rxjs';
import { RoomDisconnectedError } from '../errors/RoomDisconnectedError';
import { watchRoom } from '../internal/watchRoom';
import type { ParticipantLike, RemoteParticipantOf, RoomLike } from '../room/RoomLike';

/** What {@link waitForParticipant} waits for; every given field must match. */
export interface ParticipantMatch {
  /** This identity. */
  readonly identity?: string;
  /** These attributes with these values (others may be present). */
  readonly attributes?: Readonly<Record<string, string>>;
  /** This kind (for example `ParticipantKind.AGENT`). */
  readonly kind?: ParticipantKind;
}

/**
 * The first remote participant matching `match`, then completion: one already present is emitted
 * at once, else the first who joins matching, or whose attributes change to match. If the room
 * disconnects first it fails with a {@link RoomDisconnectedError} carrying the reason, so
 * `firstValueFrom(waitForParticipant(...))` never hangs.
 *
 * ```text
 * room:                                          --u---a{role:agent}--
 * waitForParticipant(room, {attributes:{role:'agent'}}): ------(a|)
 * ```
 *
 * @example
 * ```ts
 * import { firstValueFrom } from 'rxjs';
 * import { ParticipantKind } from '@livekit/rtc-node';
 * import { waitForParticipant } from 'livekit-rx';
 * const agent = await firstValueFrom(waitForParticipant(room, { kind: ParticipantKind.AGENT }));
 * ```
 *
 * @param room - A connected room.
 * @param match - Identity, attributes and kind to match (none: any participant).
 * @returns One participant, then completion; or a RoomDisconnectedError.
 */
export function waitForParticipant<R extends RoomLike>(
  room: R,
  match: ParticipantMatch = {},
): Observable<RemoteParticipantOf<R>> {
  const matches = (p: ParticipantLike): boolean =>
    (match.identity === undefined || p.identity === match.identity) &&
    (match.kind === undefined || p.kind === match.kind) &&
    Object.entries(match.attributes ?? {}).every(([key, value]) => p.attributes[key] === value);
  return watchRoom<RemoteParticipantOf<R>>(
    'waitForParticipant',
    room,
    (subscriber, listen) => {
      const found = (p: ParticipantLike): void => {
        subscriber.next(p as RemoteParticipantOf<R>);
        subscriber.complete();
      };
      for (const p of room.remoteParticipants.values()) {
        if (matches(p)) return found(p);
      }
      listen('participantConnected', (p) => matches(p) && found(p));
      listen('participantAttributesChanged', (_changed, p) => {
        if (room.remoteParticipants.get(p.identity) === p && matches(p)) found(p);
      });
    },
    (subscriber, reason) =>
      subscriber.error(new RoomDisconnectedError({ source: 'waitForParticipant', reason })),
  );
}
