import type { RtpPacket } from 'werift';

/** The packet serialised without its RTP header extensions (the packet itself is unchanged). */
export function withoutHeaderExtensions(rtp: RtpPacket): Buffer {
  const copy = rtp.clone();
  copy.header.extensions = [];
  copy.header.extension = false;
  return copy.serialize();
}
