import {
  AddTrackRequest,
  DataPacket,
  DataPacket_Kind,
  DisconnectReason,
  LeaveRequest,
  LeaveRequest_Action,
  MuteTrackRequest,
  ParticipantInfo,
  ParticipantInfo_State,
  ParticipantPermission,
  Pong,
  RequestResponse,
  RequestResponse_Reason,
  SessionDescription,
  SignalRequest,
  SignalResponse,
  SignalTarget,
  TrackInfo,
  TrackPublishedResponse,
  TrackType,
  TrickleRequest,
  UpdateParticipantMetadata,
  UpdateSubscription,
} from '@livekit/protocol';
import {
  RTCPeerConnection,
  type MediaStreamTrack,
  type RTCDataChannel,
  type RTCRtpTransceiver,
  type RtpPacket,
} from 'werift';
import type { WebSocket } from 'ws';
import type { DevRoom } from './DevRoom';
import { newId } from './ids';
import { parseMediaSections, withoutZeroPorts, type MediaSection } from './sdp';

/** How a participant's session reaches the rest of the server. */
export interface SessionContext {
  readonly useIpv6: boolean;
  readonly peerConfig: (useIpv6: boolean) => ConstructorParameters<typeof RTCPeerConnection>[0];
  readonly log: (message: string) => void;
}

/** What a joining participant's token and query said. */
export interface JoinClaims {
  readonly identity: string;
  readonly name: string;
  readonly metadata: string;
  readonly attributes: Record<string, string>;
  readonly canPublish: boolean;
  readonly canSubscribe: boolean;
  readonly canPublishData: boolean;
  readonly canUpdateMetadata: boolean;
  readonly autoSubscribe: boolean;
  readonly clientProtocol: number;
}

/** A track this participant publishes. */
interface PublishedTrack {
  readonly info: TrackInfo;
  readonly cid: string;
  mid: string | undefined;
  /** The simulcast layer forwarded (a fixed one), or undefined for a single-layer track. */
  rid: string | undefined;
  /** The incoming track whose RTP is forwarded, once media arrives. */
  source: MediaStreamTrack | undefined;
  /**
   * The SSRC of the forwarded RTP, from its first packet (werift leaves a simulcast layer's
   * `track.ssrc` unset, so PLIs have to be addressed from what arrives).
   */
  ssrc: number | undefined;
  transceiver: RTCRtpTransceiver | undefined;
  unsubscribeRtp: (() => void) | undefined;
  lastPli: number;
}

/** A remote track this participant receives. */
interface DownTrack {
  readonly transceiver: RTCRtpTransceiver;
  readonly publisher: DevParticipant;
  readonly trackSid: string;
  readonly unsubscribePli: () => void;
}

type ChannelKind = 'reliable' | 'lossy';
const MAX_QUEUED_PACKETS = 1024;
const AUDIO_LEVEL_URI = 'urn:ietf:params:rtp-hdrext:ssrc-audio-level';
/** Louder than this (dBov, from the RFC 6464 audio level of each packet) is speech. */
const SPEAKING_DBOV = -50;
/** Quiet for this long (seen on arriving packets) ends speaking. */
const QUIET_MS = 500;
const PLI_MIN_INTERVAL_MS = 200;

/**
 * One participant's session: its signalling socket, the publisher peer connection (the client
 * offers, the server answers), the subscriber peer connection (the server offers), its data
 * channels, the tracks it publishes and the tracks it receives.
 */
export class DevParticipant {
  readonly sid = newId('PA_');
  readonly info: ParticipantInfo;
  readonly published = new Map<string, PublishedTrack>();
  private readonly pendingTracks = new Map<string, PublishedTrack>(); // by cid
  private readonly downTracks = new Map<string, DownTrack>(); // by track sid
  private readonly publisher: RTCPeerConnection;
  private readonly subscriber: RTCPeerConnection;
  private readonly channels: Partial<Record<ChannelKind, RTCDataChannel>> = {};
  private readonly queued: Record<ChannelKind, Buffer[]> = { reliable: [], lossy: [] };
  private readonly pendingCandidates: Record<'publisher' | 'subscriber', TrickleRequest[]> = {
    publisher: [],
    subscriber: [],
  };
  /** Publisher offers are handled one after another. */
  private publisherChain: Promise<void> = Promise.resolve();
  private subscriberOfferInFlight = false;
  private subscriberNeedsOffer = false;
  private offerId = 0;
  private closed = false;
  /** Whether the participant speaks (from its audio packets' levels), and how loud (0..1). */
  speaking = false;
  level = 0;
  private lastLoudAt = -Infinity;

