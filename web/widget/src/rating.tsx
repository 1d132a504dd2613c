/**
 * The rating asked once a conversation is closed: 1 to 5 and an optional comment
 * (`PATCH /:project_id/requests/:id/rating`), stored on the request for the team's analytics.
 */
import { useState } from 'preact/hooks';
import { api, unwrap } from './api';
import { emit } from './embed';
import { t } from './i18n/i18n';
import { projectId } from './project';

const SCORES = [1, 2, 3, 4, 5];

export function Rating({
  requestId,
  rated,
  onRated,
}: {
  requestId: string;
  rated?: number;
  onRated: (rating: number) => void;
}) {
  const [rating, setRating] = useState<number>();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  if (rated !== undefined) {
    return (
      <p class="rated" role="status">
        {t('rating.thanks', { rating: rated })}
      </p>
    );
  }

  async function submit(event: Event) {
    event.preventDefault();
    if (!rating || !projectId) return;
    setBusy(true);
    setError('');
    try {
      unwrap(
        await api.PATCH('/{project_id}/requests/{request_id}/rating', {
          params: { path: { project_id: projectId, request_id: requestId } },
          body: { rating, ...(comment.trim() && { rating_message: comment.trim() }) },
        }),
      );
      emit('rated', { requestId, rating });
      onRated(rating);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="rating" onSubmit={(event) => void submit(event)}>
      <fieldset>
        <legend>{t('rating.question')}</legend>
        <div class="scores">
          {SCORES.map((score) => (
            <label key={score} class={rating === score ? 'chosen' : undefined}>
              <input
                type="radio"
                name="rating"
                class="visually-hidden"
                value={score}
                checked={rating === score}
                onChange={() => setRating(score)}
              />
              <span aria-hidden="true">★</span>
              <span class="visually-hidden">{t('rating.score', { score })}</span>
              <span aria-hidden="true">{score}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <label for="rating-comment">{t('rating.comment')}</label>
      <textarea
        id="rating-comment"
        rows={2}
        value={comment}
        onInput={(event) => setComment(event.currentTarget.value)}
      />
      <button type="submit" class="primary" disabled={!rating || busy}>
        {t('rating.send')}
      </button>
      <p class="error" role="alert">
        {error}
      </p>
    </form>
  );
}
