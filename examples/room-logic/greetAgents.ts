import { filter, map, mergeMap, take, tap, type Observable } from 'rxjs';
import { participantAttributes, participantJoined, type RoomLike } from 'livekit-rx';

/** What greetAgents needs to send: rtc-node's LocalParticipant and TestRoom's both have it. */
export interface TextSender {
  sendText(
    text: string,
    options: { topic?: string; destinationIdentities?: string[] },
  ): Promise<unknown>;
}

/**
 * Greets every participant who joins with the attribute `role=agent`, including one who joins
 * first and is promoted to agent later, once each. Emits the identities greeted.
 */
export function greetAgents(room: RoomLike, sender: TextSender): Observable<string> {
  return participantJoined(room).pipe(
    mergeMap((joined) =>
      participantAttributes(room, joined.identity).pipe(
        filter((attributes) => attributes.role === 'agent'),
        take(1),
        map(() => joined.identity),
      ),
    ),
    tap((identity) => {
      void sender.sendText(`welcome, ${identity}`, {
        topic: 'greetings',
        destinationIdentities: [identity],
      });
    }),
  );
}
