import type { SignalResponse } from '@livekit/protocol';
import {
  AudioSource,
  LocalAudioTrack,
  TrackPublishOptions,
  TrackSource,
  type LocalTrackPublication,
  type Room,
} from '@livekit/rtc-node';
import { DevParticipant } from '../../packages/dev-server/src/internal/DevParticipant';
import { recordNativeLogs, type NativeLogRecord } from '../helpers/nativeLogs';
import { useDevServer } from './helpers';

const rooms = useDevServer();

/** Publishes a fresh microphone track; the source and track are closed after the test. */
const opened: { close(): Promise<void> }[] = [];
async function publishMicrophone(room: Room): Promise<LocalTrackPublication> {
  const source = new AudioSource(48000, 1);
  const track = LocalAudioTrack.createAudioTrack('mic', source);
  opened.push(track, source);
  const options = new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE });
  return (await room.localParticipant?.publishTrack(track, options)) as LocalTrackPublication;
}
afterEach(async () => {
  for (const handle of opened.splice(0)) await handle.close();
});

/**
 * Intercepts what the server signals: `holdAnswers()` holds back its answers to publisher offers
 * (all of them) until `release()`; `fastPublish` overrides the JoinResponse's flag. Install it
 * before the client joins.
 */
function interceptSignals(options: { fastPublish?: boolean } = {}) {
  const send = DevParticipant.prototype.send;
  const waiting: (() => void)[] = [];
  let holding = false;
  let onHeld = (): void => undefined;
  const held = new Promise<void>((resolve) => (onHeld = resolve));
  const spy = jest.spyOn(DevParticipant.prototype, 'send').mockImplementation(function (
    this: DevParticipant,
    message: SignalResponse['message'],
  ) {
    if (message.case === 'join' && options.fastPublish !== undefined) {
      message.value.fastPublish = options.fastPublish;
    }
    if (!holding || message.case !== 'answer') return send.call(this, message);
    waiting.push(() => send.call(this, message));
    onHeld();
  });
  const release = () => {
    holding = false;
    for (const deliver of waiting.splice(0)) deliver();
  };
  return {
    /** Holds answers from now on; resolves once one is held. */
    holdAnswers: (): Promise<void> => {
      holding = true;
      return held;
    },
    release,
    restore: () => {
      spy.mockRestore();
      release();
    },
  };
}

const count = (records: readonly NativeLogRecord[], text: string) =>
  records.filter((r) => r.message.includes(text)).length;

describe('dev server: publisher renegotiation', () => {
  // rtc-node 1.1.0 (livekit-ffi 0.12.73) deadlocks its signalling task when a publisher
  // negotiation is requested while an offer awaits its answer and the client negotiates in the
  // debounced mode (`fast_publish` false in the JoinResponse): applying the answer re-locks a
  // non-reentrant mutex it holds (PeerTransport::set_remote_description -> create_and_send_offer,
  // fixed upstream in livekit/rust-sdks#1252, livekit-ffi 0.12.74). Every later signal message,
  // TrackPublishedResponse included, then waits forever: "track publication timed out" after
  // 10 s, and disconnect() hangs. livekit-server sends `fast_publish: true` to a participant that
  // may publish, and in that mode the client queues the second negotiation until the answer
  // has come. The dev server does the same; this test forces the interleaving that deadlocked.
  async function lateAnswerOverlappedBySecondChange(room: string, fastPublish?: boolean) {
    const signals = interceptSignals(fastPublish === undefined ? {} : { fastPublish });
    try {
      const alice = await rooms.join('alice', room);
      const logs = recordNativeLogs();
      try {
        const held = signals.holdAnswers();
        const first = await publishMicrophone(alice);
        await held; // the client's offer for `first` is waiting for its answer
        await alice.localParticipant?.unpublishTrack(first.sid as string);
        // The client has taken the second negotiation into account: the debounced mode ran it
        // (it found the offer in flight and deferred it to the answer), or the fast mode queued it.
        await logs.until(
          (records) =>
            count(records, 'negotiating the publisher (debounced)') >= 2 ||
            count(records, 'marking for retry') >= 1,
        );
        signals.release();
        const second = await publishMicrophone(alice);
        expect(second.sid).toMatch(/^TR_/);
        await alice.localParticipant?.unpublishTrack(second.sid as string);
        return logs.records;
      } finally {
        logs.stop();
      }
    } finally {
      signals.restore();
    }
  }

  it('answers a publication after a late answer to an offer that a second change overlapped', async () => {
    await lateAnswerOverlappedBySecondChange('late-answer');
  });

  // The same interleaving in the debounced mode, which deadlocked livekit-ffi 0.12.73 (the
  // publication timed out after 10 s and disconnect() hung; checked again with 0.12.73 when the
  // project moved to @livekit/rtc-ffi-bindings 0.12.75). 0.12.75 carries the fix.
  it('with fast_publish false (the debounced mode) too: the native runtime no longer deadlocks', async () => {
    const records = await lateAnswerOverlappedBySecondChange('late-answer-debounced', false);
    expect(count(records, 'negotiating the publisher (debounced)')).toBeGreaterThanOrEqual(2);
  });
});
