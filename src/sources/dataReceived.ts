import { EncryptionType, type DataPacketKind } from '@livekit/rtc-node';
import type { Observable } from 'rxjs';
import { e2eeOf } from '../internal/e2ee';
import { watchRoom } from '../internal/watchRoom';
import type { RemoteParticipantOf, RoomLike } from '../room/RoomLike';

/** One data packet received from the room. */
export interface DataPacket<R extends RoomLike = RoomLike> {
  readonly payload: Uint8Array;
  /** The sender; `undefined` for a packet sent by the server API. */
  readonly participant: RemoteParticipantOf<R> | undefined;
  readonly kind: DataPacketKind | undefined;
  readonly topic: string | undefined;
  /**
   * How the packet travelled: `NONE` in a room connected without E2EE (such a room drops
   * encrypted packets), the room's report otherwise. rtc-node 1.1.0 does not report it (its FFI
   * event has no such field), so in an E2EE room it is `undefined`: unknown. `TestRoom` reports
   * it. See docs/e2ee.md.
   */
  readonly encryptionType: EncryptionType | undefined;
}

/** Which packets {@link dataReceived} keeps; every given field must match. */
export interface DataReceivedFilter {
  /** Only this topic. */
  readonly topic?: string;
  /** Only reliable or only lossy packets. */
  readonly kind?: DataPacketKind;
  /** Only packets from this identity. */
  readonly from?: string;
  /** Only packets known to have travelled so (an unknown `encryptionType` never matches). */
  readonly encryptionType?: EncryptionType;
}

/**
 * Each user data packet received while subscribed (not text/byte streams or RPC, which ride on
 * their own packets), optionally filtered by topic, kind and sender. Completes when the room
 * disconnects. The payload is the bytes as received; decode them with a codec of your choice.
 * Each packet says how it travelled (`encryptionType`, when known); to take a participant's data
 * only while they are end-to-end encrypted, pipe it through `requireEncrypted`.
 *
 * ```text
 * room:                                ---d(chat)--d(state)--d(chat)--x
 * dataReceived(room, {topic:'chat'}):  ---a-------------------b-------|
 * ```
 *
 * @example
 * ```ts
 * import { map } from 'rxjs';
 * import { dataReceived } from 'livekit-rx';
 * const decoder = new TextDecoder();
 * dataReceived(room, { topic: 'chat' })
 *   .pipe(map((packet) => `${packet.participant?.identity}: ${decoder.decode(packet.payload)}`))
 *   .subscribe(console.log);
 * ```
 *
 * @param room - A connected room.
 * @param filter - Topic, kind, sender, encryption type.
 * @returns Data packets; completes on disconnect.
 */
export function dataReceived<R extends RoomLike>(
  room: R,
  filter: DataReceivedFilter = {},
): Observable<DataPacket<R>> {
  return watchRoom<DataPacket<R>>('dataReceived', room, (subscriber, listen) => {
    // A room without E2EE drops encrypted packets: what it delivers travelled in the clear.
    const plainRoom = e2eeOf(room) === undefined;
    listen('dataReceived', (payload, participant, kind, topic, reported) => {
      const encryptionType = reported ?? (plainRoom ? EncryptionType.NONE : undefined);
      if (filter.encryptionType !== undefined && encryptionType !== filter.encryptionType) return;
      if (filter.topic !== undefined && topic !== filter.topic) return;
      if (filter.kind !== undefined && kind !== filter.kind) return;
      if (filter.from !== undefined && participant?.identity !== filter.from) return;
      subscriber.next({
        payload,
        participant: participant as RemoteParticipantOf<R> | undefined,
        kind,
        topic,
        encryptionType,
      });
    });
  });
}
