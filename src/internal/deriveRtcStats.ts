import { TrackKind } from '@livekit/rtc-node';
import type { RtcSessionStats, RtcStatsEntry } from '../native/RtcSessionStats';
import type { RoomLike } from '../room/RoomLike';

/** Figures of one track at one moment, derived from a raw statistics report. */
export interface RtcTrackStats {
  /** `'outbound'`: a track this participant sends; `'inbound'`: one it receives. */
  readonly direction: 'outbound' | 'inbound';
  /** `'audio'` or `'video'` (WebRTC's `kind`). */
  readonly kind: string;
  /**
   * The publication's sid: for inbound tracks from WebRTC's track identifier (LiveKit's track
   * sid); for outbound ones when the match is certain (the only local publication of its kind
   * and the only outbound source of that kind), else `undefined`.
   */
  readonly trackSid: string | undefined;
  /** The sender: the remote identity for inbound tracks, the local one for outbound. */
  readonly participantIdentity: string | undefined;
  /** WebRTC's track identifier (outbound: the local media source's). */
  readonly trackIdentifier: string | undefined;
  /** The RTP stream's SSRC (outbound: the first simulcast layer's). */
  readonly ssrc: number | undefined;
  /** The codec, e.g. `audio/opus`. */
  readonly mimeType: string | undefined;
  /** Payload bytes sent or received so far (RTP headers excluded; simulcast layers summed). */
  readonly bytes: number;
  /** RTP packets sent or received so far. */
  readonly packets: number;
  /**
   * Payload bits per second since the previous report (from the reports' own timestamps);
   * `undefined` in the first report of a track.
   */
  readonly bitrate: number | undefined;
  /** Outbound: the encoder's target bitrate (bits/s), summed over layers. */
  readonly targetBitrate: number | undefined;
  /**
   * Packets lost so far: inbound, on the way here; outbound, as the receiving end (the SFU)
   * reports in RTCP (`undefined` before its first report).
   */
  readonly packetsLost: number | undefined;
  /** Interarrival jitter in seconds (outbound: as the receiving end reports). */
  readonly jitter: number | undefined;
  /**
   * Round-trip time in seconds: RTCP's measurement once there is one, else the ICE candidate
   * pair's current round-trip time of the track's transport.
   */
  readonly roundTripTime: number | undefined;
  /** Audio level from 0 to 1 (outbound: of the captured source; inbound: of what arrives). */
  readonly audioLevel: number | undefined;
}

/** A track's byte count at a report's timestamp, kept to compute the next bitrate. */
export interface RtcStatsSample {
  readonly bytes: number;
  readonly timestampUs: number;
}

type Stats = NonNullable<RtcStatsEntry['stats']>;
type ValueOfCase = {
  [S in Stats as S['case'] extends string ? S['case'] : never]: NonNullable<S['value']>;
};
type Case = keyof ValueOfCase;
type StatsOf<C extends Case> = ValueOfCase[C];
type Outbound = NonNullable<StatsOf<'outboundRtp'>>;
type Inbound = NonNullable<StatsOf<'inboundRtp'>>;

interface Figures extends Omit<RtcTrackStats, 'bitrate' | 'trackSid' | 'participantIdentity'> {
  readonly key: string;
  readonly timestampUs: number | undefined;
}

const num = (value: bigint | number | undefined): number | undefined =>
  value === undefined ? undefined : Number(value);

function maxOf(values: ReadonlyArray<number | undefined>): number | undefined {
  const defined = values.filter((v): v is number => v !== undefined);
  return defined.length === 0 ? undefined : Math.max(...defined);
}

function sumOf(values: ReadonlyArray<number | undefined>): number | undefined {
  const defined = values.filter((v): v is number => v !== undefined);
  return defined.length === 0 ? undefined : defined.reduce((a, b) => a + b, 0);
}

/** One peer connection's entries, by WebRTC id (ids repeat across the two connections). */
class Connection {
  private readonly byId = new Map<string, Stats>();

  constructor(
    readonly name: string,
    readonly entries: readonly RtcStatsEntry[],
  ) {
    for (const entry of entries) {
      const value = entry.stats?.value as { rtc?: { id?: string } } | undefined;
      const id = value?.rtc?.id;
      if (entry.stats !== undefined && id !== undefined) this.byId.set(id, entry.stats);
    }
  }

  get<C extends Case>(kind: C, id: string | undefined): StatsOf<C> | undefined {
    if (id === undefined) return undefined;
    const stats = this.byId.get(id);
    return (stats?.case === kind ? stats.value : undefined) as StatsOf<C> | undefined;
  }

  all<C extends Case>(kind: C): Array<NonNullable<StatsOf<C>>> {
    return this.entries
      .filter((e) => e.stats?.case === kind && e.stats.value !== undefined)
      .map((e) => e.stats?.value as NonNullable<StatsOf<C>>);
  }

  /** The current ICE round-trip time of a transport's selected candidate pair, in seconds. */
  transportRtt(transportId: string | undefined): number | undefined {
    const transport = this.get('transport', transportId)?.transport;
    return this.get('candidatePair', transport?.selectedCandidatePairId)?.candidatePair
      ?.currentRoundTripTime;
  }

  mimeType(codecId: string | undefined): string | undefined {
    return this.get('codec', codecId)?.codec?.mimeType;
  }

