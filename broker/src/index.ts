export { KendaliBroker, type BrokerOptions } from './broker';
export type { TelemetrySink } from './telemetry-sink';
export { brokerErrors, BrokerError, type BrokerErrorCode } from './errors';
export { checkPublishTopic } from './topic-acl';
