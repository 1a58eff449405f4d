import { ConnectionState, TrackKind } from '@livekit/rtc-node';
import { asyncScheduler, finalize, map, of, throwError, timer } from 'rxjs';
import {
  RoomNotConnectedError,
  rtcStats,
  RtcStatsError,
  type RtcSessionStats,
  type RtcStatsReport,
} from 'livekit-rx';
import { TestRoom } from 'livekit-rx/testing';
import { listenerTotal } from '../room/helpers';
import { testScheduler } from '../scheduler';

const empty: RtcSessionStats = { publisherStats: [], subscriberStats: [] };
const disconnect = { x: { type: 'disconnect' as const } };
const summary = map((r: RtcStatsReport) => ({ at: r.at, skipped: r.skipped }));

/** A report of a local microphone (sending) and alice's track TR_a (received) at `seconds`. */
function report(seconds: number, sentBytes: number, receivedBytes: number): RtcSessionStats {
  const rtc = (id: string) => ({ id, timestamp: BigInt(seconds * 1_000_000) });
  return {
    publisherStats: [
      { stats: { case: 'codec', value: { rtc: rtc('C1'), codec: { mimeType: 'audio/opus' } } } },
      {
        stats: {
          case: 'outboundRtp',
          value: {
            rtc: rtc('O1'),
            stream: { ssrc: 11, kind: 'audio', transportId: 'T1', codecId: 'C1' },
            sent: { packetsSent: BigInt(seconds * 50), bytesSent: BigInt(sentBytes) },
            outbound: { mediaSourceId: 'S1', remoteId: 'RI1', targetBitrate: 48000 },
          },
        },
      },
      {
        stats: {
          case: 'mediaSource',
          value: {
            rtc: rtc('S1'),
            source: { trackIdentifier: 'uuid-mic', kind: 'audio' },
            audio: { audioLevel: 0.5 },
          },
        },
      },
      {
        stats: {
          case: 'remoteInboundRtp',
          value: {
            rtc: rtc('RI1'),
            received: { packetsLost: 3n, jitter: 0.004 },
            remoteInbound: { roundTripTime: 0.05, roundTripTimeMeasurements: 2n },
          },
        },
      },
    ],
    subscriberStats: [
      {
        stats: {
          case: 'inboundRtp',
          value: {
            rtc: rtc('I1'),
            stream: { ssrc: 22, kind: 'audio', transportId: 'T2' },
            received: { packetsReceived: 90n, packetsLost: 1n, jitter: 0.002 },
            inbound: {
              trackIdentifier: 'TR_a',
              bytesReceived: BigInt(receivedBytes),
              audioLevel: 0.25,
            },
          },
        },
      },
      {
        stats: {
          case: 'transport',
          value: { rtc: rtc('T2'), transport: { selectedCandidatePairId: 'CP2' } },
        },
      },
      {
        stats: {
          case: 'candidatePair',
          value: { rtc: rtc('CP2'), candidatePair: { currentRoundTripTime: 0.012 } },
        },
      },
    ],
  };
}

