/**
 * An Action API error as the SellerCenter convention puts it on the wire: `ErrorCode` is the
 * number, `ErrorMessage` the text.
 *
 * @example
 * ```ts
 * import type { ActionError } from '@tradepost/protocol';
 *
 * const e: ActionError = { errorCode: 7, message: 'E007: Login failed. Signature mismatch' };
 * ```
 */
export interface ActionError {
  errorCode: number;
  message: string;
}

/**
 * The Action API error codes of the convention (action-api.md), name → code and message template.
 * `%s` in E001 stands for the parameter name; {@link actionError} fills it in.
 *
 * @example
 * ```ts
 * import { ACTION_ERRORS } from '@tradepost/protocol';
 *
 * const { errorCode, message } = ACTION_ERRORS.E008; // 8, 'E008: Invalid Action'
 * ```
 */
export const ACTION_ERRORS = {
  E001: { errorCode: 1, message: 'E001: Parameter %s is mandatory' },
  E002: { errorCode: 2, message: 'E002: Invalid Version' },
  E003: { errorCode: 3, message: 'E003: Timestamp has expired' },
  E004: { errorCode: 4, message: 'E004: Invalid Timestamp format' },
  E005: { errorCode: 5, message: 'E005: Invalid Request Format' },
  E006: { errorCode: 6, message: 'E006: Unexpected internal error' },
  E007: { errorCode: 7, message: 'E007: Login failed. Signature mismatch' },
  E008: { errorCode: 8, message: 'E008: Invalid Action' },
  E009: { errorCode: 9, message: 'E009: Access Denied' },
  E011: { errorCode: 11, message: 'E011: Request too Big' },
  E030: { errorCode: 30, message: 'E030: Empty Request' },
  E429: { errorCode: 429, message: 'E429: Too many requests' },
} as const satisfies Record<string, ActionError>;

/**
 * A key of {@link ACTION_ERRORS}.
 *
 * @example
 * ```ts
 * import type { ActionErrorName } from '@tradepost/protocol';
 *
 * const name: ActionErrorName = 'E009';
 * ```
 */
export type ActionErrorName = keyof typeof ACTION_ERRORS;

/**
 * One {@link ActionError} from the table, with `%s` replaced by `arg` when given.
 *
 * @example
 * ```ts
 * import { actionError } from '@tradepost/protocol';
 *
 * actionError('E001', 'Timestamp'); // { errorCode: 1, message: 'E001: Parameter Timestamp is mandatory' }
 * ```
 */
export function actionError(name: ActionErrorName, arg?: string): ActionError {
  const { errorCode, message } = ACTION_ERRORS[name];
  return { errorCode, message: arg === undefined ? message : message.replace('%s', arg) };
}
