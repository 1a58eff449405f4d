import { ParticipantInfo_Kind, ParticipantPermission, TrackSource } from '@livekit/protocol';
import type { ClaimGrants } from 'livekit-server-sdk';

/**
 * What a joining participant's token (and its signalling URL) grants, read as livekit-server
 * reads it (livekit/protocol `auth/grants.go`): `canPublish` and `canSubscribe` default to true,
 * `canPublishData` to `canPublish`, `canUpdateOwnMetadata` to false; `canPublishSources`, when
 * set, names the only sources that may be published (and needs `canPublish` too).
 */
export interface JoinClaims {
  readonly identity: string;
  readonly name: string;
  readonly metadata: string;
  readonly attributes: Record<string, string>;
  /** The room of the token: livekit-server takes the room from the token, never from the URL. */
  readonly room: string;
  readonly canPublish: boolean;
  /** The sources that may be published; empty: any (when `canPublish`). */
  readonly canPublishSources: readonly TrackSource[];
  readonly canSubscribe: boolean;
  readonly canPublishData: boolean;
  readonly canUpdateMetadata: boolean;
  /** Invisible to the others: not in their rosters, speakers or data senders. */
  readonly hidden: boolean;
  /** A recorder: the room is `activeRecording` while one is in it. */
  readonly recorder: boolean;
  /** An agent: may send transcriptions, and chat or text streams on another's behalf. */
  readonly agent: boolean;
  readonly kind: ParticipantInfo_Kind;
  readonly autoSubscribe: boolean;
  readonly clientProtocol: number;
}

/** Why a join is refused, with the HTTP status livekit-server answers it with. */
export interface JoinRefusal {
  readonly status: 400 | 401;
  readonly reason: string;
}

/** `canPublishSources` strings as livekit-server-sdk writes them (the enum name, lowercased). */
const SOURCES: Record<string, TrackSource> = {
  camera: TrackSource.CAMERA,
  microphone: TrackSource.MICROPHONE,
  screen_share: TrackSource.SCREEN_SHARE,
  screen_share_audio: TrackSource.SCREEN_SHARE_AUDIO,
};

const KINDS: Record<string, ParticipantInfo_Kind> = {
  standard: ParticipantInfo_Kind.STANDARD,
  ingress: ParticipantInfo_Kind.INGRESS,
  egress: ParticipantInfo_Kind.EGRESS,
  sip: ParticipantInfo_Kind.SIP,
  agent: ParticipantInfo_Kind.AGENT,
  connector: ParticipantInfo_Kind.CONNECTOR,
};

/**
 * The claims of a verified token, or why livekit-server would refuse the join (its
 * `ValidateConnectRequest`): no `roomJoin` (401), no identity or no room (400), attributes in the
 * URL without `canUpdateOwnMetadata` (401).
 */
export function joinClaimsFrom(grants: ClaimGrants, url: URL): JoinClaims | JoinRefusal {
  const video = grants.video;
  if (video?.roomJoin !== true) {
    return { status: 401, reason: 'permissions denied: the token does not grant roomJoin' };
  }
  const identity = grants.sub ?? '';
  if (identity === '') return { status: 400, reason: 'participant identity cannot be empty' };
  const room = video.room ?? '';
  if (room === '') return { status: 400, reason: 'room name cannot be empty' };
  const canPublish = video.canPublish ?? true;
  const canUpdateMetadata = video.canUpdateOwnMetadata ?? false;
  const attributes: Record<string, string> = { ...(grants.attributes ?? {}) };
  const extra = url.searchParams.get('attributes');
  if (extra !== null && extra !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(extra, 'base64url').toString('utf8'));
    } catch {
      return { status: 400, reason: 'cannot decode attributes' };
    }
    if (!canUpdateMetadata) {
      return { status: 401, reason: 'permissions denied: attributes need canUpdateOwnMetadata' };
    }
    for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
      if (typeof value === 'string' && value !== '') attributes[key] = value;
    }
  }
  // JSON from the token: strings as livekit-server-sdk writes them; an unknown one grants nothing.
  const sources = (video.canPublishSources ?? []) as unknown[];
  return {
    identity,
    name: grants.name ?? '',
    metadata: grants.metadata ?? '',
    attributes,
    room,
    canPublish,
    canPublishSources: sources.map((s) => SOURCES[String(s)] ?? TrackSource.UNKNOWN),
    canSubscribe: video.canSubscribe ?? true,
    canPublishData: video.canPublishData ?? canPublish,
    canUpdateMetadata,
    hidden: video.hidden === true,
    recorder: video.recorder === true || grants.kind === 'egress',
    agent: video.agent === true || grants.kind === 'agent',
    kind: KINDS[grants.kind ?? ''] ?? ParticipantInfo_Kind.STANDARD,
    autoSubscribe: url.searchParams.get('auto_subscribe') !== '0',
    clientProtocol: Number(url.searchParams.get('client_protocol') ?? 0) || 0,
  };
}

/** Whether the claims allow publishing a track of this source (livekit's `GetCanPublishSource`). */
export function canPublishSource(claims: JoinClaims, source: TrackSource): boolean {
  if (!claims.canPublish) return false;
  return claims.canPublishSources.length === 0 || claims.canPublishSources.includes(source);
}

/** The permission a participant's `ParticipantInfo` carries (livekit's `ToPermission`). */
export function permissionOf(claims: JoinClaims): ParticipantPermission {
  return new ParticipantPermission({
    canSubscribe: claims.canSubscribe,
    canPublish: claims.canPublish,
    canPublishData: claims.canPublishData,
    canPublishSources: [...claims.canPublishSources],
    canUpdateMetadata: claims.canUpdateMetadata,
    hidden: claims.hidden,
    recorder: claims.recorder,
    agent: claims.agent,
  });
}
