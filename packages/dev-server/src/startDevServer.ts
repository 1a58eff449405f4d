import {
  DisconnectReason,
  JoinResponse,
  LeaveRequest,
  LeaveRequest_Action,
  ReconnectResponse,
  ServerInfo,
  ServerInfo_Edition,
  SignalResponse,
  TrackSource,
} from '@livekit/protocol';
import { AccessToken, TokenVerifier, type ClaimGrants } from 'livekit-server-sdk';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { DevServerError } from './DevServerError';
import { DevParticipant, type SessionContext } from './internal/DevParticipant';
import { DevRoom } from './internal/DevRoom';
import { joinClaimsFrom, type JoinClaims } from './internal/joinClaims';
import { pairableAddresses } from './internal/pairableAddresses';
import { peerConfig } from './internal/peerConfig';

/** Options of {@link startDevServer}. */
export interface DevServerOptions {
  /** TCP port of the signalling endpoint; `0` (the default) picks a free one. */
  readonly port?: number;
  /** Interface to listen on; default `'127.0.0.1'`. */
  readonly host?: string;
  /** API key the tokens are signed with; default `'devkey'`. */
  readonly apiKey?: string;
  /** API secret the tokens are signed with; default `'secret'` repeated to 32 characters. */
  readonly apiSecret?: string;
  /** Called with a line of diagnostics (failed negotiations, dropped packets); default: none. */
  readonly log?: (message: string) => void;
}

/** What a token minted by {@link DevServer.createToken} carries. */
export interface CreateTokenOptions {
  /** The room the token may join (created on first join). */
  readonly room: string;
  /** Display name. */
  readonly name?: string;
  /** Initial participant metadata. */
  readonly metadata?: string;
  /** Initial participant attributes. */
  readonly attributes?: Record<string, string>;
  /** Lifetime, in seconds or as a string such as `'10m'`; default 6 hours. */
  readonly ttl?: number | string;
  /**
   * The token's grants, over the defaults (`canPublish`, `canSubscribe`, `canPublishData` and
   * `canUpdateOwnMetadata` true, the rest unset): e.g. `{ canPublish: false }` for a listener,
   * `{ canPublishSources: ['microphone'] }`, `{ hidden: true }`, `{ recorder: true }`. The dev
   * server enforces them as livekit-server does (docs/dev-server.md lists what is enforced).
   */
  readonly grants?: DevServerGrants;
  /** The participant kind the token claims (`'agent'`, `'egress'`, `'sip'`, ...); default standard. */
  readonly kind?: 'standard' | 'agent' | 'egress' | 'ingress' | 'sip' | 'connector';
}

/** The grants of a token minted by {@link DevServer.createToken} (a LiveKit `VideoGrant`'s). */
export interface DevServerGrants {
  readonly canPublish?: boolean;
  /** The only sources that may be published (needs `canPublish`); unset: any. */
  readonly canPublishSources?: readonly (
    'camera' | 'microphone' | 'screen_share' | 'screen_share_audio'
  )[];
  readonly canSubscribe?: boolean;
  /** Default: `canPublish`. */
  readonly canPublishData?: boolean;
  readonly canUpdateOwnMetadata?: boolean;
  /** Invisible to the other participants. */
  readonly hidden?: boolean;
  /** Marks the room as being recorded while the participant is in it. */
  readonly recorder?: boolean;
  /** An agent: may send transcriptions, and chat or text streams on another's behalf. */
  readonly agent?: boolean;
}

/** A change to a participant, made by the server (as LiveKit's `UpdateParticipant` API does). */
export interface ParticipantChange {
  readonly name?: string;
  readonly metadata?: string;
  /** Merged into the current attributes; an empty value deletes its key. */
  readonly attributes?: Record<string, string>;
}

