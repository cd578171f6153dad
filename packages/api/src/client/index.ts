// The typed HTTP client of both web apps (console and mobile): import from '@netsign/api/client'.
export { ApiError, type Violation } from './api-error';
export {
  createApiClient,
  qs,
  DEFAULT_MESSAGES,
  type ApiClient,
  type Answer,
  type ClientMessages,
  type ClientOptions,
  type RequestOptions,
  type UploadOptions,
} from './http-client';
