/**
 * The projects one is a member of (GET /projects), each linking to its inbox, and a form to
 * create one (POST /projects). A new project opens the getting-started card: the path from
 * sign-up to a live test conversation.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, unwrap } from '../api/client';
import { projectHref } from '../router';
import { t } from '../i18n/i18n';
import { Status } from './status';
import { GettingStarted } from './getting-started';

type Membership = { _id: string; role?: string; id_project: { _id: string; name: string } };

export function Projects() {
  const [memberships, setMemberships] = useState<Membership[] | undefined>();
  const [error, setError] = useState('');
  const [created, setCreated] = useState<{ id: string; name: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const [createError, setCreateError] = useState('');

  useEffect(() => {
    api
      .GET('/projects')
      .then((result) => setMemberships(unwrap(result) as Membership[]))
      .catch((failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)));
  }, []);

  async function create(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const name = String(new FormData(form).get('name') ?? '').trim();
    setBusy(true);
    setCreateError('');
    try {
      const project = unwrap(await api.POST('/projects', { body: { name } })) as { _id: string; name: string };
      setCreated({ id: project._id, name: project.name });
      setMemberships([...(memberships ?? []), { _id: project._id, role: 'owner', id_project: project }]);
      form.reset();
    } catch (failure) {
      setCreateError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }

  if (created) return <GettingStarted projectId={created.id} name={created.name} />;

  return (
    <section class="card narrow" aria-labelledby="projects-title">
      <h2 id="projects-title">{t('projects.title')}</h2>
      {error ? (
        <Status kind="error" text={t('status.error', { message: error })} />
      ) : !memberships ? (
        <Status kind="loading" text={t('status.loading')} />
      ) : memberships.length === 0 ? (
        <Status kind="empty" text={t('projects.none')} />
      ) : (
        <ul class="plain">
          {memberships.map((membership) => (
            <li key={membership._id}>
              <a class="button" href={projectHref(membership.id_project._id, 'inbox')}>
                {membership.id_project.name}
              </a>
            </li>
          ))}
        </ul>
      )}
      <form class="inline-form" onSubmit={(event) => void create(event)}>
        <label>
          {t('projects.newName')} <input name="name" required maxLength={200} />
        </label>
        <button type="submit" disabled={busy}>
          {t('projects.create')}
        </button>
        <p class="error" role="alert">
          {createError}
        </p>
      </form>
    </section>
  );
}
