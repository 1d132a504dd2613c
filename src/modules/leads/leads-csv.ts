/**
 * The CSV export of leads, in Tiledesk's dialect (csv-express with `;` as separator): a header
 * row, text values in double quotes, numbers bare, no attributes. Columns are fixed rather than
 * taken from the first row, so every export has the same shape.
 */
import type { LeadRow } from '../../platform/db/tables.js';

const SEPARATOR = ';';
const EOL = '\r\n';

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

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab/CR) as a formula; a leading
 * apostrophe keeps visitor-supplied text inert (CSV injection).
 */
function cell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const inert = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${inert.replace(/"/g, '""')}"`;
}

export function csvHeader(): string {
  return COLUMNS.map(([header]) => cell(header)).join(SEPARATOR) + EOL;
}

export function csvRow(lead: LeadRow): string {
  return COLUMNS.map(([, value]) => cell(value(lead))).join(SEPARATOR) + EOL;
}
