import { startDevServer, type DevServer } from 'livekit-rx-dev-server';
import { AccessToken } from 'livekit-server-sdk';

/** Where the examples connect, and how they get a token for it. */
export interface ExampleServer {
  readonly url: string;
  /** A token to join `room` as `identity`, allowed to publish and subscribe. */
  token(identity: string, room: string): Promise<string>;
  /** What to print about it. */
  readonly label: string;
  /** The embedded development server, when no LIVEKIT_URL was given: stop it at the end. */
  readonly embedded: DevServer | undefined;
}

/**
 * The server to use: LIVEKIT_URL with LIVEKIT_API_KEY and LIVEKIT_API_SECRET when set (LiveKit
 * Cloud, livekit-server), else the embedded development server (livekit-rx-dev-server: no
 * keys, no binary).
 */
export async function chooseServer(): Promise<ExampleServer> {
  const { LIVEKIT_URL: url, LIVEKIT_API_KEY: key, LIVEKIT_API_SECRET: secret } = process.env;
  if (url !== undefined && url !== '') {
    if (key === undefined || secret === undefined) {
      throw new Error('LIVEKIT_URL is set: set LIVEKIT_API_KEY and LIVEKIT_API_SECRET too.');
    }
    const token = async (identity: string, room: string) => {
      const at = new AccessToken(key, secret, { identity, ttl: '10m' });
      at.addGrant({ room, roomJoin: true, canPublish: true, canSubscribe: true });
      return at.toJwt();
    };
    return { url, token, label: url, embedded: undefined };
  }
  const server = await startDevServer();
  return {
    url: server.url,
    token: (identity, room) => server.createToken(identity, { room }),
    label: `${server.url} (embedded livekit-rx dev server)`,
    embedded: server,
  };
}
