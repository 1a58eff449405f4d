import { lastValueFrom, map, take, toArray } from 'rxjs';
import { testScheduler } from '../scheduler';
import { transcriptions, TopicInUseError } from 'livekit-rx';
import { TestRoom } from 'livekit-rx/testing';

const segment = {
  'lk.segment_id': 'SG_1',
  'lk.transcribed_track_id': 'TR_mic',
  'lk.transcription_final': 'true',
};

describe('transcriptions', () => {
  it('marbles: an update per chunk at its frame, then the end; a cut segment ends with its error, the others go on', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom({ participants: [{ identity: 'agent' }] });
      const cut = new Error('interrupted');
      room.play(
        cold('-s-t', {
          s: {
            type: 'text-stream',
            from: 'agent',
            topic: 'lk.transcription',
            chunks: cold('-a-#', { a: 'wh' }, cut),
            attributes: { 'lk.segment_id': 'S1' },
          },
          t: {
            type: 'text-stream',
            from: 'agent',
            topic: 'lk.transcription',
            chunks: cold('---b|', { b: 'ok' }),
            attributes: { ...segment, 'lk.segment_id': 'S2' },
          },
        }),
      );
      expectObservable(
        transcriptions(room).pipe(
          map((u) => `${u.segmentId}:${u.text}:${u.ended}:${u.final}:${u.error?.info.problem}`),
        ),
      ).toBe('--a-x-bc', {
        a: 'S1:wh:false:false:undefined',
        x: 'S1:wh:true:false:aborted',
        b: 'S2:ok:false:false:undefined',
        c: 'S2:ok:true:true:undefined',
      });
    });
  });

  it('emits the text so far per chunk, then a final update when the segment’s stream ends', async () => {
    const room = new TestRoom({ participants: [{ identity: 'agent' }] });
    const updates = lastValueFrom(transcriptions(room).pipe(take(3), toArray()));
    room.receiveTextStream('agent', 'lk.transcription', ['hel', 'lo'], segment);
    expect(await updates).toEqual([
      {
        senderIdentity: 'agent',
        trackSid: 'TR_mic',
        segmentId: 'SG_1',
        text: 'hel',
        delta: 'hel',
        ended: false,
        final: false,
      },
      {
        senderIdentity: 'agent',
        trackSid: 'TR_mic',
        segmentId: 'SG_1',
        text: 'hello',
        delta: 'lo',
        ended: false,
        final: false,
      },
      {
        senderIdentity: 'agent',
        trackSid: 'TR_mic',
        segmentId: 'SG_1',
        text: 'hello',
        delta: '',
        ended: true,
        final: true,
      },
    ]);
  });

  it('shares rtc-node’s one handler per topic among subscribers, and unregisters it when the last leaves', async () => {
    const room = new TestRoom({ participants: [{ identity: 'agent' }] });
    const first = lastValueFrom(transcriptions(room).pipe(take(2), toArray()));
    const second = lastValueFrom(transcriptions(room).pipe(take(2), toArray()));
    room.receiveTextStream('agent', 'lk.transcription', ['hi'], { 'lk.segment_id': 'SG_2' });
    const [a, b] = await Promise.all([first, second]);
    expect(a).toEqual(b);
    expect(a.map((u) => [u.text, u.ended, u.final])).toEqual([
      ['hi', false, false],
      ['hi', true, false],
    ]);
    expect(() => room.registerTextStreamHandler('lk.transcription', () => undefined)).not.toThrow();
  });

  it('fails with TopicInUseError when someone else holds the topic’s handler', () => {
    const room = new TestRoom();
    room.registerTextStreamHandler('lk.transcription', () => undefined);
    const errors: unknown[] = [];
    transcriptions(room).subscribe({ error: (e: unknown) => errors.push(e) });
    expect(errors[0]).toBeInstanceOf(TopicInUseError);
    expect((errors[0] as TopicInUseError).info).toEqual({
      source: 'transcriptions',
      topic: 'lk.transcription',
      streamKind: 'text',
    });
  });

  it('completes on disconnect and releases the topic', () => {
    const room = new TestRoom();
    let completed = false;
    transcriptions(room).subscribe({ complete: () => (completed = true) });
    room.serverDisconnect();
    expect(completed).toBe(true);
    expect(() => room.registerTextStreamHandler('lk.transcription', () => undefined)).not.toThrow();
  });
});
