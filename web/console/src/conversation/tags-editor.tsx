/** The conversation's tags: each removable, a new one added by name (the project's tags suggested). */
import { useEffect, useState } from 'preact/hooks';
import { api, unwrap } from '../api/client';
import { t } from '../i18n/i18n';
import { addTag, removeTag } from './conversation-api';
import { useAction } from './use-action';
import type { ConversationRequest } from './types';

interface Props {
  projectId: string;
  request: ConversationRequest;
  onRequest(request: ConversationRequest): void;
}

export function TagsEditor({ projectId, request, onRequest }: Props) {
  const ids = { projectId, requestId: request.request_id };
  const { busy, run } = useAction(onRequest);
  const [name, setName] = useState('');
  const [known, setKnown] = useState<string[]>([]);

  useEffect(() => {
    // Suggestions only: without them the agent types the tag.
    api
      .GET('/{project_id}/tags', { params: { path: { project_id: projectId } } })
      .then((result) => setKnown(unwrap(result).map((tag) => tag.tag)))
      .catch(() => setKnown([]));
  }, [projectId]);

  async function add(event: Event) {
    event.preventDefault();
    const tag = name.trim();
    if (tag && (await run(() => addTag(ids, tag)))) setName('');
  }

  return (
    <section class="side-block" aria-labelledby="conversation-tags">
      <h3 id="conversation-tags">{t('conversation.tags')}</h3>
      {request.tags.length === 0 ? (
        <p class="muted">{t('conversation.noTags')}</p>
      ) : (
        <ul class="chips">
          {request.tags.map((tag) => (
            <li key={tag._id} class="chip">
              {tag.tag}
              <button
                type="button"
                class="link"
                disabled={busy}
                aria-label={t('conversation.removeTag', { name: tag.tag })}
                onClick={() => void run(() => removeTag(ids, tag._id))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="inline-form" onSubmit={(event) => void add(event)}>
        <label>
          {t('conversation.newTag')}
          <input value={name} list="conversation-known-tags" onInput={(event) => setName(event.currentTarget.value)} />
        </label>
        <datalist id="conversation-known-tags">
          {known.map((tag) => (
            <option key={tag} value={tag} />
          ))}
        </datalist>
        <button type="submit" disabled={busy || !name.trim()}>
          {t('conversation.addTag')}
        </button>
      </form>
    </section>
  );
}
