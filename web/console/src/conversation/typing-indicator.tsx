/** "Anna is typing…" under the history, for the others typing now (announced politely). */
import { t } from '../i18n/i18n';
import type { Typist } from './use-typing';

export function TypingIndicator({ others }: { others: Typist[] }) {
  const names = others.map((typist) => typist.name);
  return (
    <p class="typing muted" aria-live="polite">
      {names.length === 1 && t('conversation.typing.one', { name: names[0]! })}
      {names.length > 1 && t('conversation.typing.many', { names: names.join(', ') })}
    </p>
  );
}
