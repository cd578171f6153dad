import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type TStaffMe, ZMe, ZOk, ZStaffMe } from '@netsign/api';
import { ApiError, get, onUnauthenticated, post, setCsrfToken } from '../api/client';

/** The signed-in staff member (a buyer's session is not the console's). */
export type Me = TStaffMe;
export type Role = Me['role'];

interface Auth {
  me: Me | null;
  loading: boolean;
  login(username: string, password: string): Promise<Me>;
  logout(): Promise<void>;
}
const AuthContext = createContext<Auth | null>(null);

/** GET /api/auth/me restores the session after a reload; the CSRF token comes with it. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const q = useQuery<Me | null>({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        const me = await get('/api/auth/me', ZMe);
        if (me.kind !== 'staff') return null;
        setCsrfToken(me.csrfToken);
        return me;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: Infinity,
    retry: false,
  });
  useEffect(() => {
    const h = () => qc.setQueryData(['me'], null);
    onUnauthenticated.addEventListener('401', h);
    return () => onUnauthenticated.removeEventListener('401', h);
  }, [qc]);

  const value: Auth = {
    me: q.data ?? null,
    loading: q.isLoading,
    async login(username, password) {
      const r = await post('/api/auth/login', { username, password }, ZStaffMe);
      setCsrfToken(r.csrfToken);
      const me = await get('/api/auth/me', ZStaffMe);
      setCsrfToken(me.csrfToken);
      qc.removeQueries({ predicate: (x) => x.queryKey[0] !== 'me' });
      qc.setQueryData(['me'], me);
      return me;
    },
    async logout() {
      try {
        await post('/api/auth/logout', {}, ZOk);
      } finally {
        setCsrfToken('');
        qc.removeQueries({ predicate: (x) => x.queryKey[0] !== 'me' });
        qc.setQueryData(['me'], null);
      }
    },
  };
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth() {
  const a = useContext(AuthContext);
  if (!a) throw new Error('useAuth outside AuthProvider');
  return a;
}

/** Where each role lands after signing in. */
export const HOME_OF_ROLE: Record<Role, string> = {
  seller_clerk: '/contracts',
  notary: '/notary/cases',
  center_clerk: '/filings',
  admin: '/admin/organisations',
};
