import { Subject } from 'rxjs';
import {
  publishTranscription,
  QueueOverflowError,
  transcriptions,
  type TranscriptionSegmentInput,
} from 'livekit-rx';
import { TestRoom, type TestRoomSent } from 'livekit-rx/testing';
import { testScheduler } from '../scheduler';

describe('publishTranscription', () => {
  it("as text streams on lk.transcription (agents' protocol), one per update, a new segment id after each final", () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const r = new TestRoom();
      const results = cold<TranscriptionSegmentInput>('-a-b-c-d|', {
        a: { text: 'hel', final: false },
        b: { text: 'hello', final: true },
        c: { text: 'wor', final: false, id: 'mine' },
        d: { text: 'world', final: true, id: 'mine' },
      });
      const sent = (index: number, segmentId: string, text: string, final: boolean) => ({
        type: 'sent',
        index,
        segmentId,
        text,
        final,
        streamId: `OUT_${index + 1}`,
      });
      expectObservable(results.pipe(publishTranscription(r, { trackSid: 'TR_mic' }))).toBe(
        '-a-b-c-d|',
        {
          a: sent(0, expect.stringMatching(/^SG_/) as unknown as string, 'hel', false),
          b: sent(1, expect.stringMatching(/^SG_/) as unknown as string, 'hello', true),
          c: sent(2, 'mine', 'wor', false),
          d: sent(3, 'mine', 'world', true),
        },
      );
    });
  });

  it('records each update as a text stream with the transcription attributes', () => {
    const r = new TestRoom();
    const input = new Subject<TranscriptionSegmentInput>();
    input.pipe(publishTranscription(r, { trackSid: 'TR_mic' })).subscribe();
    input.next({ text: 'hi', final: false });
    input.next({ text: 'hi there', final: true });
    input.next({ text: 'next', final: false });
    const texts = r.sent as Extract<TestRoomSent, { type: 'text' }>[];
    expect(texts.map((t) => [t.topic, t.text, t.attributes['lk.transcription_final']])).toEqual([
      ['lk.transcription', 'hi', 'false'],
      ['lk.transcription', 'hi there', 'true'],
      ['lk.transcription', 'next', 'false'],
    ]);
    const ids = texts.map((t) => t.attributes['lk.segment_id']);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
    expect(texts.every((t) => t.attributes['lk.transcribed_track_id'] === 'TR_mic')).toBe(true);
  });

  it("via 'packet': rtc-node's publishTranscription; 'both': the packet, then the stream", () => {
    const r = new TestRoom({ local: { identity: 'agent' } });
    const input = new Subject<TranscriptionSegmentInput>();
    input
      .pipe(
        publishTranscription(r, { via: 'both', trackSid: 'TR_1', participantIdentity: 'alice' }),
      )
      .subscribe();
    input.next({
      text: 'hola',
      final: true,
      id: 'S1',
      startTime: 10,
      endTime: 900,
      language: 'es',
    });
    expect(r.sent.map((s) => s.type)).toEqual(['transcription', 'text']);
    expect(r.sent[0]).toEqual({
      type: 'transcription',
      participantIdentity: 'alice',
      trackSid: 'TR_1',
      segments: [
        { id: 'S1', text: 'hola', startTime: 10n, endTime: 900n, language: 'es', final: true },
      ],
    });
    const packets = new TestRoom({ local: { identity: 'agent' } });
    const only = new Subject<TranscriptionSegmentInput>();
    only.pipe(publishTranscription(packets, { via: 'packet' })).subscribe();
    only.next({ text: 'x', final: false });
    expect(packets.sent).toEqual([
      {
        type: 'transcription',
        participantIdentity: 'agent',
        trackSid: '',
        segments: [expect.objectContaining({ text: 'x', final: false, startTime: 0n })],
      },
    ]);
  });

  it('sends one update at a time; a full queue is a QueueOverflowError named after the sink', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const r = new TestRoom({ dataStreams: { writeTime: 4 } });
      const results = cold<TranscriptionSegmentInput>('abc', {
        a: { text: 'a', final: false },
        b: { text: 'b', final: false },
        c: { text: 'c', final: false },
      });
      expectObservable(results.pipe(publishTranscription(r, { bufferSize: 1 }))).toBe(
        '--#',
        undefined,
        new QueueOverflowError({ operator: 'publishTranscription', bufferSize: 1, index: 2 }),
      );
    });
  });

  it('a TestRoom receiving what a publisher sent: transcriptions() sees the same segments', () => {
    // The other side of the wire: replay what one room recorded as incoming streams on another.
    const sender = new TestRoom({ local: { identity: 'agent' } });
    const input = new Subject<TranscriptionSegmentInput>();
    input.pipe(publishTranscription(sender, { trackSid: 'TR_mic' })).subscribe();
    input.next({ text: 'good', final: false, id: 'SG' });
    input.next({ text: 'good day', final: true, id: 'SG' });
    const receiver = new TestRoom({ participants: [{ identity: 'agent' }] });
    const seen: string[] = [];
    transcriptions(receiver).subscribe(
      (u) => u.ended && seen.push(`${u.segmentId}:${u.text}:${u.final}`),
    );
    for (const s of sender.sent) {
      if (s.type === 'text')
        receiver.receiveTextStream('agent', s.topic ?? '', [s.text], s.attributes);
    }
    expect(seen).toEqual(['SG:good:false', 'SG:good day:true']);
  });

  it('rejects a bad via at once', () => {
    expect(() => publishTranscription(new TestRoom(), { via: 'carrier-pigeon' as never })).toThrow(
      TypeError,
    );
  });
});
