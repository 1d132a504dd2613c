/** The loading, empty and error states, the same on every screen. */
export function Status({ kind, text }: { kind: 'loading' | 'empty' | 'error'; text: string }) {
  return (
    <p class={`state state-${kind}`} role={kind === 'error' ? 'alert' : 'status'} aria-busy={kind === 'loading'}>
      {text}
    </p>
  );
}
