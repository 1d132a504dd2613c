/** The projects one is a member of (GET /projects), each linking to its inbox. */
import { useEffect, useState } from 'preact/hooks';
import { api, unwrap } from '../api/client';
import { projectHref } from '../router';
import { t } from '../i18n/i18n';
import { Status } from './status';

type Membership = { _id: string; role?: string; id_project: { _id: string; name: string } };

export function Projects() {
  const [memberships, setMemberships] = useState<Membership[] | undefined>();
  const [error, setError] = useState('');

  useEffect(() => {
    api
      .GET('/projects')
      .then((result) => setMemberships(unwrap(result) as Membership[]))
      .catch((failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)));
  }, []);

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
    </section>
  );
}
