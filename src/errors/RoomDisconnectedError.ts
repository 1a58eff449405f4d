import type { DisconnectReason } from '@livekit/rtc-node';
import { LiveKitRxError } from './LiveKitRxError';

/** The structured detail of a {@link RoomDisconnectedError}. */
export interface RoomDisconnectedErrorInfo {
  /** The stream that was waiting, e.g. `waitForParticipant`. */
  readonly source: string;
  /** Why the room disconnected, as rtc-node reported it. */
  readonly reason: DisconnectReason;
}

/**
 * The room disconnected while a stream was still waiting for the one value it promises (such as
 * {@link waitForParticipant}). Streams of many values complete on disconnect instead.
 *
 * ```text
 * room:                       --a--x        (x = Disconnected)
 * waitForParticipant(room):   -----#        (# = RoomDisconnectedError, info.reason)
 * ```
 *
 * @example
 * ```ts
 * import { firstValueFrom } from 'rxjs';
 * import { waitForParticipant, RoomDisconnectedError } from 'livekit-rx';
 * try {
 *   const agent = await firstValueFrom(waitForParticipant(room, { kind: ParticipantKind.AGENT }));
 * } catch (err) {
 *   if (err instanceof RoomDisconnectedError) console.log('room closed', err.info.reason);
 * }
 * ```
 */
export class RoomDisconnectedError extends LiveKitRxError<RoomDisconnectedErrorInfo> {
  /** @param info - Which stream, and why the room disconnected. */
  constructor(info: RoomDisconnectedErrorInfo) {
    super(
      `${info.source}: the room disconnected (reason ${info.reason}) before the awaited value ` +
        `arrived.`,
      info,
    );
  }
}