  constructor(
    private readonly socket: WebSocket,
    readonly room: DevRoom,
    readonly claims: JoinClaims,
    private readonly context: SessionContext,
  ) {
    const now = Date.now();
    this.info = new ParticipantInfo({
      sid: this.sid,
      identity: claims.identity,
      name: claims.name,
      metadata: claims.metadata,
      attributes: { ...claims.attributes },
      state: ParticipantInfo_State.JOINED,
      joinedAt: BigInt(Math.floor(now / 1000)),
      joinedAtMs: BigInt(now),
      version: 1,
      clientProtocol: claims.clientProtocol,
      permission: new ParticipantPermission({
        canSubscribe: claims.canSubscribe,
        canPublish: claims.canPublish,
        canPublishData: claims.canPublishData,
        canUpdateMetadata: claims.canUpdateMetadata,
      }),
    });
    const config = context.peerConfig(context.useIpv6);
    this.publisher = new RTCPeerConnection(config);
    this.subscriber = new RTCPeerConnection(config);
    this.wirePublisher();
    this.wireSubscriber();
  }

  get identity(): string {
    return this.info.identity;
  }

  /** The participant as others see it: its info with the current track list. */
  snapshot(): ParticipantInfo {
    const info = this.info.clone();
    info.tracks = [...this.published.values()].map((t) => t.info.clone());
    info.isPublisher = info.tracks.length > 0;
    return info;
  }

