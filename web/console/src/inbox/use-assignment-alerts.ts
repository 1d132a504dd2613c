/**
 * Rings when a conversation becomes mine (assigned to me by routing, or handed to me): a beep, a
 * desktop notification when turned on, and a toast on the page. Follows the realtime inbox: the
 * first state only says what is already mine; later states (after a reconnect) and each change
 * say what is new. The conversation open on screen does not ring.
 */
import { useEffect, useRef } from 'preact/hooks';
import { realtime } from '../realtime/connection';
import type { Frame } from '../../../shared/realtime';
import { t } from '../i18n/i18n';
import { notify } from '../ui/toasts';
import { navigate, projectHref } from '../router';
import { beep, showDesktop } from './alerts';
import { isMine, previewOf, visitorNameOf, type InboxRequest } from './request';

export function useAssignmentAlerts(projectId: string, userId: string, openId: string | undefined): void {
  const open = useRef(openId);
  open.current = openId;

  useEffect(() => {
    let mine: Set<string> | undefined;

    function ring(request: InboxRequest) {
      if (request.request_id === open.current) return;
      const name = visitorNameOf(request) ?? t('inbox.row.visitor');
      beep();
      notify('info', t('inbox.alert.toast', { name }));
      showDesktop(t('inbox.alert.title'), `${name}: ${previewOf(request)}`, request.request_id, () =>
        navigate(projectHref(projectId, 'inbox', request.request_id)),
      );
    }

    return realtime().listen(`/${projectId}/inbox`, (frame: Frame) => {
      if (Array.isArray(frame.message)) {
        const requests = (frame.message as InboxRequest[]).filter((request) => isMine(request, userId));
        if (mine) for (const request of requests) if (!mine.has(request.request_id)) ring(request);
        mine = new Set(requests.map((request) => request.request_id));
        return;
      }
      const request = frame.message as InboxRequest;
      if (!mine || !request?.request_id || (frame.method !== 'CREATE' && frame.method !== 'UPDATE')) return;
      if (!isMine(request, userId)) {
        mine.delete(request.request_id);
      } else if (!mine.has(request.request_id)) {
        mine.add(request.request_id);
        ring(request);
      }
    });
  }, [projectId, userId]);
}
