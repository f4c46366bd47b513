import { useCallback, useEffect, useRef } from 'react';

/**
 * Runs a dialog's action once until its request has come and gone. A fast double-click lands its
 * second press before the button re-renders as pending (TanStack Query reports a mutation's
 * pending state a tick later), and would send the request twice: two ledger entries, two reset
 * passwords. An action that sends nothing (its own check refused the input) returns `false`, and
 * the next press runs it again. Used in a dialog's content, which mounts afresh each time the
 * dialog opens.
 */
export function useOnePress(isPending: boolean): (action: () => false | void) => void {
  const pressed = useRef(false);
  const sawPending = useRef(false);
  useEffect(() => {
    if (isPending) sawPending.current = true;
    else if (sawPending.current) {
      // Settled (a refusal shown in the dialog, say): the action may be pressed again.
      sawPending.current = false;
      pressed.current = false;
    }
  }, [isPending]);
  return useCallback((action) => {
    if (pressed.current) return;
    pressed.current = true;
    if (action() === false) pressed.current = false;
  }, []);
}
