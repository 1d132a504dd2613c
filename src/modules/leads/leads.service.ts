/** Leads (contacts). Every conversation's requester has one, keyed by their user id or uuid. */
import type { Platform } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { newObjectId, newUuid } from '../../platform/ids.js';
import { json, jsonOrNull } from '../../platform/db/json.js';
import type { LeadRow, ProjectRow } from '../../platform/db/tables.js';
import { isDescending, isTrue } from '../../platform/http/schemas.js';
import { createLeadsRepo, type LeadFilters, type LeadPage } from './leads.repo.js';
import { csvHeader, csvRow } from './leads-csv.js';
import {
  LEAD_SORT_COLUMNS,
  LEAD_STATUS,
  leadToWire,
  type CreateLeadInput,
  type ListLeadsQueryInput,
  type UpdateLeadInput,
} from './leads.schema.js';

/** A requester's lead, and whether this call created it (the caller then emits `lead.create`). */
export type RequesterLead = LeadRow & { inserted: boolean };

export type LeadsService = ReturnType<typeof createLeadsService>;

const DEFAULT_PAGE_SIZE = 40;
const MAX_PAGE_SIZE = 100;
/** Tiledesk's CSV export pages by 100,000 rows; we read them from the database in batches. */
const CSV_PAGE_SIZE = 100_000;
const CSV_BATCH = 1_000;

type LeadQuery = Omit<ListLeadsQueryInput, 'limit'>;

/** Words without a letter or digit match nothing; backslashes would escape the tsquery quoting. */
function searchWords(text: string): string[] {
  return text
    .split(/\s+/)
    .map((word) => word.replace(/\\/g, ''))
    .filter((word) => /[\p{L}\p{N}]/u.test(word));
}

function filtersFrom(query: LeadQuery): LeadFilters {
  if (query.segment !== undefined) throw errors.notFound('segment', query.segment);
  return {
    words: query.full_text?.trim() ? searchWords(query.full_text) : undefined,
    email: query.email,
    withEmail: isTrue(query.with_email),
    withFullname: isTrue(query.with_fullname),
    tags: query.tags,
    ...(query.status !== undefined ? { status: query.status } : { excludedStatus: LEAD_STATUS.deleted }),
  };
}

function orderFrom(query: LeadQuery): Pick<LeadPage, 'sort' | 'descending'> {
  return {
    sort: LEAD_SORT_COLUMNS[query.sort ?? 'createdAt'],
    descending: isDescending(query.direction),
  };
}

const unique = (values: string[]) => [...new Set(values)];

/** An empty string clears a contact field (stored as NULL, so absent on the wire). */
const text = (value: string) => value || null;

/** Contact fields of a body, as columns (only those present). */
function contactColumns(input: UpdateLeadInput) {
  return {
    ...(input.fullname !== undefined && { fullname: text(input.fullname) }),
    ...(input.email !== undefined && { email: text(input.email) }),
    ...(input.phone !== undefined && { phone: text(input.phone) }),
    ...(input.company !== undefined && { company: text(input.company) }),
    ...(input.note !== undefined && { note: text(input.note) }),
    ...(input.streetAddress !== undefined && { street_address: text(input.streetAddress) }),
    ...(input.city !== undefined && { city: text(input.city) }),
    ...(input.region !== undefined && { region: text(input.region) }),
    ...(input.zipcode !== undefined && { zipcode: text(input.zipcode) }),
    ...(input.country !== undefined && { country: text(input.country) }),
    ...(input.attributes !== undefined && { attributes: jsonOrNull(input.attributes) }),
    ...(input.tags !== undefined && { tags: json(unique(input.tags)) }),
  };
}

