import type { ReactNode } from 'react';
import { describeError } from '../api/errors.js';

/** A message read out by screen readers as it appears: `alert` for problems, `status` for news. */
export function Notice({ kind = 'error', children }: { kind?: 'error' | 'info' | 'success'; children: ReactNode }) {
  return (
    <div className={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

/** A failed call, said plainly, with a way to try again when that can help. */
export function ErrorNotice({ error, service, retry }: { error: unknown; service: string; retry?: () => void }) {
  return (
    <Notice>
      <p>{describeError(error, service)}</p>
      {retry ? (
        <button type="button" onClick={retry}>
          Try again
        </button>
      ) : null}
    </Notice>
  );
}
