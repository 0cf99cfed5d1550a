export { loadConfig, ConfigError, settingNames, type PlatformConfig } from './config';
export { startPlatform, type Platform, type PlatformAddresses } from './start-platform';
export { ListenError } from './listen-errors';
export { TlsPairError } from './tls-pair';
