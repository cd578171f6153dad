import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';

/**
 * GET /api/live (server-sent events, event `change`) for the user's organisation: every list and
 * page refreshes when something it shows changes. EventSource reconnects by itself.
 */
export function useLiveUpdates(enabled: boolean) {
  const qc = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const es = new EventSource('/api/live');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      clearTimeout(timer);
      timer = setTimeout(() => qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'me' }), 150);
    };
    es.addEventListener('change', refresh);
    return () => {
      clearTimeout(timer);
      es.close();
    };
  }, [enabled, qc]);
}
