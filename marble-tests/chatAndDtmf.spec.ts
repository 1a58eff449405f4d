import { DisconnectReason } from '@livekit/rtc-node';
import { concatMap, from } from 'rxjs';
import {
  chatMessages,
  concatMapBounded,
  DataSendError,
  PayloadTooLargeError,
  publishDtmf,
  RecipientNotFoundError,
  sendChatMessage,
} from 'livekit-rx';
import { TestRoom } from 'livekit-rx/testing';
import { listenerTotal } from './room/helpers';
import { testScheduler } from './scheduler';

describe('sendChatMessage on a TestRoom', () => {
  it('sends when subscribed, emits the sent ChatMessage, completes; cold: once per subscription', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }] });
      room.localParticipant.dataSendLatency = 2;
      const hello$ = sendChatMessage(room, 'hello', { destinationIdentities: ['bob'] });
      expectObservable(hello$).toBe('--(m|)', {
        m: { id: 'CM_TR_1', timestamp: 0, message: 'hello' },
      });
      expectObservable(cold('---s').pipe(concatMap(() => hello$))).toBe('-----m', {
        m: { id: 'CM_TR_2', timestamp: 3, message: 'hello' },
      });
      flush();
      expect(room.sent).toEqual([
        { type: 'chat', message: 'hello', destinationIdentities: ['bob'] },
        { type: 'chat', message: 'hello', destinationIdentities: ['bob'] },
      ]);
      expect(listenerTotal(room)).toBe(0);
    });
  });

  it('a chat bot: answers each message to its sender, in order, with a bounded queue', () => {
    testScheduler().run(({ hot, expectObservable, flush }) => {
      const room = new TestRoom({ participants: [{ identity: 'ann' }, { identity: 'bo' }] });
      room.localParticipant.dataSendLatency = 3;
      room.play(
        hot('-a-b', {
          a: { type: 'chat', from: 'ann', message: 'hi' },
          b: { type: 'chat', from: 'bo', message: 'yo' },
        }),
      );
      const replies$ = chatMessages(room).pipe(
        concatMapBounded(({ message, participant }) =>
          sendChatMessage(room, `echo: ${message.message}`, {
            destinationIdentities: participant ? [participant.identity] : [],
          }),
        ),
      );
      // ann's reply leaves at 1 (sent at 4), bo's waits for it: leaves at 4, sent at 7.
      expectObservable(replies$, '^ 9ms !').toBe('----a--b', {
        a: { id: 'CM_TR_2', timestamp: 1, message: 'echo: hi' },
        b: { id: 'CM_TR_4', timestamp: 4, message: 'echo: yo' },
      });
      flush();
      expect(room.sent).toEqual([
        { type: 'chat', message: 'echo: hi', destinationIdentities: ['ann'] },
        { type: 'chat', message: 'echo: yo', destinationIdentities: ['bo'] },
      ]);
    });
  });

  it('refuses a message over 15 KiB and a destination not in the room, sending nothing', () => {
    testScheduler().run(({ expectObservable, flush }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }] });
      expectObservable(sendChatMessage(room, 'x'.repeat(15 * 1024 + 1))).toBe(
        '#',
        undefined,
        new PayloadTooLargeError({
          sink: 'sendChatMessage',
          index: 0,
          byteLength: 15_361,
          limit: 15_360,
          reliable: true,
          topic: undefined,
        }),
      );
      expectObservable(sendChatMessage(room, 'hi', { destinationIdentities: ['bob', 'zed'] })).toBe(
        '#',
        undefined,
        new RecipientNotFoundError({
          sink: 'sendChatMessage',
          index: 0,
          missing: ['zed'],
          present: ['bob'],
        }),
      );
      flush();
      expect(room.sent).toEqual([]);
    });
    expect(() =>
      sendChatMessage(new TestRoom(), 'hi', { destinationIdentities: [42 as unknown as string] }),
    ).toThrow(TypeError);
  });

  it('a refusal and a disconnect before it is sent are DataSendErrors; unsubscribing ignores the result', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const refused = new TestRoom();
      const no = new Error('no canPublishData');
      refused.localParticipant.rejectData = no;
      expectObservable(sendChatMessage(refused, 'hi')).toBe(
        '#',
        undefined,
        new DataSendError(
          { sink: 'sendChatMessage', reason: 'rejected', index: 0, unsent: 1, detail: no.message },
          no,
        ),
      );
      const leaving = new TestRoom();
      leaving.localParticipant.dataSendLatency = 5;
      leaving.play(
        hot('--x', { x: { type: 'disconnect', reason: DisconnectReason.ROOM_DELETED } }),
      );
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
      const slow = new TestRoom();
      slow.localParticipant.dataSendLatency = 5;
      expectObservable(sendChatMessage(slow, 'hi'), '^-!').toBe('---');
    });
  });
});

describe('publishDtmf on a TestRoom', () => {
  it('sends the tone when subscribed, emits it and completes; dials a sequence with concatMap', () => {
    testScheduler().run(({ expectObservable, flush }) => {
      const room = new TestRoom();
      room.localParticipant.dataSendLatency = 1;
      const digits = '0123456789*#ABCD';
      expectObservable(
        from('1*#').pipe(concatMap((digit) => publishDtmf(room, digits.indexOf(digit), digit))),
      ).toBe('-ab(c|)', {
        a: { code: 1, digit: '1' },
        b: { code: 10, digit: '*' },
        c: { code: 11, digit: '#' },
      });
      flush();
      expect(room.sent).toEqual([
        { type: 'dtmf', code: 1, digit: '1' },
        { type: 'dtmf', code: 10, digit: '*' },
        { type: 'dtmf', code: 11, digit: '#' },
      ]);
    });
  });

  it('throws a RangeError at once for a tone outside RFC 4733 or a code and digit that differ', () => {
    const room = new TestRoom();
    expect(() => publishDtmf(room, 16, 'A')).toThrow(RangeError);
    expect(() => publishDtmf(room, 1.5, '1')).toThrow(RangeError);
    expect(() => publishDtmf(room, 1, '2')).toThrow(
      new RangeError(
        `publishDtmf: code 1 and digit "2" are not a DTMF tone (codes 0-9 are the digits, ` +
          `10 is '*', 11 '#', 12-15 'A'-'D')`,
      ),
    );
    expect(() => publishDtmf(room, 12, 'a')).not.toThrow();
  });
});
