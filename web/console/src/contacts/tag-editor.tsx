/** A contact's tags: each removable, new ones added by name. Each change is saved at once. */
import { useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { TagList } from './tag-list';

export function TagEditor({
  tags,
  busy,
  onAdd,
  onRemove,
}: {
  tags: string[];
  busy: boolean;
  onAdd: (tag: string) => void;
  onRemove: (tag: string) => void;
}) {
  const [draft, setDraft] = useState('');

  function submit(event: Event) {
    event.preventDefault();
    const tag = draft.trim();
    if (!tag || tags.includes(tag)) return;
    onAdd(tag);
    setDraft('');
  }

  return (
    <section class="card" aria-labelledby="contact-tags-title">
      <h3 id="contact-tags-title">{t('contacts.tags')}</h3>
      {tags.length === 0 ? (
        <p class="muted">{t('contacts.noTags')}</p>
      ) : (
        <TagList tags={tags} onRemove={onRemove} busy={busy} />
      )}
      <form class="inline-form" onSubmit={submit}>
        <label>
          {t('contacts.newTag')}
          <input value={draft} onInput={(event) => setDraft(event.currentTarget.value)} />
        </label>
        <button type="submit" disabled={busy || !draft.trim()}>
          {t('contacts.addTag')}
        </button>
      </form>
    </section>
  );
}
