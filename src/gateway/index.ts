// kavach/gateway: the OpenAI-compatible anonymising proxy (createGateway) and its pieces.
export { createGateway } from './gateway.js';
export type { Gateway, GatewayOptions, ClientInfo } from './gateway.js';
export { auditFile, makeRequestEvent } from './audit.js';
export type { AlertEvent, AlertKind, AuditFile, GatewayEvent, GatewaySink, RequestEvent } from './audit.js';
export { generateApiKey, hashApiKey, readKeysFile, writeKeysFile, validateKeysFile, KeyRing, ENVS } from './keys.js';
export type { KeyEntry, KeyEnv, KeysFile } from './keys.js';
export { GatewayError } from './errors.js';
export { TOKEN_INSTRUCTION } from './request.js';
export type { SpikeOptions } from './spikes.js';
