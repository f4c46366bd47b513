// The portal and console API contract: the one definition the server's doors and the web app share.

export { API_ERRORS, isApiErrorBody, zodFields, type ApiErrorBody, type ApiErrorCode } from './errors.ts';
export {
  FIELD_MESSAGES,
  fieldIssue,
  fieldMessage,
  readFieldMessage,
  type FieldMessageId,
  type FieldMessageParams,
  type ReadFieldMessage,
} from './field-messages.ts';
export * from './common.ts';
export * from './money.ts';
export * from './wire.ts';
export * from './session.ts';
export * from './audit.ts';
export * from './portal.ts';
export * from './profile.ts';
export * from './admin.ts';
export * from './webhooks.ts';
export * from './demo-images.ts';
export {
  ADMIN_API_PREFIX,
  PORTAL_API_PREFIX,
  adminApi,
  pathOf,
  portalApi,
  type BodyOf,
  type Endpoint,
  type HttpMethod,
  type QueryOf,
  type ResponseOf,
  type SessionEndpoints,
} from './paths.ts';
