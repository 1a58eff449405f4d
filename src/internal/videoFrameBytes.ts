import { VideoBufferType } from '@livekit/rtc-node';

/**
 * The bytes a video frame of `type` and size needs (chroma planes rounded up for odd sizes), or
 * undefined for a type it does not know. rtc-node reads frames through a pointer, trusting the
 * size: a shorter buffer would be read past its end.
 * @internal
 */
export function videoFrameBytes(
  type: VideoBufferType,
  width: number,
  height: number,
): number | undefined {
  const luma = width * height;
  const chroma = Math.ceil(width / 2) * Math.ceil(height / 2);
  switch (type) {
    case VideoBufferType.RGBA:
    case VideoBufferType.ABGR:
    case VideoBufferType.ARGB:
    case VideoBufferType.BGRA:
      return luma * 4;
    case VideoBufferType.RGB24:
    case VideoBufferType.I444:
      return luma * 3;
    case VideoBufferType.I420:
    case VideoBufferType.NV12:
      return luma + 2 * chroma;
    case VideoBufferType.I420A:
      return 2 * luma + 2 * chroma;
    case VideoBufferType.I422:
      return luma + 2 * Math.ceil(width / 2) * height;
    case VideoBufferType.I010:
      return 2 * (luma + 2 * chroma);
    default:
      return undefined;
  }
}
