/**
 * livekit-rx-dev-server: a local LiveKit-compatible server for development, tests and demos,
 * published beside `livekit-rx` as its own package so that installing `livekit-rx` brings no
 * WebRTC server stack. Production rooms run on LiveKit Cloud or livekit-server; the same client
 * code connects to either by URL and token. Its dependencies (werift, ws, @livekit/protocol,
 * livekit-server-sdk) are this package's, never `livekit-rx`'s.
 * @packageDocumentation
 * @module livekit-rx-dev-server
 */
export {
  startDevServer,
  type CreateTokenOptions,
  type DevServer,
  type DevServerGrants,
  type DevServerOptions,
  type ParticipantChange,
} from './startDevServer';
export { DevServerError, type DevServerErrorInfo } from './DevServerError';
