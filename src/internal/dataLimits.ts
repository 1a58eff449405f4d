import type { RoomLike } from '../room/RoomLike';

/**
 * The most user data a reliable packet carries: LiveKit's documented limit (the protocol's
 * 16 KiB per packet, less its routing headers), also rust-sdks' `MAX_V1_PAYLOAD_BYTES` for RPC.
 * @internal
 */
export const RELIABLE_PAYLOAD_LIMIT = 15 * 1024;

/**
 * The most a lossy packet should carry: LiveKit's recommendation, one network MTU (1,400 bytes)
 * less headers; larger lossy packets are fragmented and lost whole when any fragment is.
 * @internal
 */
export const LOSSY_PAYLOAD_LIMIT = 1300;

/** The destination identities that are not remote participants of `room` (none: `undefined`). @internal */
export function missingRecipients(
  room: RoomLike,
  identities: readonly string[],
): string[] | undefined {
  let missing: string[] | undefined;
  for (const identity of identities) {
    if (!room.remoteParticipants.has(identity)) (missing ??= []).push(identity);
  }
  return missing;
}

/** Throws a `TypeError` at once for destinations that are not a list of identities. @internal */
export function checkDestinations(sink: string, identities: unknown): readonly string[] {
  if (identities === undefined) return [];
  if (!Array.isArray(identities) || identities.some((i) => typeof i !== 'string' || i === '')) {
    throw new TypeError(
      `${sink}: destinationIdentities must be an array of participant identities, got ${JSON.stringify(identities)}`,
    );
  }
  return Object.freeze([...(identities as string[])]);
}