/** A running development server. */
export interface DevServer {
  /** The URL clients pass to `room.connect(url, token)`, e.g. `ws://127.0.0.1:40123`. */
  readonly url: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  /** Mints a token for `identity` that may join `options.room`, publish, subscribe and send data. */
  createToken(identity: string, options: CreateTokenOptions): Promise<string>;
  /** The names of the rooms that exist, and the identities in each. */
  rooms(): Record<string, string[]>;
  /** Sets a room's metadata (creating the room if needed); participants get `RoomMetadataChanged`. */
  updateRoomMetadata(room: string, metadata: string): void;
  /** Changes a participant's name, metadata or attributes and tells everyone in the room. */
  updateParticipant(room: string, identity: string, change: ParticipantChange): void;
  /** Disconnects a participant (its room emits `Disconnected` with `PARTICIPANT_REMOVED`). */
  removeParticipant(room: string, identity: string): void;
  /**
   * Disconnects every client (their rooms emit `Disconnected` with `SERVER_SHUTDOWN`), closes
   * every peer connection and socket, and stops listening. Idempotent.
   */
  stop(): Promise<void>;
}

const DEFAULT_SECRET = 'secretsecretsecretsecretsecretse';
const SOURCE_NUMBERS = {
  camera: TrackSource.CAMERA,
  microphone: TrackSource.MICROPHONE,
  screen_share: TrackSource.SCREEN_SHARE,
  screen_share_audio: TrackSource.SCREEN_SHARE_AUDIO,
} as const;
const PROTOCOL_VERSION = 16;
const CLOSE_GRACE_MS = 2000;
/** The largest signal message accepted (livekit-server's `signal_message_size_limit` idea). */
const MAX_SIGNAL_BYTES = 8 * 1024 * 1024;
/** WebSocket close code for a message that is not a `SignalRequest` (RFC 6455: 1007). */
const CLOSE_INVALID_PAYLOAD = 1007;
/** How long a participant whose signalling socket dropped is kept for a resume. */
const RESUME_WINDOW_MS = 10_000;

function serverInfo(): ServerInfo {
  return new ServerInfo({
    edition: ServerInfo_Edition.Standard,
    version: '1.9.0',
    protocol: PROTOCOL_VERSION,
    region: 'local',
    nodeId: 'livekit-rx-dev-server',
  });
}

