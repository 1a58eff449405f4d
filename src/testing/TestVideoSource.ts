import { VideoRotation, type VideoFrame } from '@livekit/rtc-node';

/** One frame a {@link TestVideoSource} captured, with what came with it. */
export interface TestVideoCapture {
  readonly frame: VideoFrame;
  readonly timestampUs: bigint;
  readonly rotation: VideoRotation;
}

/**
 * A stand-in for rtc-node's `VideoSource` that records what it captures, without the native
 * runtime. A `TestRoom` gives one to `publishVideo`; read it from the published track's `source`.
 *
 * ```text
 * captureFrame(f, 33000n)  -> captured: [{ frame: f, timestampUs: 33000n, rotation: 0 }]
 * ```
 *
 * @example
 * ```ts
 * import { VideoBufferType, VideoFrame } from '@livekit/rtc-node';
 * import { TestVideoSource } from 'livekit-rx/testing';
 * const source = new TestVideoSource(2, 2);
 * source.captureFrame(new VideoFrame(new Uint8Array(16), 2, 2, VideoBufferType.RGBA));
 * source.captured.length; // 1
 * ```
 */
export class TestVideoSource {
  /** Every captured frame, in order. */
  readonly captured: TestVideoCapture[] = [];
  /** Whether `close()` was called (captures then throw, as rtc-node's do). */
  closed = false;

  /**
   * @param width - The source's width in pixels.
   * @param height - The source's height in pixels.
   */
  constructor(
    readonly width: number,
    readonly height: number,
  ) {}

  /** Records a frame (rtc-node's `captureFrame`, which is synchronous too). */
  captureFrame(
    frame: VideoFrame,
    timestampUs = BigInt(0),
    rotation: VideoRotation = VideoRotation.VIDEO_ROTATION_0,
  ): void {
    if (this.closed) throw new Error('VideoSource is closed');
    this.captured.push({ frame, timestampUs, rotation });
  }

  /** Closes the source. */
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
