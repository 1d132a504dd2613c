/**
 * The numbers of the Analytics page, from the server's analytics reports
 * (`/:project_id/analytics/...`, Tiledesk's paths and shapes plus Parley's percentiles, ratings
 * and per-agent counts), asked for the window's days in the chosen time zone. Days with nothing
 * are filled in with zeros so every chart has one point per day. The agents' table is one report
 * (`/requests/agents`), whatever the size of the team.
 */
import { api, unwrap } from '../api/client';
import { dayOf, daysBetween } from './range';
import type { Option } from './team';

export interface ReportQuery {
  projectId: string;
  startDate: string;
  endDate: string;
  timezone: string;
  departmentId?: string;
  agentId?: string;
}

export interface DayRow {
  day: string;
  conversations: number;
  bot: number;
  human: number;
  messages: number;
}

export interface TimeStats {
  avg: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
}

export interface AgentRow {
  id: string;
  name: string;
  conversations: number;
  firstResponseAvg: number | null;
  durationAvg: number | null;
  rating: number | null;
}

export interface AnalyticsData {
  days: DayRow[];
  conversations: number;
  messages: number;
  times: { waiting: TimeStats; firstResponse: TimeStats; duration: TimeStats } | undefined;
  rating: { avg: number | null; counts: Record<1 | 2 | 3 | 4 | 5, number> };
  agents: AgentRow[];
}

/** The window of every report, for the reports of messages (which have no department or agent). */
function windowParams(query: ReportQuery) {
  return {
    path: { project_id: query.projectId },
    query: { startDate: query.startDate, endDate: query.endDate, timezone: query.timezone },
  };
}

/** The window and the filters, for the reports of conversations; `participant` narrows to one agent. */
function paramsOf(query: ReportQuery, participant = query.agentId) {
  const { path, query: window } = windowParams(query);
  return {
    path,
    query: {
      ...window,
      ...(query.departmentId && { department_id: query.departmentId }),
      ...(participant && { participant }),
    },
  };
}

async function timesOf(query: ReportQuery) {
  const [row] = unwrap(await api.GET('/{project_id}/analytics/requests/percentiles', { params: paramsOf(query) }));
  return row && { waiting: row.waiting_time, firstResponse: row.first_response_time, duration: row.duration };
}

async function ratingOf(query: ReportQuery): Promise<number | null> {
  const [row] = unwrap(await api.GET('/{project_id}/analytics/requests/satisfaction', { params: paramsOf(query) }));
  return row?.satisfaction_avg ?? null;
}

export async function loadAnalytics(query: ReportQuery, agents: Option[]): Promise<AnalyticsData> {
  const params = paramsOf(query);
  const [perDay, perDayBot, messagesPerDay, times, rating, ratings, perAgent] = await Promise.all([
    api.GET('/{project_id}/analytics/requests/aggregate/day', { params }).then(unwrap),
    api.GET('/{project_id}/analytics/requests/aggregate/hasBot/day', { params }).then(unwrap),
    // Messages are counted per project and day: the department and agent filters do not apply.
    api.GET('/{project_id}/analytics/messages/aggregate/day', { params: windowParams(query) }).then(unwrap),
    timesOf(query),
    ratingOf(query),
    api.GET('/{project_id}/analytics/requests/satisfaction/ratings', { params }).then(unwrap),
    api.GET('/{project_id}/analytics/requests/agents', { params }).then(unwrap),
  ]);

  const byDay = new Map(
    daysBetween(query.startDate, query.endDate).map((day) => [
      day,
      { day, conversations: 0, bot: 0, human: 0, messages: 0 },
    ]),
  );
  for (const row of perDay) {
    const entry = byDay.get(dayOf(row._id));
    if (entry) entry.conversations = row.count;
  }
  for (const row of perDayBot) {
    const entry = byDay.get(dayOf(row._id));
    if (entry) entry[row._id.hasBot ? 'bot' : 'human'] += row.count;
  }
  for (const row of messagesPerDay) {
    const entry = byDay.get(dayOf(row._id));
    if (entry) entry.messages = row.count;
  }
  const days = [...byDay.values()];

  const counts = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  for (const row of ratings) {
    const value = Number(row._id.rating);
    if (value >= 1 && value <= 5) counts[value as 1 | 2 | 3 | 4 | 5] += row.count;
  }

  const names = new Map(agents.map((agent) => [agent.id, agent.name]));
  const agentRows = perAgent.map((row): AgentRow => ({
    id: row._id.agent,
    name: names.get(row._id.agent) ?? row._id.agent,
    conversations: row.count,
    firstResponseAvg: row.first_response_time_avg,
    durationAvg: row.duration_avg,
    rating: row.satisfaction_avg,
  }));

  return {
    days,
    conversations: days.reduce((sum, day) => sum + day.conversations, 0),
    messages: days.reduce((sum, day) => sum + day.messages, 0),
    times,
    rating: { avg: rating, counts },
    agents: agentRows.sort((a, b) => b.conversations - a.conversations || a.name.localeCompare(b.name)),
  };
}
