import { DisconnectReason, Room, RoomEvent } from '@livekit/rtc-node';
import { AccessToken } from 'livekit-server-sdk';
import { DevServerError, startDevServer } from 'livekit-rx-dev-server';
import os from 'node:os';
import { next, useDevServer } from './helpers';

const rooms = useDevServer({
  apiKey: 'test-key',
  apiSecret: 'test-secret-test-secret-test-sec',
});

describe('dev server: participants', () => {
  it('serves ws:// on a free port with the given key and secret', () => {
    expect(rooms.server.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect(rooms.server.apiKey).toBe('test-key');
    expect(rooms.server.apiSecret).toBe('test-secret-test-secret-test-sec');
  });

  it('tells a joiner who is there, and both sides see joins and leaves', async () => {
    const alice = await rooms.join('alice', 'joins', {
      name: 'Alice',
      metadata: 'a-meta',
      attributes: { role: 'host' },
    });
    const bobSeen = next(alice, RoomEvent.ParticipantConnected, (p) => p.identity === 'bob');
    const bob = await rooms.join('bob', 'joins', { name: 'Bob' });

    // other_participants of the join response: alice is there with her token's claims.
    const seenByBob = bob.remoteParticipants.get('alice');
    expect(seenByBob).toMatchObject({
      identity: 'alice',
      name: 'Alice',
      metadata: 'a-meta',
      attributes: { role: 'host' },
    });
    expect(seenByBob?.sid).toMatch(/^PA_/);
    const [joined] = await bobSeen;
    expect(joined).toMatchObject({ identity: 'bob', name: 'Bob' });
    expect(bob.name).toBe('joins');
    expect(rooms.server.rooms()).toMatchObject({ joins: ['alice', 'bob'] });

    const bobLeft = next(alice, RoomEvent.ParticipantDisconnected, (p) => p.identity === 'bob');
    await bob.disconnect();
    const [left] = await bobLeft;
    expect(left.identity).toBe('bob');
    expect([...alice.remoteParticipants.keys()]).toEqual([]);
    expect(rooms.server.rooms()).toMatchObject({ joins: ['alice'] });
  });

  it('broadcasts metadata, name and attribute updates a client makes', async () => {
    const alice = await rooms.join('alice', 'updates');
    const bob = await rooms.join('bob', 'updates');

    const metadata = next(bob, RoomEvent.ParticipantMetadataChanged);
    await alice.localParticipant?.updateMetadata('ready');
    const [newMetadata, who] = await metadata;
    expect([newMetadata, who.identity]).toEqual(['ready', 'alice']);

    const name = next(bob, RoomEvent.ParticipantNameChanged);
    await alice.localParticipant?.updateName('Alice A.');
    const [newName, named] = await name;
    expect([newName, named.identity]).toEqual(['Alice A.', 'alice']);

    const attributes = next(bob, RoomEvent.ParticipantAttributesChanged);
    await alice.localParticipant?.setAttributes({ mood: 'happy', lang: 'en' });
    const [changed, attributed] = await attributes;
    expect([changed, attributed.identity]).toEqual([{ mood: 'happy', lang: 'en' }, 'alice']);
    expect(bob.remoteParticipants.get('alice')?.attributes).toEqual({ mood: 'happy', lang: 'en' });
  });

  it('applies server-side participant and room metadata updates', async () => {
    rooms.server.updateRoomMetadata('server-updates', 'set before anyone joined');
    const alice = await rooms.join('alice', 'server-updates');
    expect(alice.metadata).toBe('set before anyone joined');
    const bob = await rooms.join('bob', 'server-updates');

    const roomMetadata = Promise.all([
      next(alice, RoomEvent.RoomMetadataChanged),
      next(bob, RoomEvent.RoomMetadataChanged),
    ]);
    rooms.server.updateRoomMetadata('server-updates', 'round 2');
    expect((await roomMetadata).map(([m]) => m)).toEqual(['round 2', 'round 2']);

    const seenByBob = next(bob, RoomEvent.ParticipantAttributesChanged);
    const seenByAlice = next(alice, RoomEvent.ParticipantMetadataChanged);
    rooms.server.updateParticipant('server-updates', 'alice', {
      metadata: 'promoted',
      attributes: { role: 'speaker' },
    });
    const [changed, who] = await seenByBob;
    expect([changed, who.identity]).toEqual([{ role: 'speaker' }, 'alice']);
    const [ownMetadata, self] = await seenByAlice;
    expect([ownMetadata, self.identity]).toEqual(['promoted', 'alice']);
    expect(() => rooms.server.updateParticipant('server-updates', 'nobody', {})).toThrow(
      DevServerError,
    );
  });

  it('removes a participant: it is disconnected, the others see it leave', async () => {
    const alice = await rooms.join('alice', 'removal');
    const bob = await rooms.join('bob', 'removal');
    const disconnected = next(alice, RoomEvent.Disconnected);
    const left = next(bob, RoomEvent.ParticipantDisconnected);
    rooms.server.removeParticipant('removal', 'alice');
    const [[reason], [participant]] = await Promise.all([disconnected, left]);
    expect(reason).toBe(DisconnectReason.PARTICIPANT_REMOVED);
    expect(participant.identity).toBe('alice');
  });

  it('a second join with the same identity replaces the first (DUPLICATE_IDENTITY)', async () => {
    const first = await rooms.join('alice', 'duplicates');
    const bob = await rooms.join('bob', 'duplicates');
    const kicked = next(first, RoomEvent.Disconnected);
    const second = await rooms.join('alice', 'duplicates');
    const [reason] = await kicked;
    expect(reason).toBe(DisconnectReason.DUPLICATE_IDENTITY);
    expect(second.localParticipant?.sid).not.toBe(first.localParticipant?.sid);
    expect(rooms.server.rooms()).toMatchObject({ duplicates: ['bob', 'alice'] });
    expect(bob.remoteParticipants.get('alice')?.sid).toBe(second.localParticipant?.sid);
  });

  it('refuses a token signed with another secret with 401, and connect() says why', async () => {
    const token = new AccessToken('test-key', 'another-secret-another-secret-an', {
      identity: 'mallory',
    });
    token.addGrant({ room: 'refusals', roomJoin: true });
    await expect(new Room().connect(rooms.server.url, await token.toJwt())).rejects.toThrow(
      'client error: 401 Unauthorized - invalid token: signature verification failed',
    );
  });

  it('refuses an expired token with 401', async () => {
    const token = new AccessToken('test-key', 'test-secret-test-secret-test-sec', {
      identity: 'late',
      ttl: -60,
    });
    token.addGrant({ room: 'refusals', roomJoin: true });
    await expect(new Room().connect(rooms.server.url, await token.toJwt())).rejects.toThrow(
      '401 Unauthorized - invalid token: "exp" claim timestamp check failed',
    );
    expect(rooms.server.rooms()).not.toHaveProperty('refusals');
  });
});

describe('dev server: lifecycle', () => {
  it('stop() disconnects every client with SERVER_SHUTDOWN and frees the port', async () => {
    const own = await startDevServer();
    const join = async (identity: string) => {
      const room = new Room();
      await room.connect(own.url, await own.createToken(identity, { room: 'shutdown' }));
      return room;
    };
    const [alice, bob] = [await join('alice'), await join('bob')];
    const disconnected = Promise.all([
      next(alice, RoomEvent.Disconnected),
      next(bob, RoomEvent.Disconnected),
    ]);
    await own.stop();
    expect((await disconnected).map(([reason]) => reason)).toEqual([
      DisconnectReason.SERVER_SHUTDOWN,
      DisconnectReason.SERVER_SHUTDOWN,
    ]);
    await Promise.all([alice.disconnect(), bob.disconnect()]);
    await own.stop(); // idempotent
    const port = Number(new URL(own.url).port);
    const again = await startDevServer({ port });
    expect(again.url).toBe(own.url);
    await again.stop();
  });

  it('fails fast when the machine has no network interface but loopback', async () => {
    const spy = jest.spyOn(os, 'networkInterfaces').mockReturnValue({
      lo: [
        {
          address: '127.0.0.1',
          netmask: '255.0.0.0',
          family: 'IPv4',
          mac: '00:00:00:00:00:00',
          internal: true,
          cidr: '127.0.0.1/8',
        },
      ],
    });
    try {
      await expect(startDevServer()).rejects.toMatchObject({
        name: 'DevServerError',
        info: { kind: 'no-network-interface' },
        message: expect.stringContaining('no network interface other than loopback'),
      });
    } finally {
      spy.mockRestore();
    }
  });

  it('fails with a DevServerError when the port is taken', async () => {
    const port = Number(new URL(rooms.server.url).port);
    await expect(startDevServer({ port })).rejects.toMatchObject({
      name: 'DevServerError',
      info: { kind: 'listen', port },
    });
  });
});
