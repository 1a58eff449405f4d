import type { RoomLike } from '../room/RoomLike';

/**
 * The most user data one data packet carries, reliable or lossy: 15 KiB, LiveKit's documented
 * limit (the protocol allows 16 KiB per packet, less its routing headers; rust-sdks' RPC uses the
 * same 15,360 as `MAX_V1_PAYLOAD_BYTES`). rtc-node checks nothing itself; its native side
 * (livekit-ffi 0.12.73 and 0.12.75) refuses only packets over the SCTP max-message-size negotiated in the
 * SDP (64,000 bytes when the answer names none), with an `Internal` engine error.
 * @internal
 */
export const PACKET_PAYLOAD_LIMIT = 15 * 1024;

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
