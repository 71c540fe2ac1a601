export { GatewayPaths } from './services/gateway-paths';
export { GatewayError, GatewayErrorCode } from './services/gateway-error';
export { renderLaunchdPlist, renderSystemdUnit } from './services/service-files';
