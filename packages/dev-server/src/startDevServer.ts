import { DisconnectReason, JoinResponse, ServerInfo, ServerInfo_Edition } from '@livekit/protocol';
import { AccessToken, TokenVerifier, type ClaimGrants } from 'livekit-server-sdk';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { DevServerError } from './DevServerError';
import { DevParticipant, type JoinClaims, type SessionContext } from './internal/DevParticipant';
import { DevRoom } from './internal/DevRoom';
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
const PROTOCOL_VERSION = 16;
const CLOSE_GRACE_MS = 2000;

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
  const wss = new WebSocketServer({ noServer: true });
  http.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  /** Reads and checks the bearer token; resolves to its claims, or a reason to refuse. */
  async function authenticate(
    req: IncomingMessage,
  ): Promise<{ ok: true; grants: ClaimGrants } | { ok: false; reason: string }> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ')
      ? header.slice(7)
      : (url.searchParams.get('access_token') ?? '');
    if (token === '') return { ok: false, reason: 'no access token (Authorization: Bearer <jwt>)' };
    try {
      const grants = await verifier.verify(token);
      if (grants.video?.roomJoin !== true || (grants.video.room ?? '') === '') {
        return { ok: false, reason: 'the token does not grant roomJoin to a named room' };
      }
      if ((grants.sub ?? '') === '') return { ok: false, reason: 'the token has no identity' };
      return { ok: true, grants };
    } catch (err) {
      return {
        ok: false,
        reason: `invalid token: ${err instanceof Error ? err.message : String(err)}`,
      };
    }
  }

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/rtc/validate' || path === '/rtc/v1/validate') {
      const auth = await authenticate(req);
      res.writeHead(auth.ok ? 200 : 401, { 'content-type': 'text/plain' });
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
    void authenticate(req).then((auth) => {
      if (!auth.ok) {
        refuse(socket, 401, 'Unauthorized', auth.reason);
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => onJoin(ws, url, auth.grants));
    });
  });

  function onJoin(ws: WebSocket, url: URL, grants: ClaimGrants): void {
    clients.add(ws);
    const video = grants.video ?? {};
    const claims: JoinClaims = {
      identity: grants.sub ?? '',
      name: grants.name ?? '',
      metadata: grants.metadata ?? '',
      attributes: grants.attributes ?? {},
      canPublish: video.canPublish ?? true,
      canSubscribe: video.canSubscribe ?? true,
      canPublishData: video.canPublishData ?? true,
      canUpdateMetadata: video.canUpdateOwnMetadata ?? false,
      autoSubscribe: url.searchParams.get('auto_subscribe') !== '0',
      clientProtocol: Number(url.searchParams.get('client_protocol') ?? 0) || 0,
    };
    const room = roomNamed(video.room ?? '');
    const participant = new DevParticipant(ws, room, claims, context);
    const others = room.othersOf(participant).filter((p) => p.identity !== claims.identity);
    participant.send({
      case: 'join',
      value: new JoinResponse({
        room: room.info(),
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
        serverInfo: new ServerInfo({
          edition: ServerInfo_Edition.Standard,
          version: '1.9.0',
          protocol: PROTOCOL_VERSION,
          region: 'local',
          nodeId: 'livekit-rx-dev-server',
        }),
      }),
    });
    room.join(participant);
    room.subscribeToExisting(participant);
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) return;
      participant.onSignal(data).catch((err: unknown) => {
        log(`${claims.identity}: bad signal request: ${String(err)}`);
      });
    });
    // Without an 'error' listener a malformed frame from a client would throw out of the server.
    ws.on('error', (err) => log(`${claims.identity}: signalling socket error: ${err.message}`));
    ws.on('close', () => {
      clients.delete(ws);
      room.leave(participant, DisconnectReason.CLIENT_INITIATED);
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

  let stopping: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
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
      token.addGrant({
        room: tokenOptions.room,
        roomJoin: true,
        canPublish: true,
        canSubscribe: true,
        canPublishData: true,
        canUpdateOwnMetadata: true,
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
