import { concatMap } from 'rxjs';
import {
  chatMessages,
  DataSendError,
  PayloadTooLargeError,
  RecipientNotFoundError,
  sendChatMessage,
} from 'livekit-rx';
import { TestRoom } from 'livekit-rx/testing';
import { listenerTotal } from './room/helpers';
import { testScheduler } from './scheduler';

describe('sendChatMessage on a TestRoom', () => {
  it('sends when subscribed, emits the sent ChatMessage once acknowledged, then completes', () => {
    testScheduler().run(({ expectObservable, flush }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }] });
      room.localParticipant.dataSendLatency = 2;
      const send$ = sendChatMessage(room, 'hello bob', { destinationIdentities: ['bob'] });
      expect(room.sent).toEqual([]); // cold: nothing before the subscription
      expectObservable(send$, '-^').toBe('---(m|)', {
        m: { id: 'CM_TR_1', timestamp: 1, message: 'hello bob' },
      });
      flush();
      expect(room.sent).toEqual([
        { type: 'chat', message: 'hello bob', destinationIdentities: ['bob'] },
      ]);
      expect(listenerTotal(room)).toBe(0);
    });
  });

  it('sends once per subscription; replies in order with concatMap', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }] });
      room.play(cold('-a-b', { a: chatOf('bob', 'hi'), b: chatOf('bob', 'bye') }));
      expectObservable(
        chatMessages(room).pipe(
          concatMap(({ message, participant }) =>
            sendChatMessage(room, `echo: ${message.message}`, {
              destinationIdentities: participant ? [participant.identity] : [],
            }),
          ),
        ),
        '^---!',
      ).toBe('-a-b', {
        a: expect.objectContaining({ message: 'echo: hi' }),
        b: expect.objectContaining({ message: 'echo: bye' }),
      });
      flush();
      expect(room.sent.map((s) => (s.type === 'chat' ? s.message : s.type))).toEqual([
        'echo: hi',
        'echo: bye',
      ]);
    });
  });

  it('refuses a message over 15 KiB of UTF-8, or for someone not in the room, sending nothing', () => {
    testScheduler().run(({ expectObservable, flush }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }] });
      expectObservable(sendChatMessage(room, '€'.repeat(5121))).toBe(
        '#',
        undefined,
        new PayloadTooLargeError({
          sink: 'sendChatMessage',
          index: 0,
          byteLength: 15_363,
          limit: 15_360,
          reliable: true,
          topic: undefined,
        }),
      );
      expectObservable(
        sendChatMessage(room, 'psst', { destinationIdentities: ['bob', 'eve'] }),
      ).toBe(
        '#',
        undefined,
        new RecipientNotFoundError({
          sink: 'sendChatMessage',
          index: 0,
          missing: ['eve'],
          present: ['bob'],
        }),
      );
      flush();
      expect(room.sent).toEqual([]);
    });
    expect(() =>
      sendChatMessage(new TestRoom(), 'x', { destinationIdentities: [42 as unknown as string] }),
    ).toThrow(TypeError);
  });

  it('fails with a DataSendError when refused, or when the room disconnects first', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const refused = new TestRoom();
      const refusal = new Error('no permission');
      refused.localParticipant.rejectData = refusal;
      expectObservable(sendChatMessage(refused, 'hi')).toBe(
        '#',
        undefined,
        new DataSendError(
          {
            sink: 'sendChatMessage',
            reason: 'rejected',
            index: 0,
            unsent: 1,
            detail: 'no permission',
          },
          refusal,
        ),
      );
      const leaving = new TestRoom();
      leaving.localParticipant.dataSendLatency = 5;
      leaving.play(hot('--x', { x: { type: 'disconnect' } }));
      expectObservable(sendChatMessage(leaving, 'hi')).toBe(
        '--#',
        undefined,
        new DataSendError({
          sink: 'sendChatMessage',
          reason: 'room-disconnected',
          index: 0,
          unsent: 1,
          detail: undefined,
        }),
      );
    });
  });

  it('ignores the result when unsubscribed before it is acknowledged', () => {
    testScheduler().run(({ expectObservable, flush }) => {
      const room = new TestRoom();
      room.localParticipant.dataSendLatency = 5;
      expectObservable(sendChatMessage(room, 'hi'), '^--!').toBe('---');
      flush();
      expect(room.sent).toHaveLength(1); // it was sent; only its acknowledgement is ignored
      expect(listenerTotal(room)).toBe(0);
    });
  });
});

/** A scripted chat message from `from`. */
function chatOf(from: string, message: string) {
  return { type: 'chat' as const, from, message };
}
