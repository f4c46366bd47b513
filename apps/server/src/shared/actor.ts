/**
 * Who asked for a change: passed down to the services on every mutating call so the audit log
 * (and later the webhook outbox) can say who did what, from where. Defined once; every door
 * builds one: the B-End/WallTech/Action doors as `merchant`, the console as `operator`, the
 * operator CLI as `cli`, background work as `system`.
 *
 * @example
 * ```ts
 * const actor: Actor = { kind: 'operator', id: operator.operatorId, address: req.ip };
 * await services.orders.transition(orderNo, 'shipped', { carrier, tracking_no }, { actor });
 * ```
 */
export interface Actor {
  readonly kind: 'merchant' | 'operator' | 'cli' | 'system';
  /** merchant_id, operator id, the OS user running the CLI, or a job's name. */
  readonly id: string;
  /** The client's network address, when the change came over the network. */
  readonly address?: string;
  /** A merchant in a portal session: the e-mail signed in with. */
  readonly label?: string;
  /** A merchant through the API: the credential that authenticated (`app:…`, `token:…`, `api_key`). */
  readonly credential?: string;
}