describe('rtcStats', () => {
  it('asks at once and then every everyMs, emits each report, completes on disconnect and removes its listeners', () => {
    const room = new TestRoom();
    testScheduler().run(({ cold, expectObservable }) => {
      room.play(cold('-----------------------------------x', disconnect));
      expectObservable(rtcStats(room, { everyMs: 10 }).pipe(summary)).toBe(
        'a---------b---------c---------d----|',
        {
          a: { at: 0, skipped: 0 },
          b: { at: 10, skipped: 0 },
          c: { at: 20, skipped: 0 },
          d: { at: 30, skipped: 0 },
        },
      );
    });
    expect(listenerTotal(room)).toBe(0);
  });

  it('keeps one request in flight: slow answers skip ticks instead of piling up; a pending one is abandoned on disconnect', () => {
    const room = new TestRoom();
    const log: string[] = [];
    room.respondToRtcStats((call) => {
      const asked = asyncScheduler.now();
      return timer(25).pipe(
        map(() => empty),
        finalize(() => log.push(`call ${call} asked at ${asked}, over at ${asyncScheduler.now()}`)),
      );
    });
    testScheduler().run(({ cold, expectObservable }) => {
      room.play(cold('---------------------------------------------x', disconnect));
      // Calls at 0 and 30; the ticks at 10, 20 and 40 find a call pending and are skipped.
      expectObservable(rtcStats(room, { everyMs: 10 }).pipe(summary)).toBe('25ms a 19ms |', {
        a: { at: 25, skipped: 2 },
      });
    });
    expect(log).toEqual(['call 0 asked at 0, over at 25', 'call 1 asked at 30, over at 45']);
  });

  it('derives per-track figures: bitrate from the reports’ own timestamps, loss, jitter, RTT, level, the sender', () => {
    const room = new TestRoom({
      participants: [{ identity: 'alice', tracks: [{ sid: 'TR_a', name: 'mic' }] }],
    });
    void room.localParticipant.publishTrack({ name: 'mic', kind: TrackKind.KIND_AUDIO });
    const reports = [report(100, 10_000, 20_000), report(101, 16_000, 24_000)];
    room.respondToRtcStats((call) => of(reports[call] ?? empty));
    testScheduler().run(({ expectObservable }) => {
      const tracks = rtcStats(room, { everyMs: 1000 }).pipe(map((r) => r.tracks));
      const outbound = {
        direction: 'outbound',
        kind: 'audio',
        trackSid: 'TR_1',
        participantIdentity: 'local',
        trackIdentifier: 'uuid-mic',
        ssrc: 11,
        mimeType: 'audio/opus',
        targetBitrate: 48000,
        packetsLost: 3,
        jitter: 0.004,
        roundTripTime: 0.05,
        audioLevel: 0.5,
      };
      const inbound = {
        direction: 'inbound',
        kind: 'audio',
        trackSid: 'TR_a',
        participantIdentity: 'alice',
        trackIdentifier: 'TR_a',
        ssrc: 22,
        mimeType: undefined,
        targetBitrate: undefined,
        packets: 90,
        packetsLost: 1,
        jitter: 0.002,
        roundTripTime: 0.012, // no RTCP measurement: the candidate pair's
        audioLevel: 0.25,
      };
      expectObservable(tracks, '^ 1500ms !').toBe('a 999ms b', {
        a: [
          { ...outbound, bytes: 10_000, packets: 5000, bitrate: undefined },
          { ...inbound, bytes: 20_000, bitrate: undefined },
        ],
        b: [
          { ...outbound, bytes: 16_000, packets: 5050, bitrate: 48_000 },
          { ...inbound, bytes: 24_000, bitrate: 32_000 },
        ],
      });
    });
  });

  it('leaves an outbound track unattributed when two local publications of its kind could be it', () => {
    const room = new TestRoom();
    void room.localParticipant.publishTrack({ name: 'a' });
    void room.localParticipant.publishTrack({ name: 'b' });
    room.respondToRtcStats(() => of(report(1, 1, 1)));
    testScheduler().run(({ expectObservable }) => {
      expectObservable(
        rtcStats(room).pipe(
          map((r) => r.tracks.map((t) => [t.direction, t.trackSid, t.participantIdentity])),
        ),
        '^ 10ms !',
      ).toBe('a', {
        a: [
          ['outbound', undefined, 'local'],
          ['inbound', undefined, undefined],
        ],
      });
    });
  });

  it('fails with an RtcStatsError when a request fails while connected; a failure while disconnecting is not one', () => {
    const room = new TestRoom();
    const cause = new Error('native says no');
    room.respondToRtcStats((call) => (call === 0 ? of(empty) : throwError(() => cause)));
    testScheduler().run(({ expectObservable }) => {
      expectObservable(rtcStats(room, { everyMs: 10 }).pipe(summary)).toBe(
        'a---------#',
        { a: { at: 0, skipped: 0 } },
        new RtcStatsError({ source: 'rtcStats', call: 1 }, cause),
      );
    });
  });

  it('refuses a disconnected room, a bad period and a room without statistics', () => {
    const room = new TestRoom();
    void room.disconnect();
    testScheduler().run(({ expectObservable }) => {
      expectObservable(rtcStats(room)).toBe(
        '#',
        undefined,
        new RoomNotConnectedError({
          source: 'rtcStats',
          connectionState: ConnectionState.CONN_DISCONNECTED,
        }),
      );
    });
    expect(() => rtcStats(new TestRoom(), { everyMs: 0 })).toThrow(RangeError);
    const noStats = { on: () => undefined, off: () => undefined, remoteParticipants: new Map() };
    expect(() => rtcStats(noStats as unknown as TestRoom)).toThrow(TypeError);
    return expect(room.getRtcStats()).rejects.toThrow('requires a connected room');
  });
});
