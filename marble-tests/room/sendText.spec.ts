import {
  DataStreamError,
  RoomNotConnectedError,
  sendText,
  RecipientNotFoundError,
} from 'livekit-rx';
import { TestRoom } from 'livekit-rx/testing';
import { testScheduler } from '../scheduler';

const room = () => new TestRoom({ participants: [{ identity: 'bob' }] });

describe('sendText: a whole text as one stream, a cold one-shot', () => {
  it('sends once per subscription, emits the stream info and completes in the same frame', () => {
    testScheduler().run(({ expectObservable }) => {
      const r = room();
      expectObservable(sendText(r, 'héllo', { topic: 'chat', attributes: { a: 'b' } })).toBe(
        '(i|)',
        {
          i: {
            streamId: 'OUT_1',
            mimeType: 'text/plain',
            topic: 'chat',
            timestamp: 0,
            totalSize: 6,
            attributes: { a: 'b' },
          },
        },
      );
    });
  });

  it('records { type: "text" } for each subscription, nothing before', () => {
    const r = room();
    const once = sendText(r, 'hi', {
      topic: 'chat',
      destinationIdentities: ['bob'],
      streamId: 'S',
    });
    expect(r.sent).toEqual([]);
    once.subscribe();
    once.subscribe();
    const record = {
      type: 'text',
      streamId: 'S',
      text: 'hi',
      topic: 'chat',
      destinationIdentities: ['bob'],
      attributes: {},
    };
    expect(r.sent).toEqual([record, record]);
  });

  it('takes virtual time on a TestRoom with latencies, and ignores a result it was unsubscribed from', () => {
    testScheduler().run(({ expectObservable }) => {
      const r = new TestRoom({ dataStreams: { openTime: 1, writeTime: 1, closeTime: 1 } });
      expectObservable(sendText(r, 'x')).toBe('---(i|)', {
        i: expect.objectContaining({ topic: '' }),
      });
      expectObservable(sendText(r, 'y'), '^-!').toBe('');
    });
  });

  it('named errors: a destination not in the room, a room not connected, a disconnect before it is sent', () => {
    const r = room();
    const errorOf = (text: string, options = {}) => {
      let error: unknown;
      sendText(r, text, options).subscribe({ error: (e: unknown) => (error = e) });
      return error;
    };
    expect(errorOf('x', { destinationIdentities: ['zed'] })).toBeInstanceOf(RecipientNotFoundError);
    expect(r.sent).toEqual([]);

    testScheduler().run(({ hot, expectObservable }) => {
      const slow = new TestRoom({ dataStreams: { writeTime: 5 } });
      slow.play(hot('--x', { x: { type: 'disconnect' } }));
      expectObservable(sendText(slow, 'x', { topic: 't' })).toBe(
        '--#',
        undefined,
        new DataStreamError({
          source: 'sendText',
          streamKind: 'text',
          direction: 'outgoing',
          problem: 'room-disconnected',
          topic: 't',
          streamId: undefined,
          sender: undefined,
          chunks: 0,
          bytes: 0,
          detail: undefined,
        }),
      );
    });

    void r.disconnect();
    expect(errorOf('x')).toBeInstanceOf(RoomNotConnectedError);
    expect(() => sendText(r, 42 as unknown as string)).toThrow(TypeError);
  });
});
