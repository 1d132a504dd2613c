/** Leads (contacts). Every conversation's requester has one, keyed by their user id or uuid. */
import type { Platform } from '../../platform/context.js';
import type { Trx } from '../../platform/events/event-bus.js';
import { newObjectId } from '../../platform/ids.js';
import { jsonOrNull } from '../../platform/db/json.js';
import type { LeadRow } from '../../platform/db/tables.js';
import * as repo from './leads.repo.js';

type Conn = Platform['db'] | Trx;

export type LeadsService = ReturnType<typeof createLeadsService>;

export function createLeadsService({ db }: Platform) {
  return {
    /**
     * The lead of a requester (guest uuid, external id or user id): created on first contact,
     * name and email refreshed when they change. Tiledesk's createIfNotExistsWithLeadId.
     * `inserted` tells a new lead (lead.create) from a refreshed one.
     */
    upsertForRequester(
      trx: Trx,
      projectId: string,
      input: {
        leadId: string;
        fullname?: string;
        email?: string;
        attributes?: Record<string, unknown>;
        createdBy?: string;
      },
    ): Promise<LeadRow & { inserted: boolean }> {
      return repo.upsertLeadByLeadId(trx, {
        id: newObjectId(),
        project_id: projectId,
        lead_id: input.leadId,
        fullname: input.fullname || null,
        email: input.email || null,
        attributes: jsonOrNull(input.attributes),
        created_by: input.createdBy ?? input.leadId,
        phone: null,
        company: null,
        note: null,
        street_address: null,
        city: null,
        region: null,
        zipcode: null,
        country: null,
        properties: null,
      });
    },

    findByIds: (projectId: string, ids: string[], conn: Conn = db) => repo.findLeadsByIds(conn, projectId, ids),

    findByLeadId: (projectId: string, leadId: string, conn: Conn = db) =>
      repo.findLeadByLeadId(conn, projectId, leadId),
  };
}
