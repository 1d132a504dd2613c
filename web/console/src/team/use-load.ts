/**
 * Data a screen loads once (per project): loading, failed (with the reason) or ready; `update`
 * changes the ready value in place after a save, from the server's answer.
 */
import { useEffect, useState } from 'preact/hooks';

export type Loaded<T> = { state: 'loading' } | { state: 'failed'; failure: unknown } | { state: 'ready'; value: T };

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): [Loaded<T>, (change: (value: T) => T) => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    // An answer for a project left since is dropped.
    let current = true;
    setLoaded({ state: 'loading' });
    load()
      .then((value) => current && setLoaded({ state: 'ready', value }))
      .catch((failure: unknown) => current && setLoaded({ state: 'failed', failure }));
    return () => {
      current = false;
    };
  }, deps);
  const update = (change: (value: T) => T) =>
    setLoaded((previous) =>
      previous.state === 'ready' ? { state: 'ready', value: change(previous.value) } : previous,
    );
  return [loaded, update];
}
