/**
 * The Omaha v3 codec of Strata's OS updates, shared by the update server and the machines'
 * update engine. Protocol: https://github.com/google/omaha/blob/main/doc/ServerProtocolV3.md
 * as Flatcar's update_engine speaks it (src/update_engine/omaha_request_action.cc).
 */
export type { OmahaEvent, OmahaRequest, OmahaRequestApp, OmahaPackage, OmahaPostinstall, OmahaUpdateCheck, OmahaResponseApp, OmahaResponse } from './types';
export { encodeRequest, parseRequest } from './request';
export { encodeResponse, parseResponse, validateUpdateCheck, payloadUrls } from './response';
export { OmahaParseError } from './xml';
export { EVENT, EVENT_TYPE, EVENT_RESULT, ERROR_CODE, ERROR_FLAGS, FLATCAR_APP_ID, decodeErrorCode, errorCodeName, normalizeAppId } from './constants';
export type { ErrorFlag } from './constants';
