import type { DataPacketKind, EncryptionType } from '@livekit/rtc-node';
import type { Observable } from 'rxjs';
import { watchRoom } from '../internal/watchRoom';
import type { RemoteParticipantOf, RoomLike } from '../room/RoomLike';

/** One data packet received from the room. */
export interface DataPacket<R extends RoomLike = RoomLike> {
  readonly payload: Uint8Array;
  /** The sender; `undefined` for a packet sent by the server API. */
  readonly participant: RemoteParticipantOf<R> | undefined;
  readonly kind: DataPacketKind | undefined;
  readonly topic: string | undefined;
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
}

/**
 * Each user data packet received while subscribed (not text/byte streams or RPC, which ride on
 * their own packets), optionally filtered by topic, kind and sender. Completes when the room
 * disconnects. The payload is the bytes as received; decode them with a codec of your choice.
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
 * @param filter - Topic, kind, sender.
 * @returns Data packets; completes on disconnect.
 */
export function dataReceived<R extends RoomLike>(
  room: R,
  filter: DataReceivedFilter = {},
): Observable<DataPacket<R>> {
  return watchRoom<DataPacket<R>>('dataReceived', room, (subscriber, listen) =>
    listen('dataReceived', (payload, participant, kind, topic, encryptionType) => {
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
    }),
  );
}
