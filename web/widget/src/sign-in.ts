/** Signing the visitor in, when the first thing they do needs it. */
import { api, unwrap } from './api';
import { emit } from './embed';
import { projectId } from './project';
import { customToken, hostUser, keepSession, session, type Session } from './session';

let pending: Promise<Session> | undefined;

async function signInNow(project: string): Promise<Session> {
  const custom = customToken.value;
  if (custom) {
    const answer = unwrap(
      await api.POST('/auth/signinWithCustomToken', {
        body: { id_project: project },
        headers: { authorization: `JWT ${custom}` },
      }),
    );
    return { token: answer.token, userId: String(answer.user._id), anonymous: false, customToken: custom };
  }
  const { name, email } = hostUser.value;
  const answer = unwrap(
    await api.POST('/auth/signinAnonymously', {
      body: { id_project: project, ...(name && { firstname: name }), ...(email && { email }) },
    }),
  );
  return { token: answer.token, userId: String(answer.user._id), anonymous: true };
}

/** The visitor's session, signing in first when there is none (or the site gave another user). */
export async function signedIn(): Promise<Session> {
  if (!projectId) throw new Error('no project');
  const current = session.value;
  if (current && (!customToken.value || current.customToken === customToken.value)) return current;
  pending ??= signInNow(projectId).finally(() => (pending = undefined));
  const next = await pending;
  keepSession(next);
  emit('signedIn', { userId: next.userId, anonymous: next.anonymous });
  return next;
}

export function signOut(): void {
  keepSession(undefined);
  customToken.value = undefined;
}
