/**
 * The visitor widget's look and words, kept in the project's `widget` object with Tiledesk's keys
 * (the server stores the object as given; Tiledesk's widget reads `themeColor`,
 * `themeForegroundColor`, `align`, `wellcomeTitle`, `wellcomeMsg`, `calloutTitle`, `calloutMsg`).
 * Keys this form does not show are kept: the object is sent back whole.
 */
import { useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { textOf, updateProject, type Project, type SectionProps } from './project';
import { useSaving } from './saving';

interface WidgetLook {
  themeColor: string;
  themeForegroundColor: string;
  align: 'right' | 'left';
  wellcomeTitle: string;
  wellcomeMsg: string;
  calloutTitle: string;
  calloutMsg: string;
}

/** Tiledesk's defaults, shown until the project sets its own. */
const DEFAULTS = { themeColor: '#2a6ac1', themeForegroundColor: '#ffffff' };
const TEXT_FIELDS = ['wellcomeTitle', 'wellcomeMsg', 'calloutTitle', 'calloutMsg'] as const;

const colourOr = (value: string, fallback: string) => (/^#[0-9a-f]{6}$/i.test(value) ? value : fallback);

function lookOf(project: Project): WidgetLook {
  const widget = project.widget;
  return {
    themeColor: colourOr(textOf(widget, 'themeColor'), DEFAULTS.themeColor),
    themeForegroundColor: colourOr(textOf(widget, 'themeForegroundColor'), DEFAULTS.themeForegroundColor),
    align: textOf(widget, 'align') === 'left' ? 'left' : 'right',
    wellcomeTitle: textOf(widget, 'wellcomeTitle'),
    wellcomeMsg: textOf(widget, 'wellcomeMsg'),
    calloutTitle: textOf(widget, 'calloutTitle'),
    calloutMsg: textOf(widget, 'calloutMsg'),
  };
}

/** The widget object to store: the project's own, with this form's fields (empty texts left out). */
function widgetWith(project: Project, look: WidgetLook): Record<string, unknown> {
  const widget: Record<string, unknown> = { ...project.widget, ...look };
  for (const field of TEXT_FIELDS) if (!look[field].trim()) delete widget[field];
  return widget;
}

export function WidgetForm({ project, onSaved }: SectionProps) {
  const [look, setLook] = useState<WidgetLook>(() => lookOf(project));
  const { saving, save } = useSaving();
  const set = (patch: Partial<WidgetLook>) => setLook({ ...look, ...patch });

  async function submit(event: Event) {
    event.preventDefault();
    const updated = await save(() => updateProject(project._id, { widget: widgetWith(project, look) }), {
      success: t('settings.widget.saved'),
      rollback: () => setLook(lookOf(project)),
    });
    if (updated) {
      setLook(lookOf(updated));
      onSaved(updated);
    }
  }

  const text = (field: (typeof TEXT_FIELDS)[number], multiline = false) => {
    const onInput = (event: { currentTarget: { value: string } }) => set({ [field]: event.currentTarget.value });
    return (
      <label>
        {t(`settings.widget.${field}`)}
        {multiline ? (
          <textarea rows={2} value={look[field]} maxLength={500} onInput={onInput} />
        ) : (
          <input value={look[field]} maxLength={200} onInput={onInput} />
        )}
      </label>
    );
  };

  return (
    <section class="card settings-section" aria-labelledby="settings-widget-title">
      <h3 id="settings-widget-title">{t('settings.widget.title')}</h3>
      <form class="settings-form widget-form" onSubmit={(event) => void submit(event)}>
        <div class="fields">
          <label>
            {t('settings.widget.themeColor')}
            <input
              type="color"
              value={look.themeColor}
              onInput={(event) => set({ themeColor: event.currentTarget.value })}
            />
          </label>
          <label>
            {t('settings.widget.themeForegroundColor')}
            <input
              type="color"
              value={look.themeForegroundColor}
              onInput={(event) => set({ themeForegroundColor: event.currentTarget.value })}
            />
          </label>
          <label>
            {t('settings.widget.align')}
            <select
              value={look.align}
              onChange={(event) => set({ align: event.currentTarget.value as 'left' | 'right' })}
            >
              <option value="right">{t('settings.widget.alignRight')}</option>
              <option value="left">{t('settings.widget.alignLeft')}</option>
            </select>
          </label>
          {text('wellcomeTitle')}
          {text('wellcomeMsg', true)}
          {text('calloutTitle')}
          {text('calloutMsg', true)}
        </div>
        <WidgetPreview look={look} />
        <div class="actions">
          <button type="submit" disabled={saving}>
            {saving ? t('settings.saving') : t('settings.widget.save')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** How the widget's header and launcher will look, on the side chosen. */
function WidgetPreview({ look }: { look: WidgetLook }) {
  const colours = { background: look.themeColor, color: look.themeForegroundColor };
  return (
    <figure class={`widget-preview widget-preview-${look.align}`}>
      <div class="widget-preview-panel">
        <div class="widget-preview-head" style={colours}>
          <strong>{look.wellcomeTitle || t('settings.widget.sampleTitle')}</strong>
          <span>{look.wellcomeMsg || t('settings.widget.sampleMessage')}</span>
        </div>
      </div>
      <div class="widget-preview-launcher" style={colours} aria-hidden="true">
        <svg viewBox="0 0 24 24" width="22" height="22">
          <path
            fill="currentColor"
            d="M4 4h16a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"
          />
        </svg>
      </div>
      <figcaption class="muted">{t('settings.widget.preview')}</figcaption>
    </figure>
  );
}
