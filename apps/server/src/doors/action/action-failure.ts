import { actionError, type ActionError, type ActionErrorName } from '@tradepost/protocol';

/**
 * A request-format failure of the Action API (E001, E005, E030, …), thrown by the door's own
 * translation code. Domain failures are the services' AppErrors and keep their numeric codes.
 */
export class ActionFailure extends Error {
  readonly error: ActionError;

  constructor(name: ActionErrorName, arg?: string) {
    const error = actionError(name, arg);
    super(error.message);
    this.name = 'ActionFailure';
    this.error = error;
  }
}
