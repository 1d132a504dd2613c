/**
 * A project's own SMTP password (`settings.email.config.pass`, as Tiledesk stores it) is
 * write-only: it is never part of a project on the wire (Tiledesk returns it to every agent), and
 * a settings update that leaves it out keeps the stored one, since no client could have read it.
 */
type Settings = Record<string, unknown>;

function smtpConfigOf(settings: unknown): Settings | undefined {
  const email = (settings as Settings | null | undefined)?.email;
  const config = (email as Settings | null | undefined)?.config;
  return config && typeof config === 'object' && !Array.isArray(config) ? (config as Settings) : undefined;
}

/** The settings as the API shows them: the SMTP password replaced by whether there is one. */
export function settingsWithoutSecrets(settings: Settings): Settings {
  const config = smtpConfigOf(settings);
  if (!config || !('pass' in config)) return settings;
  const { pass, ...rest } = config;
  const email = settings.email as Settings;
  return { ...settings, email: { ...email, config: { ...rest, hasPassword: Boolean(pass) } } };
}

/**
 * New settings with the stored password carried over when they name the same SMTP account
 * without one. `hasPassword`, which only the API shows, is never stored.
 */
export function settingsKeepingSecrets(before: unknown, after: Settings): Settings {
  const next = smtpConfigOf(after);
  if (!next) return after;
  const { hasPassword: _shown, ...config } = next;
  const previous = smtpConfigOf(before);
  const sameAccount = previous && previous.host === config.host && previous.user === config.user;
  if (config.pass === undefined && sameAccount && typeof previous.pass === 'string') config.pass = previous.pass;
  return { ...after, email: { ...(after.email as Settings), config } };
}
