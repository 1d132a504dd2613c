/**
 * The CSV export of leads, in Tiledesk's dialect (csv-express with `;` as separator): a header
 * row, text values in double quotes (guarded against formulas), numbers bare, no attributes. Columns are fixed rather than
 * taken from the first row, so every export has the same shape.
 */
import type { LeadRow } from '../../platform/db/tables.js';
import { csvLine, type CsvDialect } from '../../platform/http/csv.js';

const DIALECT: CsvDialect = { separator: ';', eol: '\r\n', bareNumbers: true };

const COLUMNS: Array<[header: string, value: (lead: LeadRow) => string | number | null]> = [
  ['_id', (lead) => lead.id],
  ['lead_id', (lead) => lead.lead_id],
  ['fullname', (lead) => lead.fullname],
  ['email', (lead) => lead.email],
  ['phone', (lead) => lead.phone],
  ['company', (lead) => lead.company],
  ['note', (lead) => lead.note],
  ['streetAddress', (lead) => lead.street_address],
  ['city', (lead) => lead.city],
  ['region', (lead) => lead.region],
  ['zipcode', (lead) => lead.zipcode],
  ['country', (lead) => lead.country],
  ['tags', (lead) => (lead.tags ?? []).join(',')],
  ['status', (lead) => lead.status],
  ['id_project', (lead) => lead.project_id],
  ['createdBy', (lead) => lead.created_by],
  ['createdAt', (lead) => lead.created_at.toISOString()],
  ['updatedAt', (lead) => lead.updated_at.toISOString()],
];

export function csvHeader(): string {
  return csvLine(
    COLUMNS.map(([header]) => header),
    DIALECT,
  );
}

export function csvRow(lead: LeadRow): string {
  return csvLine(
    COLUMNS.map(([, value]) => value(lead)),
    DIALECT,
  );
}
