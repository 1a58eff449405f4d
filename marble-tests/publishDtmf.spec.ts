import { concatMap, from } from 'rxjs';
import { DataSendError, publishDtmf } from 'livekit-rx';
import { TestRoom } from 'livekit-rx/testing';
import { listenerTotal } from './room/helpers';
import { testScheduler } from './scheduler';

describe('publishDtmf on a TestRoom', () => {
  it('sends one tone when subscribed, emits it once acknowledged, then completes', () => {
    testScheduler().run(({ expectObservable, flush }) => {
      const room = new TestRoom();
      room.localParticipant.dataSendLatency = 3;
      expectObservable(publishDtmf(room, 11, '#')).toBe('---(t|)', {
        t: { code: 11, digit: '#' },
      });
      flush();
      expect(room.sent).toEqual([{ type: 'dtmf', code: 11, digit: '#' }]);
      expect(listenerTotal(room)).toBe(0);
    });
  });

  it('dials a sequence one tone after the other', () => {
    testScheduler().run(({ expectObservable, flush }) => {
      const room = new TestRoom();
      room.localParticipant.dataSendLatency = 2;
      const digits = '0123456789*#ABCD';
      expectObservable(
        from('12*A').pipe(concatMap((digit) => publishDtmf(room, digits.indexOf(digit), digit))),
      ).toBe('--a-b-c-(d|)', {
        a: { code: 1, digit: '1' },
        b: { code: 2, digit: '2' },
        c: { code: 10, digit: '*' },
        d: { code: 12, digit: 'A' },
      });
      flush();
      expect(room.sent.map((s) => (s.type === 'dtmf' ? s.digit : s.type))).toEqual([
        '1',
        '2',
        '*',
        'A',
      ]);
    });
  });

  it('throws a RangeError at once for a code and digit that are not one DTMF tone', () => {
    const room = new TestRoom();
    expect(() => publishDtmf(room, 16, 'E')).toThrow(
      new RangeError(
        "publishDtmf: code 16 and digit \"E\" are not a DTMF tone (codes 0-9 are the digits, 10 is '*', 11 '#', 12-15 'A'-'D')",
      ),
    );
    expect(() => publishDtmf(room, 1, '2')).toThrow(RangeError);
    expect(() => publishDtmf(room, 1.5, '1')).toThrow(RangeError);
    expect(() => publishDtmf(room, 1, 1 as unknown as string)).toThrow(RangeError);
    expect(room.sent).toEqual([]);
  });

  it('fails with a DataSendError when rtc-node refuses the tone', () => {
    testScheduler().run(({ expectObservable }) => {
      const room = new TestRoom();
      const refusal = new Error('not a SIP participant');
      room.localParticipant.rejectData = refusal;
      expectObservable(publishDtmf(room, 5, '5')).toBe(
        '#',
        undefined,
        new DataSendError(
          {
            sink: 'publishDtmf',
            reason: 'rejected',
            index: 0,
            unsent: 1,
            detail: 'not a SIP participant',
          },
          refusal,
        ),
      );
    });
  });
});
