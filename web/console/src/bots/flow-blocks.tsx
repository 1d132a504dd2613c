/**
 * A flow bot's intents (blocks), read-only: each block with what starts it and its actions in
 * order, in words (flow-action-text.ts). Editing flows belongs to a flow designer, not here.
 */
import { t } from '../i18n/i18n';
import type { Intent } from './bots-api';
import { describeAction } from './flow-action-text';

export function FlowBlocks({ intents }: { intents: Intent[] }) {
  const names = new Map(intents.map((intent) => [intent.intent_id, intent.intent_display_name]));
  return (
    <ol class="flow-blocks">
      {intents.map((intent) => (
        <li key={intent._id} class="card">
          <h4>{intent.intent_display_name}</h4>
          {intent.question && (
            <p class="muted">{t('bots.flow.startsOn', { questions: intent.question.split('\n').join(', ') })}</p>
          )}
          {(intent.actions ?? []).length === 0 ? (
            <p class="muted">{t('bots.flow.noActions')}</p>
          ) : (
            <ol class="flow-actions">
              {(intent.actions ?? []).map((action, index) => {
                const line = describeAction(action, names);
                return (
                  <li key={index}>
                    {line.text}
                    {line.details.length > 0 && (
                      <ul>
                        {line.details.map((detail, i) => (
                          <li key={i}>{detail}</li>
                        ))}
                      </ul>
                    )}
                  </li>
                );
              })}
            </ol>
          )}
        </li>
      ))}
    </ol>
  );
}
