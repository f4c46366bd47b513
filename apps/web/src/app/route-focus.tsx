import { useEffect, useRef } from 'react';
import { Outlet, useLocation } from 'react-router';

/** The page's h1: every page has one, its translated heading. */
const heading = (): HTMLHeadingElement | null => document.querySelector('h1');

/**
 * Every route's page, told to assistive tech as it opens (its tab's title: `usePageTitle`).
 * After each navigation but the first load, focus moves to the new page's h1 (focusable by script
 * only, tabIndex −1), so a screen reader reads where it landed instead of focus falling to <body>
 * with the link that was followed. Query-string changes (a filter, a page of a list) are not
 * navigations to another page: focus stays where it is.
 */
export function RouteFocus() {
  const { pathname } = useLocation();
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const focus = (h1: HTMLHeadingElement) => {
      h1.tabIndex = -1;
      h1.focus();
    };
    const h1 = heading();
    if (h1) return focus(h1);
    // The page draws its heading a moment later (after its first answer): focus it when it does.
    const wait = new MutationObserver(() => {
      const later = heading();
      if (!later) return;
      wait.disconnect();
      focus(later);
    });
    wait.observe(document.body, { childList: true, subtree: true });
    const stop = setTimeout(() => wait.disconnect(), 10_000);
    return () => {
      wait.disconnect();
      clearTimeout(stop);
    };
  }, [pathname]);

  return <Outlet />;
}
