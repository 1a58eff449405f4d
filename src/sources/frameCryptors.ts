import type { Observable } from 'rxjs';
import { e2eeOf } from '../internal/e2ee';
import { watchRoomList } from '../internal/watchRoomList';
import type { FrameCryptorState } from '../native/E2eeBackend';

export type { FrameCryptorState };
import type { RoomLike } from '../room/RoomLike';

const EVENTS = [
  'trackSubscribed',
  'trackUnsubscribed',
  'localTrackPublished',
  'localTrackUnpublished',
  'localTrackRepublished',
] as const;

/**
 * The room's frame cryptors as a state: one per encrypted track this participant sends (its own
 * identity) or receives (the sender's identity), with the track sid, whether it is enabled and
 * the key index it encrypts with. First the current list, then a new one whenever it changes:
 * tracks subscribed, unsubscribed, published, unpublished, a cryptor state change, and changes
 * made through livekit-rx's sinks (`setEncryptionEnabled`, `setSharedKey`, `setKey`). Changes
 * made behind livekit-rx's back (rtc-node's own `e2eeManager.setEnabled`) show at the next of
 * those. Sorted by identity, then track sid; a list equal to the last is not repeated. Completes
 * on disconnect; `[]` for a room connected without E2EE.
 *
 * ```text
 * room:                --(alice publishes)----setEncryptionEnabled(false)----x
 * frameCryptors(room): []-[{alice,TR_1,on,0}]--[{alice,TR_1,off,0}]----------|
 * ```
 *
 * @example
 * ```ts
 * import { frameCryptors } from 'livekit-rx';
 * frameCryptors(room).subscribe((cryptors) =>
 *   console.table(cryptors.map((c) => ({ ...c }))),
 * );
 * ```
 *
 * @param room - A connected room.
 * @returns The list of frame cryptors; completes on disconnect.
 */
export function frameCryptors(room: RoomLike): Observable<readonly FrameCryptorState[]> {
  return watchRoomList<FrameCryptorState>(
    'frameCryptors',
    room,
    EVENTS,
    () => {
      const e2ee = e2eeOf(room);
      if (e2ee === undefined) return [];
      return e2ee
        .frameCryptors()
        .sort(
          (a, b) =>
            compare(a.participantIdentity, b.participantIdentity) ||
            compare(a.trackSid, b.trackSid),
        );
    },
    (c) => `${c.participantIdentity}/${c.trackSid}/${c.keyIndex}/${c.enabled}`,
    (update) => {
      const e2ee = e2eeOf(room);
      if (e2ee === undefined) return undefined;
      const offChange = e2ee.onChange(update);
      const offState = e2ee.onState(update);
      return () => {
        offChange();
        offState();
      };
    },
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
