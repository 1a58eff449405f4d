import {
  useAbsSendTime,
  useAudioLevelIndication,
  useH264,
  useOPUS,
  useRepairedRtpStreamId,
  useSdesMid,
  useSdesRTPStreamId,
  useVP8,
  type PeerConfig,
} from 'werift';

/**
 * The werift configuration of every peer connection. Video codecs are configured even for an
 * audio-only room: the client's first offer always carries video sections, and werift fails
 * with "negotiate codecs failed" when it has none (DEVSERVER-FACTS pitfall 1). The RID header
 * extensions let a simulcast publisher's layers through (pitfall 5).
 */
export function peerConfig(useIpv6: boolean): Partial<PeerConfig> {
  return {
    codecs: {
      audio: [useOPUS({ parameters: 'minptime=10;useinbandfec=1' })],
      video: [useVP8(), useH264()],
    },
    headerExtensions: {
      audio: [useSdesMid(), useAudioLevelIndication()],
      video: [useSdesMid(), useSdesRTPStreamId(), useRepairedRtpStreamId(), useAbsSendTime()],
    },
    iceUseIpv4: true,
    iceUseIpv6: useIpv6,
    bundlePolicy: 'max-bundle',
  };
}
