import { useQuery } from '@tanstack/react-query';
import { ZMe, type TBuyerMe } from '@netsign/api';
import { ApiError, get, setCsrfToken } from './api';

/** The signed-in buyer (null when signed out); also keeps the CSRF token for later calls. */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async (): Promise<TBuyerMe | null> => {
      try {
        const me = await get('/api/auth/me', ZMe);
        setCsrfToken(me.csrfToken);
        return me.kind === 'buyer' ? me : null;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
  });
}

export const loginPath = (next: string) => `/login?next=${encodeURIComponent(next)}`;
