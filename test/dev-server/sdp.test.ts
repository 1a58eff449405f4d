// Pure helpers of the dev server: no native runtime, no sockets.
import { RtpHeader, RtpPacket } from 'werift';
import { parseMediaSections, withoutZeroPorts } from '../../packages/dev-server/src/internal/sdp';
import { withoutHeaderExtensions } from '../../packages/dev-server/src/internal/withoutHeaderExtensions';

const offer = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0 1 2',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'a=mid:0',
  'a=recvonly',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'a=mid:1',
  'a=sendonly',
  'a=msid:- TR_cid_1',
  'a=rid:h send',
  'a=rid:q send',
  'a=simulcast:send h;q',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  'a=mid:2',
  '',
].join('\r\n');

describe('dev server SDP helpers', () => {
  it('reads kind, port, mid, direction, msid and send RIDs of every m-section', () => {
    expect(parseMediaSections(offer)).toEqual([
      {
        index: 0,
        kind: 'audio',
        port: 9,
        mid: '0',
        direction: 'recvonly',
        msids: [],
        sendRids: [],
      },
      {
        index: 1,
        kind: 'video',
        port: 9,
        mid: '1',
        direction: 'sendonly',
        msids: [['-', 'TR_cid_1']],
        sendRids: ['h', 'q'],
      },
      {
        index: 2,
        kind: 'application',
        port: 9,
        mid: '2',
        direction: 'sendrecv',
        msids: [],
        sendRids: [],
      },
    ]);
  });

  it('rewrites the port 0 werift writes on inactive m-lines to 9 (pitfall 2)', () => {
    const answer =
      'v=0\r\nm=audio 0 UDP/TLS/RTP/SAVPF 111\r\na=inactive\r\nm=video 0 UDP/TLS/RTP/SAVPF 96\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n';
    expect(withoutZeroPorts(answer)).toBe(
      'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=inactive\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n',
    );
  });

  it('drops the header extensions of a forwarded packet and leaves the original alone', () => {
    const header = new RtpHeader({
      payloadType: 111,
      sequenceNumber: 7,
      timestamp: 960,
      ssrc: 1234,
      extensions: [{ id: 1, payload: Buffer.from([0x7f]) }],
    });
    const rtp = new RtpPacket(header, Buffer.from([1, 2, 3]));
    const forwarded = RtpPacket.deSerialize(withoutHeaderExtensions(rtp));
    expect(forwarded.header.extensions).toEqual([]);
    expect(forwarded.header.extension).toBe(false);
    expect([
      forwarded.header.sequenceNumber,
      forwarded.header.timestamp,
      forwarded.header.ssrc,
    ]).toEqual([7, 960, 1234]);
    expect([...forwarded.payload]).toEqual([1, 2, 3]);
    expect(rtp.header.extensions).toHaveLength(1);
  });
});