/**
 * Starts a local LiveKit-compatible server for development and tests: the real
 * `@livekit/rtc-node` client joins it with `room.connect(server.url, token)`. Rooms are created
 * on first join; participants, data packets, text/byte streams, RPC, Opus audio and VP8 video
 * are relayed. Not for production: use LiveKit Cloud or livekit-server there, with the same
 * client code.
 *
 * A promise, not a stream: it settles once, with the server listening (or a `DevServerError`).
 * Clients then come and go until `stop()`, which disconnects them all:
 *
 * ```text
 * startDevServer():   ----S                    (S = listening: url, createToken, rooms, stop)
 * alice.connect:          --a-------------x    (x = Disconnected, SERVER_SHUTDOWN)
 * bob.connect:              ---b----|          (bob leaves by himself)
 * server.stop():                          -|
 * ```
 *
 * @example
 * ```ts
 * import { Room } from '@livekit/rtc-node';
 * import { startDevServer } from 'livekit-rx-dev-server';
 *
 * const server = await startDevServer();
 * const room = new Room();
 * await room.connect(server.url, await server.createToken('alice', { room: 'demo' }));
 * // ...
 * await room.disconnect();
 * await server.stop();
 * ```
 *
 * @param options - Port, host, API key and secret, diagnostics.
 * @returns The running server, once it listens.
 * @throws DevServerError when the machine has no non-loopback network interface (the native
 *   client cannot pair over loopback) or the port cannot be bound.
 */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const host = options.host ?? '127.0.0.1';
  const apiKey = options.apiKey ?? 'devkey';
  const apiSecret = options.apiSecret ?? DEFAULT_SECRET;
  const log = options.log ?? (() => undefined);
  if (apiKey === '' || apiSecret === '') {
    throw new DevServerError('startDevServer: apiKey and apiSecret must not be empty.', {
      kind: 'options',
    });
  }
  const addresses = pairableAddresses();
  if (addresses.ipv4.length === 0 && addresses.ipv6.length === 0) {
    throw new DevServerError(
      'startDevServer: this machine has no network interface other than loopback. The native ' +
        'LiveKit client (libwebrtc) gathers no loopback ICE candidates, so no client could ' +
        'connect. Bring up a non-loopback interface (any local address will do; no traffic ' +
        'leaves the machine) and try again.',
      { kind: 'no-network-interface', host },
    );
  }
  const context: SessionContext = {
    useIpv6: addresses.ipv4.length === 0,
    peerConfig,
    log,
  };
  const verifier = new TokenVerifier(apiKey, apiSecret);
  const rooms = new Map<string, DevRoom>();
  const sockets = new Set<Socket>();
  const clients = new Set<WebSocket>();
  const roomNamed = (name: string): DevRoom => {
    let room = rooms.get(name);
    if (room === undefined) {
      room = new DevRoom(name);
      rooms.set(name, room);
    }
    return room;
  };

  const http = createServer((req, res) => void handleHttp(req, res));
  http.on('clientError', (_err, socket) => socket.destroy());
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_SIGNAL_BYTES });
  http.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  /**
   * Reads and checks the bearer token and the claims a join needs, as livekit-server's
   * `ValidateConnectRequest` does; resolves to the claims, or the status and reason to refuse.
   */
  async function authenticate(
    req: IncomingMessage,
  ): Promise<{ ok: true; claims: JoinClaims } | { ok: false; status: 400 | 401; reason: string }> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ')
      ? header.slice(7)
      : (url.searchParams.get('access_token') ?? '');
    if (token === '') {
      return { ok: false, status: 401, reason: 'no access token (Authorization: Bearer <jwt>)' };
    }
    let grants: ClaimGrants;
    try {
      grants = await verifier.verify(token);
    } catch (err) {
      return {
        ok: false,
        status: 401,
        reason: `invalid token: ${err instanceof Error ? err.message : String(err)}`,
      };
    }
    const claims = joinClaimsFrom(grants, url);
    return 'status' in claims ? { ok: false, ...claims } : { ok: true, claims };
  }

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/rtc/validate' || path === '/rtc/v1/validate') {
      const auth = await authenticate(req);
      res.writeHead(auth.ok ? 200 : auth.status, { 'content-type': 'text/plain' });
      res.end(auth.ok ? 'success' : auth.reason);
      return;
    }
    res.writeHead(path === '/' ? 200 : 404, { 'content-type': 'text/plain' });
    res.end(path === '/' ? 'OK' : 'not found');
  }

  const refuse = (socket: Socket, status: number, text: string, body: string) => {
    socket.end(
      `HTTP/1.1 ${status} ${text}\r\nContent-Type: text/plain\r\nContent-Length: ` +
        `${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  };

  http.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // Single-PC mode (/rtc/v1) is not implemented: 404 makes the client fall back to /rtc.
    if (url.pathname !== '/rtc') {
      refuse(socket, 404, 'Not Found', 'not found');
      return;
    }
    socket.on('error', () => socket.destroy());
    void authenticate(req).then((auth) => {
      if (!auth.ok) {
        refuse(
          socket,
          auth.status,
          auth.status === 400 ? 'Bad Request' : 'Unauthorized',
          auth.reason,
        );
        return;
      }
      if (socket.destroyed) return; // the client went away while its token was checked
      wss.handleUpgrade(req, socket, head, (ws) => {
        clients.add(ws);
        ws.once('close', () => clients.delete(ws));
        // Without an 'error' listener a malformed frame would throw out of the server.
        ws.on('error', (err) =>
          log(`${auth.claims.identity}: signalling socket error: ${err.message}`),
        );
        if (url.searchParams.get('reconnect') === '1') onResume(ws, auth.claims);
        else onJoin(ws, auth.claims);
      });
    });
  });

  /**
   * A resume (`reconnect=1&sid=`), as livekit-server's `RoomManager.StartSession` handles one: a
   * participant of that identity still in the room (its socket lost, within the resume window)
   * is resumed on the new socket, peer connections kept; otherwise the answer is a
   * `LeaveRequest` with reason `STATE_MISMATCH` and action `RECONNECT`, and rtc-node reconnects
   * fully (a new join with the same identity, its tracks republished).
   */
  function onResume(ws: WebSocket, claims: JoinClaims): void {
    const participant = rooms.get(claims.room)?.participants.get(claims.identity);
    if (participant === undefined) {
      refuseResume(ws, claims);
      return;
    }
    clearTimeout(resumeTimers.get(participant));
    resumeTimers.delete(participant);
    const old = participant.signalSocket;
    log(`${claims.identity}: resumed on a new signalling socket`);
    participant.resume(ws, {
      case: 'reconnect',
      value: new ReconnectResponse({ serverInfo: serverInfo(), lastMessageSeq: 0 }),
    });
    if (old !== ws && old.readyState === old.OPEN) old.close(1000, 'resumed elsewhere');
    serve(ws, participant);
  }

  function refuseResume(ws: WebSocket, claims: JoinClaims): void {
    log(`${claims.identity}: no session to resume: asking for a full reconnect`);
    const leave = new LeaveRequest({
      canReconnect: true,
      reason: DisconnectReason.STATE_MISMATCH,
      action: LeaveRequest_Action.RECONNECT,
    });
    ws.send(new SignalResponse({ message: { case: 'leave', value: leave } }).toBinary());
    ws.close(1000, 'resume not supported: reconnect');
  }

  function onJoin(ws: WebSocket, claims: JoinClaims): void {
    const room = roomNamed(claims.room);
    const participant = new DevParticipant(ws, room, claims, context);
    const others = room.visibleTo(participant).filter((p) => p.identity !== claims.identity);
    participant.send({
      case: 'join',
      value: new JoinResponse({
        room: room.info(participant),
        participant: participant.snapshot(),
        otherParticipants: others.map((p) => p.snapshot()),
        serverVersion: '1.9.0',
        subscriberPrimary: false,
        // As livekit-server does for a participant that may publish. rtc-node then queues a
        // publisher negotiation requested while an offer awaits its answer; with `false` it
        // negotiates on a 150 ms debounce, and rtc-node 1.1.0 (livekit-ffi 0.12.73) deadlocks its
        // signalling when such a negotiation overlaps an answer that comes late (rust-sdks#1252):
        // publications then time out and disconnect() hangs. See test/dev-server/negotiation.test.ts.
        fastPublish: claims.canPublish,
        pingInterval: 5,
        pingTimeout: 15,
        serverInfo: serverInfo(),
      }),
    });
    room.join(participant);
    room.subscribeToExisting(participant);
    serve(ws, participant);
  }

  /** Participants whose signalling socket dropped, and the end of their resume window. */
  const resumeTimers = new Map<DevParticipant, NodeJS.Timeout>();
  let stopping: Promise<void> | undefined;

  /**
   * Serves a participant's signal requests from one socket. When the socket closes without a
   * `LeaveRequest`, a participant whose peer connection ever connected is kept for
   * `RESUME_WINDOW_MS` (the others see nothing), as livekit-server keeps a session whose
   * signalling dropped; one that never connected leaves at once.
   */
  function serve(ws: WebSocket, participant: DevParticipant): void {
    const { claims, room } = participant;
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (ws.readyState !== ws.OPEN) return; // closing: what comes after the close is ignored
      let request;
      try {
        request = participant.decodeSignal(data, isBinary);
      } catch (err) {
        // As livekit-server: a request that does not decode ends the signalling connection.
        const reason = `malformed SignalRequest: ${err instanceof Error ? err.message : String(err)}`;
        log(`${claims.identity}: ${reason}`);
        ws.close(CLOSE_INVALID_PAYLOAD, reason.slice(0, 120));
        return;
      }
      participant.onSignal(request).catch((err: unknown) => {
        log(`${claims.identity}: failed signal request: ${String(err)}`);
      });
    });
    ws.on('close', () => {
      if (participant.signalSocket !== ws) return; // resumed on another socket
      if (room.participants.get(claims.identity) !== participant) return; // it left
      if (stopping !== undefined || !participant.everConnected) {
        room.leave(participant, DisconnectReason.CLIENT_INITIATED);
        return;
      }
      log(`${claims.identity}: signalling socket lost; kept ${RESUME_WINDOW_MS} ms for a resume`);
      const timer = setTimeout(() => {
        resumeTimers.delete(participant);
        room.leave(participant, DisconnectReason.CLIENT_INITIATED);
      }, RESUME_WINDOW_MS);
      resumeTimers.set(participant, timer);
    });
  }

  try {
    http.listen(options.port ?? 0, host);
    await once(http, 'listening');
  } catch (err) {
    throw new DevServerError(
      `startDevServer: cannot listen on ${host}:${options.port ?? 0}: ` +
        `${err instanceof Error ? err.message : String(err)}. Pick another port, or 0 for any.`,
      { kind: 'listen', host, port: options.port ?? 0 },
      err,
    );
  }
  const { port } = http.address() as AddressInfo;
  const url = `ws://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const findParticipant = (roomName: string, identity: string): DevParticipant => {
    const participant = rooms.get(roomName)?.participants.get(identity);
    if (participant === undefined) {
      throw new DevServerError(`dev server: no participant '${identity}' in room '${roomName}'.`, {
        kind: 'room',
      });
    }
    return participant;
  };

  const stop = async (): Promise<void> => {
    for (const timer of resumeTimers.values()) clearTimeout(timer);
    resumeTimers.clear();
    // The leave request first: a client whose socket just closes would try to resume.
    for (const room of rooms.values()) {
      for (const participant of room.participants.values()) {
        participant.sendLeave(DisconnectReason.SERVER_SHUTDOWN);
      }
    }
    const closing = [...clients].map(async (ws) => {
      if (ws.readyState === ws.CLOSED) return;
      const closed = once(ws, 'close');
      ws.close(1000, 'server shutdown');
      const timer = setTimeout(() => ws.terminate(), CLOSE_GRACE_MS);
      await closed;
      clearTimeout(timer);
    });
    await Promise.all(closing);
    const sessions: Promise<void>[] = [];
    for (const room of rooms.values()) {
      for (const participant of [...room.participants.values()]) {
        room.leave(participant, DisconnectReason.SERVER_SHUTDOWN);
        sessions.push(participant.close());
      }
    }
    rooms.clear();
    await Promise.all(sessions);
    wss.close();
    const closedHttp = new Promise<void>((resolve) => http.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closedHttp;
  };

  return {
    url,
    apiKey,
    apiSecret,
    async createToken(identity, tokenOptions) {
      const token = new AccessToken(apiKey, apiSecret, {
        identity,
        ...(tokenOptions.name !== undefined && { name: tokenOptions.name }),
        ...(tokenOptions.metadata !== undefined && { metadata: tokenOptions.metadata }),
        ...(tokenOptions.attributes !== undefined && { attributes: tokenOptions.attributes }),
        ...(tokenOptions.ttl !== undefined && { ttl: tokenOptions.ttl }),
      });
      if (tokenOptions.kind !== undefined) token.kind = tokenOptions.kind;
      const { canPublishSources, ...grants } = tokenOptions.grants ?? {};
      token.addGrant({
        canPublish: true,
        canSubscribe: true,
        canUpdateOwnMetadata: true,
        ...grants,
        ...(grants.canPublishData === undefined && { canPublishData: grants.canPublish ?? true }),
        ...(canPublishSources !== undefined && {
          canPublishSources: canPublishSources.map((s) => SOURCE_NUMBERS[s]),
        }),
        room: tokenOptions.room,
        roomJoin: true,
      });
      return token.toJwt();
    },
    rooms() {
      return Object.fromEntries(
        [...rooms.values()].map((r) => [r.name, [...r.participants.keys()]]),
      );
    },
    updateRoomMetadata(room, metadata) {
      roomNamed(room).setMetadata(metadata);
    },
    updateParticipant(room, identity, change) {
      findParticipant(room, identity).update(change);
    },
    removeParticipant(room, identity) {
      const participant = findParticipant(room, identity);
      participant.sendLeave(DisconnectReason.PARTICIPANT_REMOVED);
      participant.room.leave(participant, DisconnectReason.PARTICIPANT_REMOVED);
    },
    stop() {
      stopping ??= stop();
      return stopping;
    },
  };
}
