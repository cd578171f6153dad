import { useState } from 'react';
import { ApiError, errorMessage } from './api';
import { submitApplication } from './submit';
import type { TApplicationView as ApplicationView } from '@netsign/api';

/** 提交资料，完成 from any step that ends the application: busy state and the server's reasons. */
export function useSubmit(id: string, onChange: (a: ApplicationView) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      onChange(await submitApplication(id));
    } catch (e) {
      setError(
        e instanceof ApiError && e.violations.length ? e.violations.map((v) => v.message).join('；') : errorMessage(e),
      );
    } finally {
      setBusy(false);
    }
  };
  return { submit, busy, error };
}
