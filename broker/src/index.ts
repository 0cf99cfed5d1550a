export { KendaliBroker, type BrokerEvents, type BrokerOptions } from './broker';
export type { ConnectRefusal } from './authenticate';
export type { Authenticator, ClientIdentity, ConnectAttempt, ConnectDecision, RefusalCode } from './client-identity';
export { defaultConnectGuard, type ConnectGuardOptions } from './connect-guard';
export type { DeviceOutbox, Rejection } from './device-outbox';
export type { TelemetrySink } from './telemetry-sink';
export type { CommandResultSink } from './command-result-sink';
export { brokerErrors, BrokerError, type BrokerErrorCode } from './errors';
export { checkPublishTopic } from './topic-acl';
