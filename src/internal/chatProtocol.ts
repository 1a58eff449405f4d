/** The topic of LiveKit chat messages sent as text streams (components-js, agents). @internal */
export const CHAT_TOPIC = 'lk.chat';
/**
 * The topic of the JSON data packets older LiveKit chat components send (and newer ones send
 * too, marked `ignoreLegacy: true` when the server supports text streams). @internal
 */
export const LEGACY_CHAT_TOPIC = 'lk-chat-topic';
