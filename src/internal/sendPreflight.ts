import { ConnectionState } from '@livekit/rtc-node';
import { RoomNotConnectedError } from '../errors/RoomNotConnectedError';
import { RecipientNotFoundError } from '../errors/RecipientNotFoundError';
import type { RoomLike } from '../room/RoomLike';
import { dataStreamHooksOf, type DataStreamHooks } from './dataStreamHooks';

/**
 * What every data-stream send checks when it begins: the room is connected (else a
 * {@link RoomNotConnectedError}), and, unless `check` is off, every destination is in it (else an
 * {@link RecipientNotFoundError}: LiveKit would deliver to nobody and report success).
 * @returns The local participant's hooks.
 * @throws RoomNotConnectedError, RecipientNotFoundError.
 * @internal
 */
export function sendPreflight(
  source: string,
  room: RoomLike,
  destinations: readonly string[],
  check: boolean,
): DataStreamHooks {
  const hooks = dataStreamHooksOf(room);
  if (room.connectionState === ConnectionState.CONN_DISCONNECTED || hooks === undefined) {
    throw new RoomNotConnectedError({ source, connectionState: room.connectionState });
  }
  if (check && destinations.length > 0) {
    const missing = destinations.filter((identity) => !room.remoteParticipants.has(identity));
    if (missing.length > 0) {
      throw new RecipientNotFoundError({
        sink: source,
        index: 0,
        missing,
        present: [...room.remoteParticipants.keys()],
      });
    }
  }
  return hooks;
}

/** A sink's `destinationIdentities` option, checked at call time. @internal */
export function destinationsOf(source: string, value: readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === '')) {
    throw new TypeError(
      `${source}: destinationIdentities must be an array of non-empty identities, got ${JSON.stringify(value)}`,
    );
  }
  return [...value];
}
