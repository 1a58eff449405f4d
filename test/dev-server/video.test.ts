import { RoomEvent, TrackKind, VideoStream, type Track } from '@livekit/rtc-node';
import { next, useDevServer } from './helpers';
import { publishVideo } from './media';

const rooms = useDevServer();

/** The sizes of the next `count` decoded frames of a remote video track. */
async function frameSizes(track: Track, count: number): Promise<string[]> {
  const sizes: string[] = [];
  for await (const { frame } of new VideoStream(track)) {
    sizes.push(`${frame.width}x${frame.height}`);
    if (sizes.length === count) break;
  }
  return sizes;
}

describe('dev server: video', () => {
  it('forwards VP8: the subscriber decodes frames (its PLI reaches the publisher)', async () => {
    // Regression test of pitfall 5: nothing decodes until a subscriber's PLI is passed on.
    const alice = await rooms.join('alice', 'video');
    const bob = await rooms.join('bob', 'video');
    const subscribed = next(bob, RoomEvent.TrackSubscribed);
    const camera = await publishVideo(alice, { width: 320, height: 180 });
    const [track, publication] = await subscribed;
    expect([publication.sid, publication.kind]).toEqual([
      camera.publication.sid,
      TrackKind.KIND_VIDEO,
    ]);
    const sizes = await frameSizes(track, 10);
    await camera.stop();
    expect(sizes).toEqual(Array(10).fill('320x180'));
  });

  it('forwards one fixed layer of a simulcast publisher', async () => {
    const alice = await rooms.join('alice', 'simulcast');
    const bob = await rooms.join('bob', 'simulcast');
    const subscribed = next(bob, RoomEvent.TrackSubscribed);
    const camera = await publishVideo(alice, { width: 640, height: 360, simulcast: true });
    const [track] = await subscribed;
    const sizes = await frameSizes(track, 10);
    await camera.stop();
    // rtc-node sends two layers for 640x360 (rids h and q, h first and full size); the server
    // forwards the first one offered, and only that one.
    expect(sizes).toEqual(Array(10).fill('640x360'));
  });
});
