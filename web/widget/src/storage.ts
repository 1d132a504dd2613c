/**
 * Where the visitor's token and conversations are kept: localStorage, so they survive a reload
 * and are shared by the site's tabs (the browser partitions it per top-level site). A browser
 * that blocks third-party storage denies it to the framed chat (reading it throws): the chat then
 * keeps them in memory, for as long as the page lives.
 */
const memory = new Map<string, string>();

function local(): Storage | undefined {
  try {
    const storage = window.localStorage;
    storage.getItem('parley.probe');
    return storage;
  } catch {
    return undefined;
  }
}

const storage = local();

export function readStored<T>(key: string): T | undefined {
  const raw = storage ? storage.getItem(key) : memory.get(key);
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}

export function writeStored(key: string, value: unknown): void {
  const raw = JSON.stringify(value);
  if (storage) {
    try {
      storage.setItem(key, raw);
      return;
    } catch {
      // Full or denied: memory will do for this page.
    }
  }
  memory.set(key, raw);
}

export function removeStored(key: string): void {
  storage?.removeItem(key);
  memory.delete(key);
}

/** Another tab changed what is kept (a sign-in, a new conversation). */
export function onStoredChange(key: string, listener: () => void): void {
  window.addEventListener('storage', (event) => {
    if (event.key === key) listener();
  });
}
