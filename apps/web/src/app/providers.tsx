import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { I18nProvider } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { ApiError } from '../lib/api-client.ts';
import { router } from './router.tsx';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // 4xx answers are final (404, 403, 401): retrying only delays the message a person needs.
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
      staleTime: 10_000,
      refetchOnWindowFocus: false,
    },
  },
});

export function AppProviders() {
  const { i18n } = useTranslation();
  return (
    <QueryClientProvider client={queryClient}>
      {/* React Aria's own strings (and date/number parsing) follow the chosen language too. */}
      <I18nProvider locale={i18n.resolvedLanguage ?? 'en'}>
        <RouterProvider router={router} />
      </I18nProvider>
    </QueryClientProvider>
  );
}
