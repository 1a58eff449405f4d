import type { LocalTrackMuteResponse } from '@livekit/rtc-ffi-bindings';

/** rtc-node's FFI client, as it registers itself process-wide (`FfiClient.instance`). */
interface FfiClientLike {
  request(request: {
    message: { case: 'localTrackMute'; value: { trackHandle: bigint; mute: boolean } };
  }): LocalTrackMuteResponse;
}

/** A local rtc-node track: its native handle. */
export interface NativeTrack {
  readonly ffi_handle: { readonly handle: bigint };
}

/**
 * Mutes or unmutes a local track through the FFI `localTrackMute` request: rtc-node 1.1.0 has no
 * JS API for it. The native side applies it, tells the server, and the room emits
 * `TrackMuted`/`TrackUnmuted`. The request goes through rtc-node's own FFI client (the
 * process-wide `FfiClient.instance`, which every rtc-node track was created with), so it reaches
 * the same native runtime and handle table as the track, whichever copy of the bindings is
 * installed. Returns the state the native side reports.
 * @internal
 */
export function setTrackMuted(track: NativeTrack, muted: boolean): boolean {
  const client = (globalThis as { _ffiClientInstance?: FfiClientLike })._ffiClientInstance;
  if (client === undefined) {
    throw new Error('the native runtime is not running, so this is not a live rtc-node track');
  }
  const response = client.request({
    message: {
      case: 'localTrackMute',
      value: { trackHandle: track.ffi_handle.handle, mute: muted },
    },
  });
  return response.muted ?? muted;
}
