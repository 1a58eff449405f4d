import {
  ChatMessage as ChatMessagePacket,
  DataPacket,
  DataStream_Header,
  DataStream_TextHeader,
  RpcRequest,
  Transcription,
  TranscriptionSegment,
  UserPacket,
} from '@livekit/protocol';
import { RoomEvent } from '@livekit/rtc-node';
import { next, useDevServer } from './helpers';
import { RawClient } from './rawClient';

const rooms = useDevServer();
const clients: RawClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.leave()));
});

async function rawJoin(identity: string, room: string, kind?: 'agent'): Promise<RawClient> {
  const token = await rooms.server.createToken(identity, { room, ...(kind && { kind }) });
  const [client] = await RawClient.join(rooms.server.url, token);
  clients.push(client);
  await client.connectPublisher();
  return client;
}

/** Five packets that each claim to come from alice. */
const forged = (): DataPacket[] => [
  new DataPacket({
    participantIdentity: 'alice',
    participantSid: 'PA_alice',
    value: {
      case: 'user',
      value: new UserPacket({
        participantIdentity: 'alice',
        participantSid: 'PA_alice',
        payload: new TextEncoder().encode('from alice, honest'),
        topic: 'forged',
      }),
    },
  }),
  new DataPacket({
    participantIdentity: 'alice',
    value: { case: 'chatMessage', value: new ChatMessagePacket({ id: 'c1', message: 'hi' }) },
  }),
  new DataPacket({
    participantIdentity: 'alice',
    value: {
      case: 'streamHeader',
      value: new DataStream_Header({
        streamId: 's1',
        topic: 't',
        mimeType: 'text/plain',
        contentHeader: { case: 'textHeader', value: new DataStream_TextHeader({}) },
      }),
    },
  }),
  new DataPacket({
    participantIdentity: 'alice',
    value: {
      case: 'rpcRequest',
      value: new RpcRequest({
        id: 'r1',
        method: 'm',
        payload: 'p',
        responseTimeoutMs: 5000,
        version: 1,
      }),
    },
  }),
  new DataPacket({
    participantIdentity: 'alice',
    value: {
      case: 'transcription',
      value: new Transcription({
        transcribedParticipantIdentity: 'alice',
        trackId: 'TR_x',
        segments: [new TranscriptionSegment({ id: 'g1', text: 'I said this', final: true })],
      }),
    },
  }),
];

describe('dev server: nobody speaks for someone else', () => {
  it("every relayed packet carries its sender's identity, whatever the client wrote", async () => {
    const watcher = await rawJoin('watcher', 'forgery');
    const mallory = await rawJoin('mallory', 'forgery');
    for (const packet of forged()) mallory.sendData(packet);
    // A marker after them on the same ordered channel: the transcription before it was dropped.
    mallory.sendData(
      new DataPacket({ value: { case: 'user', value: new UserPacket({ topic: 'end' }) } }),
    );
    const got = await watcher.dataPackets(5);
    expect(got.map((p) => [p.value.case, p.participantIdentity])).toEqual([
      ['user', 'mallory'],
      ['chatMessage', 'mallory'],
      ['streamHeader', 'mallory'],
      ['rpcRequest', 'mallory'],
      ['user', 'mallory'], // the marker: the transcription from a non-agent was not relayed
    ]);
    const user = got[0]?.value.value as UserPacket;
    expect([
      user.participantIdentity,
      user.participantSid.startsWith('PA_'),
      user.participantSid,
    ]).toEqual(['mallory', true, got[0]?.participantSid]);
    expect(got[0]?.participantSid).not.toBe('PA_alice');
    expect(got[4]?.value.case === 'user' && got[4].value.value.topic).toBe('end');
  });

  it('an agent may send transcriptions, and chat or text streams on behalf of another (generated)', async () => {
    const watcher = await rawJoin('watcher', 'agent-forgery');
    const agent = await rawJoin('agent', 'agent-forgery', 'agent');
    const [user, chat, header, rpc, transcription] = forged();
    for (const packet of [user, chat, header, rpc, transcription]) agent.sendData(packet!);
    const got = await watcher.dataPackets(5);
    expect(got.map((p) => [p.value.case, p.participantIdentity])).toEqual([
      ['user', 'agent'],
      ['chatMessage', 'alice'],
      ['streamHeader', 'alice'],
      ['rpcRequest', 'agent'],
      ['transcription', 'agent'],
    ]);
    expect(got[1]?.value.case === 'chatMessage' && got[1].value.value.generated).toBe(true);
    const text =
      got[2]?.value.case === 'streamHeader' ? got[2].value.value.contentHeader : undefined;
    expect(text?.case === 'textHeader' && text.value.generated).toBe(true);
  });

  it("rtc-node's own spoofable fields (chat and text stream senderIdentity) reach others as the sender", async () => {
    const bob = await rooms.join('bob', 'rtc-forgery');
    const mallory = await rooms.join('mallory', 'rtc-forgery');
    const chat = next(bob, RoomEvent.ChatMessage);
    await mallory.localParticipant?.sendChatMessage('hi', undefined, 'alice');
    const [message, from] = await chat;
    expect([message.message, from?.identity]).toEqual(['hi', 'mallory']);
    const stream = new Promise<string>((resolve) =>
      bob.registerTextStreamHandler('forged', (_reader, participant) =>
        resolve(participant.identity),
      ),
    );
    const writer = await mallory.localParticipant!.streamText({
      topic: 'forged',
      senderIdentity: 'alice',
    });
    await writer.write('hello');
    await writer.close();
    expect(await stream).toBe('mallory');
  });

  it("joins the token's room, whatever room the URL asks for (livekit-server never reads one)", async () => {
    const token = await rooms.server.createToken('asker', { room: 'granted' });
    const [client, join] = await RawClient.join(rooms.server.url, token, '&room=other');
    clients.push(client);
    expect(join.room?.name).toBe('granted');
    expect(rooms.server.rooms()).toMatchObject({ granted: ['asker'] });
    expect(rooms.server.rooms().other).toBeUndefined();
  });
});