  outbound(): Figures[] {
    const groups = new Map<string, Outbound[]>();
    for (const layer of this.all('outboundRtp')) {
      const key = layer.outbound?.mediaSourceId ?? layer.rtc?.id ?? '';
      groups.set(key, [...(groups.get(key) ?? []), layer]);
    }
    return [...groups].map(([key, layers]) => {
      const first = layers[0] as Outbound;
      const source = this.get('mediaSource', first.outbound?.mediaSourceId);
      const remotes = layers
        .map((l) => this.get('remoteInboundRtp', l.outbound?.remoteId))
        .filter((r) => r !== undefined);
      const measured = remotes
        .filter((r) => (num(r.remoteInbound?.roundTripTimeMeasurements) ?? 0) > 0)
        .map((r) => r.remoteInbound?.roundTripTime);
      const kind = first.stream?.kind ?? '';
      return {
        key: `${this.name}:out:${key}`,
        timestampUs: num(first.rtc?.timestamp),
        direction: 'outbound' as const,
        kind,
        trackIdentifier: source?.source?.trackIdentifier,
        ssrc: first.stream?.ssrc,
        mimeType: this.mimeType(first.stream?.codecId),
        bytes: sumOf(layers.map((l) => num(l.sent?.bytesSent))) ?? 0,
        packets: sumOf(layers.map((l) => num(l.sent?.packetsSent))) ?? 0,
        targetBitrate: sumOf(layers.map((l) => l.outbound?.targetBitrate)),
        packetsLost: sumOf(remotes.map((r) => num(r.received?.packetsLost))),
        jitter: maxOf(remotes.map((r) => r.received?.jitter)),
        roundTripTime: maxOf(measured) ?? this.transportRtt(first.stream?.transportId),
        audioLevel: kind === 'audio' ? source?.audio?.audioLevel : undefined,
      };
    });
  }

  inbound(): Figures[] {
    return this.all('inboundRtp').map((stream: Inbound) => {
      const remote = this.get('remoteOutboundRtp', stream.inbound?.remoteId);
      const measured =
        (num(remote?.remoteOutbound?.roundTripTimeMeasurements) ?? 0) > 0
          ? remote?.remoteOutbound?.roundTripTime
          : undefined;
      const kind = stream.stream?.kind ?? '';
      return {
        key: `${this.name}:in:${stream.stream?.ssrc ?? stream.rtc?.id ?? ''}`,
        timestampUs: num(stream.rtc?.timestamp),
        direction: 'inbound' as const,
        kind,
        trackIdentifier: stream.inbound?.trackIdentifier,
        ssrc: stream.stream?.ssrc,
        mimeType: this.mimeType(stream.stream?.codecId),
        bytes: num(stream.inbound?.bytesReceived) ?? 0,
        packets: num(stream.received?.packetsReceived) ?? 0,
        targetBitrate: undefined,
        packetsLost: num(stream.received?.packetsLost),
        jitter: stream.received?.jitter,
        roundTripTime: measured ?? this.transportRtt(stream.stream?.transportId),
        audioLevel: kind === 'audio' ? stream.inbound?.audioLevel : undefined,
      };
    });
  }
}

const KINDS: Record<string, TrackKind> = {
  audio: TrackKind.KIND_AUDIO,
  video: TrackKind.KIND_VIDEO,
};

/**
 * The per-track figures of a raw report, matched to the room's publications, with bitrates from
 * the `previous` samples; returns the samples to keep for the next report.
 * @internal
 */
export function deriveRtcStats(
  raw: RtcSessionStats,
  room: RoomLike,
  previous: ReadonlyMap<string, RtcStatsSample>,
): { tracks: RtcTrackStats[]; samples: Map<string, RtcStatsSample> } {
  const connections = [
    new Connection('publisher', raw.publisherStats ?? []),
    new Connection('subscriber', raw.subscriberStats ?? []),
  ];
  const outbound = connections.flatMap((c) => c.outbound());
  const inbound = connections.flatMap((c) => c.inbound());
  const local = room.localParticipant;
  const localOfKind = (kind: string) =>
    [...(local?.trackPublications.values() ?? [])].filter((p) => p.kind === KINDS[kind]);
  const senderOf = (sid: string | undefined): string | undefined => {
    if (sid === undefined) return undefined;
    for (const participant of room.remoteParticipants.values()) {
      if (participant.trackPublications.has(sid)) return participant.identity;
    }
    return undefined;
  };
  const samples = new Map<string, RtcStatsSample>();
  const withBitrate = (
    { key, timestampUs, ...figures }: Figures,
    trackSid: string | undefined,
    participantIdentity: string | undefined,
  ): RtcTrackStats => {
    const before = previous.get(key);
    if (timestampUs !== undefined) samples.set(key, { bytes: figures.bytes, timestampUs });
    const bitrate =
      before !== undefined &&
      timestampUs !== undefined &&
      timestampUs > before.timestampUs &&
      figures.bytes >= before.bytes
        ? ((figures.bytes - before.bytes) * 8) / ((timestampUs - before.timestampUs) / 1e6)
        : undefined;
    return { ...figures, trackSid, participantIdentity, bitrate };
  };
  return {
    tracks: [
      ...outbound.map((track) => {
        const candidates = localOfKind(track.kind);
        const sameKind = outbound.filter((o) => o.kind === track.kind).length;
        const sid =
          candidates.length === 1 && sameKind === 1 ? (candidates[0]?.sid ?? undefined) : undefined;
        return withBitrate(track, sid, local?.identity);
      }),
      ...inbound.map((track) => {
        const sender = senderOf(track.trackIdentifier);
        return withBitrate(track, sender === undefined ? undefined : track.trackIdentifier, sender);
      }),
    ],
    samples,
  };
}