  /** Sends one signal message, if the socket is still open. */
  send(message: SignalResponse['message']): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(new SignalResponse({ message }).toBinary());
  }

  /** Handles one binary signal request from the client. */
  async onSignal(data: Uint8Array): Promise<void> {
    const { message } = SignalRequest.fromBinary(data);
    switch (message.case) {
      case 'offer':
        await this.enqueuePublisherOffer(message.value);
        break;
      case 'answer':
        await this.onSubscriberAnswer(message.value);
        break;
      case 'trickle':
        await this.onTrickle(message.value);
        break;
      case 'addTrack':
        this.onAddTrack(message.value);
        break;
      case 'mute':
        this.onMute(message.value);
        break;
      case 'updateMetadata':
        this.onUpdateMetadata(message.value);
        break;
      case 'subscription':
        this.onUpdateSubscription(message.value);
        break;
      case 'leave':
        this.room.leave(this, DisconnectReason.CLIENT_INITIATED);
        break;
      case 'ping':
        this.send({ case: 'pong', value: BigInt(Date.now()) });
        break;
      case 'pingReq':
        this.send({
          case: 'pongResp',
          value: new Pong({
            lastPingTimestamp: message.value.timestamp,
            timestamp: BigInt(Date.now()),
          }),
        });
        break;
      default:
        // Track settings, layer updates, sync state, permissions: accepted and ignored.
        break;
    }
  }

  // ---- publisher side: the client offers, the server answers -------------------------------

  private wirePublisher(): void {
    this.publisher.onIceCandidate.subscribe((candidate) => {
      if (candidate !== undefined) this.sendCandidate(candidate.toJSON(), SignalTarget.PUBLISHER);
    });
    this.publisher.onDataChannel.subscribe((channel) => this.onDataChannel(channel));
    this.publisher.connectionStateChange.subscribe((state) => {
      if (state === 'connected' && this.info.state !== ParticipantInfo_State.ACTIVE) {
        this.info.state = ParticipantInfo_State.ACTIVE;
        this.info.version++;
        this.room.broadcastParticipant(this);
      }
    });
    this.publisher.onRemoteTransceiverAdded.subscribe((transceiver) => {
      transceiver.onTrack.subscribe((track) => this.onIncomingTrack(transceiver, track));
    });
  }

  private enqueuePublisherOffer(offer: SessionDescription): Promise<void> {
    this.publisherChain = this.publisherChain
      .then(() => this.onPublisherOffer(offer))
      .catch((err: unknown) =>
        this.context.log(`${this.identity}: publisher offer failed: ${String(err)}`),
      );
    return this.publisherChain;
  }

  private async onPublisherOffer(offer: SessionDescription): Promise<void> {
    if (this.closed) return;
    const sections = parseMediaSections(offer.sdp);
    this.pinExistingTransceivers();
    await this.publisher.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
    await this.flushCandidates('publisher');
    const answer = await this.publisher.createAnswer();
    await this.publisher.setLocalDescription(answer);
    const sdp = withoutZeroPorts(this.publisher.localDescription?.sdp ?? answer.sdp);
    this.send({
      case: 'answer',
      value: new SessionDescription({ type: 'answer', sdp, id: offer.id }),
    });
    this.reconcilePublishedTracks(sections);
  }

  /**
   * werift pitfall 3 (werift 0.24.4): when a re-offer adds an m-line, werift's
   * `setRemoteDescription` creates a transceiver for it through `addTransceiver`, which "reuses"
   * any transceiver whose negotiated direction is `inactive` and that never sent: it replaces
   * that transceiver in its list and the m-line it stood for is lost, so `createAnswer` fails
   * with `Transceiver with mid=N not found`. The client's first offer always has six recvonly
   * m-lines that the answer makes inactive, so the first publish always hits this. Reuse is an
   * offerer's business (the client picks the m-lines), so before each offer is applied every
   * existing transceiver is marked as used, which werift's reuse check skips.
   */
  private pinExistingTransceivers(): void {
    for (const transceiver of this.publisher.getTransceivers()) transceiver.usedForSender = true;
  }

  /** Binds newly offered tracks to their AddTrackRequest, and unpublishes tracks no longer sent. */
  private reconcilePublishedTracks(sections: readonly MediaSection[]): void {
    const sending = new Map<string, MediaSection>(); // by cid
    for (const s of sections) {
      if (s.direction !== 'sendonly' && s.direction !== 'sendrecv') continue;
      if (s.port === 0) continue;
      for (const [, track] of s.msids) sending.set(track, s);
    }
    for (const [cid, pending] of this.pendingTracks) {
      const section = sending.get(cid);
      if (section === undefined) continue;
      this.pendingTracks.delete(cid);
      pending.mid = section.mid;
      pending.rid = section.sendRids[0];
      pending.info.mid = section.mid ?? '';
      this.published.set(pending.info.sid, pending);
      const transceiver = this.publisher.getTransceivers().find((t) => t.mid === section.mid);
      if (transceiver !== undefined) {
        pending.transceiver = transceiver;
        for (const track of transceiver.receiver.tracks) this.onIncomingTrack(transceiver, track);
      }
      this.room.onTrackPublished(this, pending.info.sid);
    }
    for (const [sid, track] of this.published) {
      const section = sending.get(track.cid);
      if (section !== undefined && section.mid === track.mid) continue;
      this.unpublish(sid);
    }
  }

  private onIncomingTrack(transceiver: RTCRtpTransceiver, track: MediaStreamTrack): void {
    const published = [...this.published.values()].find((t) => t.mid === transceiver.mid);
    if (published === undefined) return; // bound later, in reconcilePublishedTracks
    if (published.source !== undefined) return;
    if (published.rid !== undefined && track.rid !== published.rid) return; // one fixed layer
    published.source = track;
    published.transceiver = transceiver;
    const levelId = transceiver.headerExtensions.find((e) => e.uri === AUDIO_LEVEL_URI)?.id;
    const { unSubscribe } = track.onReceiveRtp.subscribe((rtp: RtpPacket) => {
      if (levelId !== undefined) this.onAudioLevel(rtp, levelId);
      if (published.ssrc === undefined) {
        published.ssrc = rtp.header.ssrc;
        this.requestKeyFrame(published.info.sid);
      }
      this.room.forward(this, published.info.sid, rtp);
    });
    published.unsubscribeRtp = unSubscribe;
  }

  /**
   * Active speaker detection from the audio level header extension (RFC 6464) of the
   * participant's packets: speaking from the first loud packet, until packets have been quiet
   * for 500 ms (or the track ends). With DTX a silent track sends few packets, so the end of
   * speech is seen on the next one.
   */
  private onAudioLevel(rtp: RtpPacket, id: number): void {
    const byte = rtp.header.extensions.find((e) => e.id === id)?.payload[0];
    if (byte === undefined) return;
    const dBov = -(byte & 0x7f);
    const now = performance.now();
    if (dBov < SPEAKING_DBOV) {
      if (this.speaking && now - this.lastLoudAt > QUIET_MS) this.setSpeaking(false);
      return;
    }
    this.lastLoudAt = now;
    this.level = 10 ** (dBov / 20);
    if (!this.speaking) this.setSpeaking(true);
  }

  /** Changes the speaking state and tells the room. */
  setSpeaking(speaking: boolean): void {
    if (speaking === this.speaking) return;
    this.speaking = speaking;
    if (!speaking) this.level = 0;
    this.room.onSpeakingChanged(this);
  }

  /** Asks the publisher for a key frame of a video track (a subscriber's PLI, passed on). */
  requestKeyFrame(trackSid: string): void {
    const track = this.published.get(trackSid);
    if (track?.ssrc === undefined || track.transceiver === undefined) return;
    if (track.info.type !== TrackType.VIDEO) return;
    const now = performance.now();
    if (now - track.lastPli < PLI_MIN_INTERVAL_MS) return;
    track.lastPli = now;
    track.transceiver.receiver.sendRtcpPLI(track.ssrc).catch(() => undefined);
  }

  private onAddTrack(request: AddTrackRequest): void {
    const info = new TrackInfo({
      sid: newId('TR_'),
      type: request.type,
      name: request.name,
      source: request.source,
      muted: request.muted,
      width: request.width,
      height: request.height,
      simulcast: request.simulcastCodecs.length > 0 || request.layers.length > 1,
      disableDtx: request.disableDtx,
      layers: request.layers,
      mimeType: request.type === TrackType.VIDEO ? 'video/VP8' : 'audio/opus',
      stream: request.stream,
      encryption: request.encryption,
      audioFeatures: request.audioFeatures,
      backupCodecPolicy: request.backupCodecPolicy,
    });
    this.pendingTracks.set(request.cid, {
      info,
      cid: request.cid,
      mid: undefined,
      rid: undefined,
      source: undefined,
      ssrc: undefined,
      transceiver: undefined,
      unsubscribeRtp: undefined,
      lastPli: -Infinity,
    });
    this.send({
      case: 'trackPublished',
      value: new TrackPublishedResponse({ cid: request.cid, track: info }),
    });
  }

  /** Stops forwarding a published track and tells the room it is gone. */
  unpublish(trackSid: string): void {
    const track = this.published.get(trackSid);
    if (track === undefined) return;
    this.published.delete(trackSid);
    track.unsubscribeRtp?.();
    if (track.info.type === TrackType.AUDIO) this.setSpeaking(false);
    this.room.onTrackUnpublished(this, trackSid);
  }

  private onMute(request: MuteTrackRequest): void {
    const track = this.published.get(request.sid);
    const pending = [...this.pendingTracks.values()].find((t) => t.info.sid === request.sid);
    const info = track?.info ?? pending?.info;
    if (info === undefined || info.muted === request.muted) return;
    info.muted = request.muted;
    if (track !== undefined) {
      this.info.version++;
      this.room.broadcastParticipant(this);
    }
  }

  private onUpdateMetadata(request: UpdateParticipantMetadata): void {
    const respond = (reason: RequestResponse_Reason, message = '') =>
      this.send({
        case: 'requestResponse',
        value: new RequestResponse({ requestId: request.requestId, reason, message }),
      });
    if (!this.claims.canUpdateMetadata) {
      respond(RequestResponse_Reason.NOT_ALLOWED, 'the token does not grant canUpdateOwnMetadata');
      return;
    }
    this.update({ name: request.name, metadata: request.metadata, attributes: request.attributes });
    respond(RequestResponse_Reason.OK);
  }

  /**
   * Applies a name, metadata or attribute change and broadcasts it when something changed.
   * Attributes merge into the current ones; an empty value deletes its key.
   */
  update(change: { name?: string; metadata?: string; attributes?: Record<string, string> }): void {
    let changed = false;
    if (change.name !== undefined && change.name !== this.info.name) {
      this.info.name = change.name;
      changed = true;
    }
    if (change.metadata !== undefined && change.metadata !== this.info.metadata) {
      this.info.metadata = change.metadata;
      changed = true;
    }
    for (const [key, value] of Object.entries(change.attributes ?? {})) {
      if (value === '') {
        if (key in this.info.attributes) {
          delete this.info.attributes[key];
          changed = true;
        }
      } else if (this.info.attributes[key] !== value) {
        this.info.attributes[key] = value;
        changed = true;
      }
    }
    if (!changed) return;
    this.info.version++;
    this.room.broadcastParticipant(this);
  }

  private onUpdateSubscription(request: UpdateSubscription): void {
    for (const trackSid of request.trackSids) {
      const publisher = this.room.publisherOf(trackSid);
      if (publisher === undefined) continue;
      if (request.subscribe) this.subscribe(publisher, trackSid);
      else this.unsubscribe(trackSid);
    }
  }

  // ---- data ---------------------------------------------------------------------------------

  private onDataChannel(channel: RTCDataChannel): void {
    const kind: ChannelKind | undefined =
      channel.label === '_reliable' ? 'reliable' : channel.label === '_lossy' ? 'lossy' : undefined;
    if (kind === undefined) return; // _data_track: data tracks are not supported
    this.channels[kind] = channel;
    channel.onMessage.subscribe((data) => {
      if (typeof data === 'string') return;
      this.onData(kind, data);
    });
    const flush = () => {
      if (channel.readyState !== 'open') return;
      for (const packet of this.queued[kind].splice(0)) channel.send(packet);
    };
    channel.stateChanged.subscribe(flush);
    flush();
  }

  private onData(kind: ChannelKind, data: Buffer): void {
    let packet: DataPacket;
    try {
      packet = DataPacket.fromBinary(data);
    } catch {
      this.context.log(`${this.identity}: dropped a data packet that does not decode`);
      return;
    }
    if (!this.claims.canPublishData) return;
    packet.participantIdentity = this.identity;
    if (packet.value.case === 'user') {
      packet.value.value.participantSid = this.sid;
      packet.value.value.participantIdentity = this.identity;
    }
    const destinations = new Set([
      ...packet.destinationIdentities,
      ...(packet.value.case === 'user' ? packet.value.value.destinationIdentities : []),
    ]);
    const bytes = Buffer.from(packet.toBinary());
    this.room.relayData(
      this,
      kind === 'reliable' ? DataPacket_Kind.RELIABLE : DataPacket_Kind.LOSSY,
      destinations,
      bytes,
    );
  }

  /**
   * Sends a data packet to this participant on its reliable or lossy channel. A reliable packet
   * waits (up to a bound) for the server side of the channel to open: the client's `connect()`
   * can resolve before it does (DEVSERVER-FACTS pitfall 4).
   */
  sendData(kind: DataPacket_Kind, bytes: Buffer): void {
    const name: ChannelKind = kind === DataPacket_Kind.LOSSY ? 'lossy' : 'reliable';
    const channel = this.channels[name];
    if (channel?.readyState === 'open') {
      channel.send(bytes);
      return;
    }
    const queue = this.queued[name];
    if (queue.length >= MAX_QUEUED_PACKETS) queue.shift();
    queue.push(bytes);
  }

  // ---- subscriber side: the server offers ---------------------------------------------------

  private wireSubscriber(): void {
    this.subscriber.onIceCandidate.subscribe((candidate) => {
      if (candidate !== undefined) this.sendCandidate(candidate.toJSON(), SignalTarget.SUBSCRIBER);
    });
  }

  /** Whether this participant receives a track. */
  isSubscribed(trackSid: string): boolean {
    return this.downTracks.has(trackSid);
  }

  /** Starts receiving a published track: a new send-only section, announced by a new offer. */
  subscribe(publisher: DevParticipant, trackSid: string): void {
    if (this.closed || this.downTracks.has(trackSid) || !this.claims.canSubscribe) return;
    const track = publisher.published.get(trackSid);
    if (track === undefined) return;
    const kind = track.info.type === TrackType.VIDEO ? 'video' : 'audio';
    const transceiver = this.subscriber.addTransceiver(kind, { direction: 'sendonly' });
    // The client reads `<participant sid>|<track sid>` from the msid stream id.
    transceiver.sender.streamId = `${publisher.sid}|${trackSid}`;
    (transceiver.sender as { trackId: string }).trackId = trackSid;
    const { unSubscribe } = transceiver.sender.onPictureLossIndication.subscribe(() =>
      publisher.requestKeyFrame(trackSid),
    );
    this.downTracks.set(trackSid, {
      transceiver,
      publisher,
      trackSid,
      unsubscribePli: unSubscribe,
    });
    this.negotiateSubscriber();
  }

  /** Stops receiving a track: its section goes inactive in a new offer. */
  unsubscribe(trackSid: string): void {
    const down = this.downTracks.get(trackSid);
    if (down === undefined) return;
    this.downTracks.delete(trackSid);
    down.unsubscribePli();
    down.transceiver.setDirection('inactive');
    if (!this.closed) this.negotiateSubscriber();
  }

  /** Forwards one RTP packet (serialised: werift's sendRtp rewrites the header it is given). */
  forward(trackSid: string, rtp: Buffer): void {
    const down = this.downTracks.get(trackSid);
    if (down === undefined) return;
    down.transceiver.sender.sendRtp(rtp).catch(() => undefined);
  }

  private negotiateSubscriber(): void {
    if (this.subscriberOfferInFlight) {
      this.subscriberNeedsOffer = true;
      return;
    }
    this.subscriberOfferInFlight = true;
    this.subscriberNeedsOffer = false;
    void (async () => {
      try {
        const offer = await this.subscriber.createOffer();
        await this.subscriber.setLocalDescription(offer);
        if (this.closed) return;
        const sdp = withoutZeroPorts(this.subscriber.localDescription?.sdp ?? offer.sdp);
        this.send({
          case: 'offer',
          value: new SessionDescription({ type: 'offer', sdp, id: ++this.offerId }),
        });
      } catch (err) {
        this.subscriberOfferInFlight = false;
        this.context.log(`${this.identity}: subscriber offer failed: ${String(err)}`);
      }
    })();
  }

  private async onSubscriberAnswer(answer: SessionDescription): Promise<void> {
    if (this.closed) return;
    try {
      await this.subscriber.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
      await this.flushCandidates('subscriber');
    } catch (err) {
      this.context.log(`${this.identity}: subscriber answer failed: ${String(err)}`);
    }
    this.subscriberOfferInFlight = false;
    if (this.subscriberNeedsOffer) this.negotiateSubscriber();
  }

  // ---- ICE ----------------------------------------------------------------------------------

  private sendCandidate(
    init: {
      candidate?: string | undefined;
      sdpMid?: string | undefined;
      sdpMLineIndex?: number | undefined;
    },
    target: SignalTarget,
  ): void {
    const candidateInit = JSON.stringify({
      candidate: init.candidate ?? '',
      sdpMid: String(init.sdpMid ?? '0'),
      sdpMLineIndex: init.sdpMLineIndex ?? 0,
    });
    this.send({ case: 'trickle', value: new TrickleRequest({ candidateInit, target }) });
  }

  /** Client candidates can come before the offer they belong to: queue them until then. */
  private async onTrickle(trickle: TrickleRequest): Promise<void> {
    const side = trickle.target === SignalTarget.SUBSCRIBER ? 'subscriber' : 'publisher';
    this.pendingCandidates[side].push(trickle);
    const pc = side === 'subscriber' ? this.subscriber : this.publisher;
    if (pc.remoteDescription !== null) await this.flushCandidates(side);
  }

  private async flushCandidates(side: 'publisher' | 'subscriber'): Promise<void> {
    const pc = side === 'subscriber' ? this.subscriber : this.publisher;
    for (const trickle of this.pendingCandidates[side].splice(0)) {
      try {
        const init = JSON.parse(trickle.candidateInit) as {
          candidate: string;
          sdpMid?: string;
          sdpMLineIndex?: number;
        };
        await pc.addIceCandidate(init);
      } catch (err) {
        this.context.log(`${this.identity}: ignored a candidate: ${String(err)}`);
      }
    }
  }

  // ---- leaving ------------------------------------------------------------------------------

  /** Tells the client to leave (when the server removes it or stops). */
  sendLeave(reason: DisconnectReason): void {
    this.send({
      case: 'leave',
      value: new LeaveRequest({
        canReconnect: false,
        reason,
        action: LeaveRequest_Action.DISCONNECT,
      }),
    });
  }

  /** Closes the peer connections and stops forwarding; the room has already dropped it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const track of this.published.values()) track.unsubscribeRtp?.();
    for (const down of this.downTracks.values()) down.unsubscribePli();
    this.downTracks.clear();
    this.queued.reliable.length = 0;
    this.queued.lossy.length = 0;
    this.info.state = ParticipantInfo_State.DISCONNECTED;
    if (this.socket.readyState === this.socket.OPEN) this.socket.close(1000, 'left');
    await Promise.allSettled([this.publisher.close(), this.subscriber.close()]);
  }
}
