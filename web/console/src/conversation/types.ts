/**
 * The parts of the API's documents this view reads (a message, a request, its lead and notes), as
 * the server sends them (src/modules/conversations/*.schema.ts). Free-form objects stay unknown.
 */
export type FreeObject = Record<string, unknown>;

export interface Message {
  _id: string;
  sender: string;
  senderFullname: string;
  recipient: string;
  type: string;
  text?: string;
  status: number;
  attributes?: FreeObject;
  metadata?: FreeObject;
  createdAt: string;
}

export interface Note {
  _id: string;
  text: string;
  createdBy: string;
  createdAt: string;
}

export interface Tag {
  _id: string;
  tag: string;
  color?: string;
}

export interface Lead {
  _id: string;
  lead_id: string;
  fullname?: string;
  email?: string;
  phone?: string;
  tags: string[];
  attributes?: FreeObject;
}

export interface ConversationRequest {
  _id: string;
  request_id: string;
  status: number;
  first_text: string;
  subject?: string;
  participants: string[];
  participantsAgents: string[];
  participantsBots: string[];
  followers: string[];
  tags: Tag[];
  notes: Note[];
  rating?: number;
  rating_message?: string;
  lead?: string | Lead;
  department?: string | { _id: string; name: string; id_bot?: string };
  sourcePage?: string;
  language?: string;
  userAgent?: string;
  location?: FreeObject;
  attributes?: FreeObject;
  createdAt: string;
  closed_at?: string;
}

/** The lead when the request embeds it (it does when populated, as GET and the topic send it). */
export function leadOf(request: ConversationRequest): Lead | undefined {
  return typeof request.lead === 'object' ? request.lead : undefined;
}
