import { ConnectionState } from '@livekit/rtc-node';
import { RoomNotConnectedError, rtcStats, subscribedTracks, type RtcTrackStats } from 'livekit-rx';
import { filter, firstValueFrom, lastValueFrom, map, skip, take, toArray } from 'rxjs';
import { useDevServer } from './helpers';
import { publishTone, receiveSound } from './media';

const rooms = useDevServer();

describe('dev server: rtcStats of real rtc-node clients', () => {
  it('alice’s outbound audio bitrate is within 20% of the Opus target; bob’s inbound is non-zero and attributed', async () => {
    const alice = await rooms.join('alice', 'stats');
    const bob = await rooms.join('bob', 'stats');
    const tone = await publishTone(alice, 440);
    const track = await firstValueFrom(
      subscribedTracks(bob).pipe(
        map((tracks) => tracks[0]?.track),
        filter((t) => t !== undefined),
      ),
    );
    await receiveSound(track, 20); // the audio is flowing end to end
    const outbound = (t: RtcTrackStats) => t.direction === 'outbound' && t.kind === 'audio';
    const inbound = (t: RtcTrackStats) => t.direction === 'inbound' && t.kind === 'audio';
    // Bitrates over 500 ms windows, the first (no previous sample) and the second (warm-up) left out.
    const [sent, received] = await Promise.all([
      lastValueFrom(
        rtcStats(alice, { everyMs: 500 }).pipe(
          skip(2),
          take(3),
          map((r) => r.tracks.find(outbound)),
          toArray(),
        ),
      ),
      lastValueFrom(
        rtcStats(bob, { everyMs: 500 }).pipe(
          skip(2),
          take(3),
          map((r) => r.tracks.find(inbound)),
          toArray(),
        ),
      ),
    ]);
    await tone.stop();
    for (const s of sent) {
      expect(s).toMatchObject({
        trackSid: tone.publication.sid,
        participantIdentity: 'alice',
        mimeType: 'audio/opus',
      });
      const target = s?.targetBitrate ?? NaN;
      expect(target).toBeGreaterThanOrEqual(24_000);
      expect(Math.abs((s?.bitrate ?? 0) - target) / target).toBeLessThan(0.2);
      expect(s?.audioLevel).toBeGreaterThan(0.3); // the sine's amplitude is half of full scale
    }
    for (const r of received) {
      expect(r).toMatchObject({ trackSid: tone.publication.sid, participantIdentity: 'alice' });
      expect(r?.bitrate).toBeGreaterThan(0);
      expect(r?.bytes).toBeGreaterThan(0);
      expect(r?.packets).toBeGreaterThan(0);
      expect(r?.packetsLost).toBeGreaterThanOrEqual(0);
      expect(r?.roundTripTime).toBeGreaterThanOrEqual(0);
    }
  });

  it('fails with a RoomNotConnectedError on a disconnected room', async () => {
    const carol = await rooms.join('carol', 'stats-gone');
    await carol.disconnect();
    await expect(firstValueFrom(rtcStats(carol))).rejects.toEqual(
      new RoomNotConnectedError({
        source: 'rtcStats',
        connectionState: ConnectionState.CONN_DISCONNECTED,
      }),
    );
  });

  it('completes when the room disconnects, abandoning a request in flight', async () => {
    const dave = await rooms.join('dave', 'stats-end');
    const reports = lastValueFrom(rtcStats(dave, { everyMs: 50 }).pipe(toArray()));
    await firstValueFrom(rtcStats(dave)); // a report has come
    await dave.disconnect();
    expect((await reports).length).toBeGreaterThan(0);
  });
});
