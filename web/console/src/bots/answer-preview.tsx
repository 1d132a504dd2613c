/**
 * The live preview beside an answer being written: the answer read as the bot engine reads it
 * (answer-microlanguage.ts) and drawn as the visitor will see it.
 */
import { t } from '../i18n/i18n';
import { parseAnswer } from './answer-microlanguage';
import { VisitorMessageView } from './visitor-message';

export function AnswerPreview({ answer, id }: { answer: string; id: string }) {
  const parsed = parseAnswer(answer);
  const empty = !parsed.text && !parsed.media && parsed.buttons.length === 0 && !parsed.command && !parsed.webhook;
  return (
    <section class="answer-preview" aria-labelledby={id}>
      <h4 id={id}>{t('bots.preview.title')}</h4>
      <div class="widget-surface">
        {empty ? <p class="muted">{t('bots.preview.empty')}</p> : <VisitorMessageView message={parsed} />}
      </div>
    </section>
  );
}