export function createLeadsService({ connection, transaction }: Platform) {
  const repo = createLeadsRepo(connection);
  async function mustFind(projectId: string, id: string): Promise<LeadRow> {
    const lead = await repo.findLeadById(projectId, id);
    if (!lead) throw errors.notFound('lead', id);
    return lead;
  }

  /** Runs one write on a lead, 404 when it is not in the project, and emits `lead.update`. */
  function change(project: ProjectRow, id: string, write: () => Promise<LeadRow | undefined>, extra: string[] = []) {
    return transaction(async ({ emit }) => {
      const lead = await write();
      if (!lead) throw errors.notFound('lead', id);
      const wire = leadToWire(lead);
      for (const name of ['lead.update', ...extra]) emit(name, project.id, wire);
      return lead;
    });
  }

  return {
    /**
     * The lead of a requester (guest uuid, external id or user id): created on first contact,
     * name and email refreshed when they change. Tiledesk's createIfNotExistsWithLeadId.
     * `inserted` is true when this call created it.
     */
    upsertForRequester(
      projectId: string,
      input: {
        leadId: string;
        fullname?: string;
        email?: string;
        attributes?: Record<string, unknown>;
        createdBy?: string;
      },
    ): Promise<RequesterLead> {
      return repo.upsertLeadByLeadId({
        id: newObjectId(),
        project_id: projectId,
        lead_id: input.leadId,
        fullname: input.fullname || null,
        email: input.email || null,
        attributes: jsonOrNull(input.attributes),
        created_by: input.createdBy ?? input.leadId,
      });
    },

    findByIds: (projectId: string, ids: string[]) => repo.findLeadsByIds(projectId, ids),

    findByLeadId: (projectId: string, leadId: string) => repo.findLeadByLeadId(projectId, leadId),

    get: (project: ProjectRow, id: string) => mustFind(project.id, id),

    /** GET /leads: one page of the matching leads and how many match in all. */
    async list(project: ProjectRow, query: ListLeadsQueryInput) {
      const filters = filtersFrom(query);
      const limit = Math.min(query.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
      const page = { ...orderFrom(query), offset: (query.page ?? 0) * limit, limit };
      const [leads, count] = await Promise.all([
        repo.listLeads(project.id, filters, page),
        repo.countLeads(project.id, filters),
      ]);
      return { perPage: limit, count, leads };
    },

    /**
     * GET /leads/csv: the same filters as the list, as CSV lines read in batches. The first batch
     * is read before the response starts, so a query the database refuses still gets its error
     * status instead of a 200 cut short; the later batches differ only by their offset.
     */
    async exportCsv(project: ProjectRow, query: LeadQuery): Promise<AsyncGenerator<string>> {
      const filters = filtersFrom(query);
      const order = orderFrom(query);
      const start = (query.page ?? 0) * CSV_PAGE_SIZE;
      const batchAt = (offset: number) =>
        repo.listLeads(project.id, filters, { ...order, offset: start + offset, limit: CSV_BATCH });
      const first = await batchAt(0);
      return (async function* () {
        yield csvHeader();
        let batch = first;
        for (let offset = 0; ;) {
          if (batch.length > 0) yield batch.map(csvRow).join('');
          offset += CSV_BATCH;
          if (batch.length < CSV_BATCH || offset >= CSV_PAGE_SIZE) return;
          batch = await batchAt(offset);
        }
      })();
    },

    /** POST /leads: a new contact; `lead_id` defaults to a fresh uuid and must be unused. */
    create(project: ProjectRow, createdBy: string, input: CreateLeadInput) {
      const leadId = input.lead_id ?? newUuid();
      return transaction(async ({ emit }) => {
        const lead = await repo.insertLead({
          id: newObjectId(),
          project_id: project.id,
          lead_id: leadId,
          created_by: createdBy,
          properties: jsonOrNull(input.properties),
          ...contactColumns(input),
        });
        if (!lead) throw errors.conflict(`A lead with lead_id ${leadId} already exists in this project.`);
        emit('lead.create', project.id, leadToWire(lead));
        return lead;
      });
    },

    /** PUT /leads/:id: the allow-listed fields present in the body; tags are replaced. */
    update(project: ProjectRow, id: string, input: UpdateLeadInput) {
      // Tiledesk's finer events, which its listeners use to refresh conversation snapshots.
      const extra = [
        ...(input.fullname !== undefined ? ['lead.fullname.update'] : []),
        ...(input.email !== undefined ? ['lead.email.update'] : []),
        ...(input.fullname !== undefined || input.email !== undefined ? ['lead.fullname.email.update'] : []),
      ];
      const columns = { ...contactColumns(input), ...(input.status !== undefined && { status: input.status }) };
      return change(project, id, () => repo.updateLead(project.id, id, columns), extra);
    },

    addTags: (project: ProjectRow, id: string, tags: string[]) =>
      change(project, id, () => repo.appendLeadTags(project.id, id, unique(tags))),

    removeTag: (project: ProjectRow, id: string, tag: string) =>
      change(project, id, () => repo.removeLeadTag(project.id, id, tag)),

    mergeAttributes: (project: ProjectRow, id: string, patch: Record<string, unknown>) =>
      change(project, id, () => repo.mergeLeadObject(project.id, id, 'attributes', json(patch))),

    mergeProperties: (project: ProjectRow, id: string, patch: Record<string, unknown>) =>
      change(project, id, () => repo.mergeLeadObject(project.id, id, 'properties', json(patch))),

    /** DELETE /leads/:id: the lead stays, with the deleted status, out of lists by default. */
    softDelete(project: ProjectRow, id: string) {
      return transaction(async ({ emit }) => {
        const lead = await repo.updateLead(project.id, id, { status: LEAD_STATUS.deleted });
        if (!lead) throw errors.notFound('lead', id);
        emit('lead.delete', project.id, leadToWire(lead));
        return lead;
      });
    },

    hardDelete(project: ProjectRow, id: string) {
      return transaction(async ({ emit }) => {
        const lead = await repo.deleteLead(project.id, id);
        if (!lead) throw errors.notFound('lead', id);
        emit('lead.delete', project.id, leadToWire(lead));
        return lead;
      });
    },
  };
}
