import type { DataPacket, DataPacket_Kind } from '@livekit/protocol';

/** The sender of a data packet, as the server knows it from its token. */
export interface PacketSender {
  readonly identity: string;
  readonly sid: string;
  readonly hidden: boolean;
  readonly agent: boolean;
}

/**
 * A data packet as livekit-server relays it (`handleReceivedDataMessage` in its
 * `pkg/rtc/participant.go`), or `undefined` when it is not relayed. Nobody speaks for someone
 * else: whatever identity the client wrote, the packet carries its sender's, as the server knows
 * it from the token (none for a hidden sender), at the top level and in a user packet. The kind
 * is the channel's it came in on. Destination identities of a user packet and of the packet are
 * one list. Transcriptions are relayed from agents only, and an agent may send a chat message or
 * a text stream on someone's behalf: it keeps the identity it wrote and is marked `generated`.
 * Metrics are not relayed (the dev server has no metrics subscribers). The packet is changed in
 * place.
 */
export function relayedPacket(
  packet: DataPacket,
  kind: DataPacket_Kind,
  sender: PacketSender,
): DataPacket | undefined {
  const identity = sender.hidden ? '' : sender.identity;
  packet.kind = kind;
  packet.participantSid = sender.sid;
  let onBehalf = false;
  const written = packet.participantIdentity;
  const { value } = packet;
  switch (value.case) {
    case 'user':
      value.value.participantSid = sender.hidden ? '' : sender.sid;
      value.value.participantIdentity = identity;
      if (packet.destinationIdentities.length > 0) {
        value.value.destinationIdentities = [...packet.destinationIdentities];
      } else {
        packet.destinationIdentities = [...value.value.destinationIdentities];
      }
      break;
    case 'transcription':
      if (!sender.agent) return undefined;
      break;
    case 'chatMessage':
      if (sender.agent && written !== '' && written !== sender.identity) {
        onBehalf = true;
        value.value.generated = true;
      }
      break;
    case 'streamHeader':
      if (
        sender.agent &&
        written !== '' &&
        written !== sender.identity &&
        value.value.contentHeader.case === 'textHeader'
      ) {
        onBehalf = true;
        value.value.contentHeader.value.generated = true;
      }
      break;
    case 'metrics':
      return undefined;
    default:
      break;
  }
  if (!onBehalf) packet.participantIdentity = identity;
  return packet;
}
