/**
 * A screen whose code is loaded the first time it is shown, so the console starts with the inbox
 * only: Analytics alone brings Chart.js, more code than the rest of the console.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { Status } from '../screens/status';

export function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  return function LazyScreen(props: P) {
    const [Screen, setScreen] = useState<ComponentType<P> | undefined>(() => loaded);
    const [error, setError] = useState('');
    useEffect(() => {
      if (Screen) return;
      load()
        .then((component) => {
          loaded = component;
          setScreen(() => component);
        })
        .catch((failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)));
    }, []);
    if (error) return <Status kind="error" text={t('status.error', { message: error })} />;
    if (!Screen) return <Status kind="loading" text={t('status.loading')} />;
    return <Screen {...props} />;
  };
}
