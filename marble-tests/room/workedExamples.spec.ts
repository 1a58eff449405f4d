// The two worked examples of docs/testing.md: application logic over a room, tested in virtual time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { map } from 'rxjs';
import { TestRoom, type TestRoomAction } from 'livekit-rx/testing';
import { greetAgents } from '../../examples/room-logic/greetAgents';
import { recordWhileTwoOrMore } from '../../examples/room-logic/recordWhileTwoOrMore';
import { testScheduler } from '../scheduler';

describe('worked example: greet every participant who joins with role=agent', () => {
  it('greets agents on arrival or on promotion, once each, and nobody else', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const room = new TestRoom({ local: { identity: 'host' } });
      const script: Record<string, TestRoomAction> = {
        u: { type: 'join', identity: 'user', attributes: { role: 'user' } },
        a: { type: 'join', identity: 'agent-1', attributes: { role: 'agent' } },
        p: { type: 'attributes', identity: 'user', attributes: { role: 'agent' } },
        q: { type: 'attributes', identity: 'user', attributes: { role: 'agent', mood: 'ok' } },
        l: { type: 'leave', identity: 'agent-1' },
        x: { type: 'disconnect' },
      };
      room.play(hot('  -u--a--p--q--l--x', script));
      const greeted = '----a--u--------|';
      expectObservable(greetAgents(room, room.localParticipant)).toBe(greeted, {
        a: 'agent-1',
        u: 'user',
      });
      expectObservable(
        room.sent$.pipe(
          map((s) => (s.type === 'text' ? `${s.text} -> ${s.destinationIdentities}` : s.type)),
        ),
      ).toBe('----a--u----', { a: 'welcome, agent-1 -> agent-1', u: 'welcome, user -> user' });
    });
  });
});

describe('worked example: record only while two or more participants are present', () => {
  it('records in 10 ms chunks while the roster has two or more, pausing below', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const room = new TestRoom({ participants: [{ identity: 'alice' }] });
      room.play(
        hot('5ms b 32ms l 9ms c 24ms x', {
          b: { type: 'join', identity: 'bob' },
          l: { type: 'leave', identity: 'alice' },
          c: { type: 'join', identity: 'carol' },
          x: { type: 'disconnect' },
        }),
      );
      // bob joins at 5 ms: chunks 0, 1, 2 at 15, 25, 35; alice leaves at 38: paused;
      // carol joins at 48: chunks 0, 1 at 58, 68; the room disconnects at 73: done.
      expectObservable(recordWhileTwoOrMore(room, 10)).toBe(
        '15ms 0 9ms 1 9ms 2 22ms 0 9ms 1 4ms |',
        {
          0: 0,
          1: 1,
          2: 2,
        },
      );
    });
  });
});

describe('docs/testing.md', () => {
  it('quotes the worked examples and their tests exactly as they are in the repository', () => {
    const root = join(__dirname, '..', '..');
    const guide = readFileSync(join(root, 'docs', 'testing.md'), 'utf8');
    for (const file of [
      'examples/room-logic/greetAgents.ts',
      'examples/room-logic/recordWhileTwoOrMore.ts',
      'marble-tests/room/workedExamples.spec.ts',
    ]) {
      expect({
        file,
        quoted: guide.includes(readFileSync(join(root, file), 'utf8').trim()),
      }).toEqual({
        file,
        quoted: true,
      });
    }
  });
});
