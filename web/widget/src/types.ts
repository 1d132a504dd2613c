/** A message as the visitor receives it (the messages topic and `GET .../messages`). */
export interface Message {
  _id: string;
  text?: string;
  type: string;
  sender: string;
  senderFullname?: string;
  recipient: string;
  createdAt: string;
  attributes?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

/** One of the visitor's conversations, as `GET /:project_id/requests/me` lists it. */
export interface Conversation {
  requestId: string;
  firstText: string;
  lastAt: string;
  closed: boolean;
  rating?: number;
}
