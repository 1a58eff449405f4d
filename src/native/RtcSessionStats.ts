import type {
  GetSessionStatsCallback_Result,
  PartialMessage,
  RtcStats,
} from '@livekit/rtc-ffi-bindings';

/**
 * What rtc-node's `room.getRtcStats()` resolves to: the WebRTC statistics of the publisher and
 * subscriber peer connections (one `RtcStats` per entry: `outboundRtp`, `inboundRtp`,
 * `remoteInboundRtp`, `mediaSource`, `codec`, `candidatePair`, `transport`, ...). Every field is
 * optional, so a test can write a report by hand with only what it needs.
 */
export type RtcSessionStats = PartialMessage<GetSessionStatsCallback_Result>;

/** One entry of an {@link RtcSessionStats} report: `{ stats: { case, value } }`. */
export type RtcStatsEntry = PartialMessage<RtcStats>;
