/**
 * A real conversation with a bot, for the test chat. The server has no route that asks a bot a
 * question outside a conversation, so the console does what a visitor's widget does: signs in a
 * guest (`POST /auth/signinAnonymously`), opens a request whose only participant is the bot (the
 * first message, with `participants: ['bot_<id>']`, so no department or agent is involved), writes
 * as that guest, and follows the request's messages on the admin's realtime connection (over
 * HTTP as the guest while that connection is down). The bot engine answers as it answers
 * visitors. Closing (`PUT .../closeg` as the guest) ends it.
 */
import createClient from 'openapi-fetch';
import { unwrap } from '../api/client';
import type { paths } from '../../../shared/api-schema';
import { realtime } from '../realtime/connection';

export interface ChatMessage {
  _id: string;
  text?: string;
  type?: string;
  sender: string;
  metadata?: Record<string, unknown>;
  attributes?: Record<string, unknown>;
}

const newRequestId = (projectId: string) => `support-group-${projectId}-${crypto.randomUUID().replace(/-/g, '')}`;

export class TestConversation {
  readonly requestId: string;
  #opened = false;
  #closed = false;
  #unlisten: (() => void) | undefined;
  #messages = new Map<string, ChatMessage>();

  private constructor(
    readonly projectId: string,
    readonly botId: string,
    private readonly guest: ReturnType<typeof createClient<paths>>,
    private readonly onMessages: (messages: ChatMessage[]) => void,
  ) {
    this.requestId = newRequestId(projectId);
  }

  /** A new guest, ready to write to the bot; `onMessages` gets the whole conversation at each change. */
  static async start(
    projectId: string,
    botId: string,
    guestName: string,
    onMessages: (messages: ChatMessage[]) => void,
  ): Promise<TestConversation> {
    const anonymous = createClient<paths>({ baseUrl: location.origin, credentials: 'omit' });
    const signedIn = unwrap(
      await anonymous.POST('/auth/signinAnonymously', { body: { id_project: projectId, firstname: guestName } }),
    );
    const guest = createClient<paths>({
      baseUrl: location.origin,
      credentials: 'omit',
      headers: { authorization: signedIn.token },
    });
    return new TestConversation(projectId, botId, guest, onMessages);
  }

  /** The guest writes; the first message opens the conversation with the bot alone. */
  async say(text: string, action?: string): Promise<void> {
    const first = !this.#opened;
    unwrap(
      await this.guest.POST('/{project_id}/requests/{request_id}/messages', {
        params: { path: { project_id: this.projectId, request_id: this.requestId } },
        body: {
          text,
          ...(action && { attributes: { action } }),
          ...(first && { participants: [`bot_${this.botId}`], subject: 'Bot test' }),
        },
      }),
    );
    if (first) {
      this.#opened = true;
      this.#follow();
    }
  }

  /** The messages topic: its first frame is the history so far, then one frame per message. */
  #follow(): void {
    this.#unlisten = realtime().listen(`/${this.projectId}/requests/${this.requestId}/messages`, (frame) => {
      const payload = frame.message as ChatMessage | ChatMessage[];
      this.#merge(Array.isArray(payload) ? payload : [payload]);
    });
  }

  /**
   * Reads the messages over HTTP, as the guest: for when the realtime connection is down (it
   * replays what was missed once back, but the admin is waiting for an answer now).
   */
  async refresh(): Promise<void> {
    if (!this.#opened || this.#closed) return;
    const messages = unwrap(
      await this.guest.GET('/{project_id}/requests/{request_id}/messages', {
        params: { path: { project_id: this.projectId, request_id: this.requestId } },
      }),
    );
    this.#merge(messages as ChatMessage[]);
  }

  #merge(messages: ChatMessage[]): void {
    for (const message of messages) if (message?._id) this.#messages.set(message._id, message);
    this.onMessages([...this.#messages.values()]);
  }

  /** Ends the conversation (closed, as a visitor closes theirs); nothing to do if it never opened. */
  async close(): Promise<void> {
    this.#unlisten?.();
    this.#unlisten = undefined;
    if (!this.#opened || this.#closed) return;
    this.#closed = true;
    unwrap(
      await this.guest.PUT('/{project_id}/requests/{request_id}/closeg', {
        params: { path: { project_id: this.projectId, request_id: this.requestId } },
      }),
    );
  }
}
