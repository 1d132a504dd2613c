/**
 * The signed-in session's one realtime connection, opened on first use and closed at sign-out.
 * Screens call `realtime()` and `listen` to the topics they show.
 */
import { effect } from '@preact/signals';
import { session } from '../session';
import { Realtime } from '../../../shared/realtime';

let current: { token: string; connection: Realtime } | undefined;

export function realtime(): Realtime {
  const token = session.value?.token;
  if (!token) throw new Error('realtime() needs a signed-in session');
  if (current?.token !== token) {
    current?.connection.close();
    current = { token, connection: new Realtime(token) };
  }
  return current.connection;
}

effect(() => {
  if (!session.value && current) {
    current.connection.close();
    current = undefined;
  }
});
