import { map, Subject } from 'rxjs';
import { chatMessages, TopicInUseError } from 'livekit-rx';
import { TestRoom } from 'livekit-rx/testing';
import { testScheduler } from '../scheduler';
import { listenerTotal } from './helpers';

const json = (value: unknown) => JSON.stringify(value);

describe('chatMessages: every way LiveKit clients send chat', () => {
  it('chat packets, lk.chat text streams (whole, at their end) and legacy lk-chat-topic packets', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom({ participants: [{ identity: 'ann' }] });
      room.play(
        cold('-p-s-----l', {
          p: { type: 'chat', from: 'ann', message: 'from a chat packet' },
          s: {
            type: 'text-stream',
            from: 'ann',
            topic: 'lk.chat',
            chunks: cold('-a-b|', { a: 'from a ', b: 'stream' }),
          },
          l: {
            type: 'data',
            from: 'ann',
            topic: 'lk-chat-topic',
            payload: json({ id: 'L1', timestamp: 5, message: 'from an old client' }),
          },
        }),
      );
      expectObservable(
        chatMessages(room).pipe(
          map((m) => `${m.transport}|${m.participant?.identity}|${m.message.message}`),
        ),
      ).toBe('-p-----s-l', {
        p: 'chat-packet|ann|from a chat packet',
        s: 'text-stream|ann|from a stream',
        l: 'legacy-data|ann|from an old client',
      });
    });
  });

  it("a stream message has the stream's id and timestamp; its legacy copy and ignoreLegacy packets are skipped", () => {
    const room = new TestRoom({ participants: [{ identity: 'ann' }] });
    const seen: unknown[] = [];
    chatMessages(room).subscribe((m) => seen.push([m.transport, m.message]));
    room.receiveTextStream('ann', 'lk.chat', ['hi'], {}, { streamId: 'M1', timestamp: 42 });
    room.receiveData('ann', json({ id: 'M1', timestamp: 42, message: 'hi' }), {
      topic: 'lk-chat-topic',
    });
    room.receiveData('ann', json({ id: 'M2', timestamp: 1, message: 'x', ignoreLegacy: true }), {
      topic: 'lk-chat-topic',
    });
    room.receiveData('ann', 'not json', { topic: 'lk-chat-topic' });
    room.receiveData('ann', json({ id: 7 }), { topic: 'lk-chat-topic' });
    expect(seen).toEqual([['text-stream', { id: 'M1', timestamp: 42, message: 'hi' }]]);
  });

  it('a stream cut short is no message; the others go on', () => {
    const room = new TestRoom({ participants: [{ identity: 'ann' }, { identity: 'bo' }] });
    const seen: string[] = [];
    chatMessages(room).subscribe((m) => seen.push(m.message.message));
    const cut = new Subject<string>();
    room.receiveTextStream('ann', 'lk.chat', cut);
    cut.next('half a mess');
    room.receiveTextStream('bo', 'lk.chat', ['whole']);
    room.leave('ann');
    expect(seen).toEqual(['whole']);
  });

  it('shares lk.chat with textStreams, fails with TopicInUseError when it is taken, and leaves nothing', () => {
    const room = new TestRoom();
    const subscription = chatMessages(room).subscribe();
    expect(room.streamHandlerTopics()).toEqual(['lk.chat']);
    subscription.unsubscribe();
    expect([room.streamHandlerTopics(), listenerTotal(room)]).toEqual([[], 0]);
    room.registerTextStreamHandler('lk.chat', () => undefined);
    const errors: unknown[] = [];
    chatMessages(room).subscribe({ error: (e: unknown) => errors.push(e) });
    expect((errors[0] as TopicInUseError).info).toEqual({
      source: 'chatMessages',
      topic: 'lk.chat',
      streamKind: 'text',
    });
    expect(listenerTotal(room)).toBe(0);
  });
});
