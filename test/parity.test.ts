// TestRoom must not drift from the real Room. Here, without a server: a real room that is not
// connected and a disconnected TestRoom must be treated the same way by every livekit-rx stream.
// The full scenario (join, attributes, publish, mute, data, unpublish, leave) runs against real
// rooms on the local development server in test/dev-server/parity.test.ts.
import { ConnectionState, Room, RoomEvent } from '@livekit/rtc-node';
import {
  activeSpeakers,
  byteStreams,
  chatMessages,
  connectionState,
  dataReceived,
  fromRoom,
  participants,
  roomEvent,
  RoomNotConnectedError,
  sendText,
  streamText,
  textStreams,
  trackPublications,
  waitForParticipant,
  type RoomLike,
} from 'livekit-rx';
import { TestRoom } from 'livekit-rx/testing';
import { of, type Observable } from 'rxjs';
import { useNativeRuntime } from './helpers/native';

useNativeRuntime();

const streams: Array<[string, (room: RoomLike) => Observable<unknown>]> = [
  ['fromRoom', fromRoom],
  ['roomEvent(participantConnected)', (room) => roomEvent(room, RoomEvent.ParticipantConnected)],
  ['connectionState', connectionState],
  ['participants', participants],
  ['trackPublications', trackPublications],
  ['activeSpeakers', activeSpeakers],
  ['dataReceived', dataReceived],
  ['waitForParticipant', waitForParticipant],
  ['textStreams', (room) => textStreams(room, { topic: 't' })],
  ['byteStreams', (room) => byteStreams(room, { topic: 'b' })],
  ['chatMessages', chatMessages],
  ['streamText', (room) => of('x').pipe(streamText(room))],
  ['sendText', (room) => sendText(room, 'x')],
];

function subscribeOnce(stream$: Observable<unknown>): { values: unknown[]; error: unknown } {
  const result: { values: unknown[]; error: unknown } = { values: [], error: undefined };
  stream$
    .subscribe({ next: (v) => result.values.push(v), error: (e: unknown) => (result.error = e) })
    .unsubscribe();
  return result;
}

describe('TestRoom and a real rtc-node Room, not connected', () => {
  it('report the same state', () => {
    const real = new Room();
    const test = new TestRoom();
    void test.disconnect();
    const view = (room: RoomLike) => ({
      connectionState: room.connectionState,
      isConnected: room.isConnected,
      remote: room.remoteParticipants.size,
    });
    expect(view(test)).toEqual(view(real));
    expect(view(real)).toEqual({
      connectionState: ConnectionState.CONN_DISCONNECTED,
      isConnected: false,
      remote: 0,
    });
  });

  it.each(streams)(
    '%s fails the same way on both, with RoomNotConnectedError and no listener left',
    (source, stream) => {
      const real = new Room();
      const test = new TestRoom();
      void test.disconnect();
      const onReal = subscribeOnce(stream(real));
      const onTest = subscribeOnce(stream(test));
      expect(onReal.values).toEqual([]);
      expect(onReal.error).toBeInstanceOf(RoomNotConnectedError);
      expect((onReal.error as RoomNotConnectedError).info).toEqual({
        source,
        connectionState: ConnectionState.CONN_DISCONNECTED,
      });
      expect(onTest).toEqual(onReal);
      expect(real.eventNames()).toEqual([]);
      expect(test.eventNames()).toEqual([]);
    },
  );

  it('disconnect() of a room that is not connected is a silent no-op on both', async () => {
    const real = new Room();
    const test = new TestRoom();
    await test.disconnect();
    const events: string[] = [];
    for (const room of [real, test] as RoomLike[]) {
      room.on(RoomEvent.Disconnected, () => events.push('disconnected'));
      room.on(RoomEvent.ConnectionStateChanged, () => events.push('state'));
    }
    await real.disconnect();
    await test.disconnect();
    expect(events).toEqual([]);
  });
});
