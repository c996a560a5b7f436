export { CrispClient, type CrispClientOptions } from "./crisp-client.js";
export { CrispApiError, CrispError, CrispNetworkError, CrispRequestError } from "./errors.js";
export type { CrispRequest, CrispTier, HttpMethod } from "./types.js";
export type { CrispTarget } from "./target.js";
export { DEFAULT_RETRY, type RetryClock, type RetryPolicy } from "./retry.js";
