/**
 * English: the catalogue that defines the keys (see i18n.ts). `{name}` is filled in by t(). Each
 * area of the console keeps its own strings next to its screens (`<area>/messages.ts`).
 */
import { en as inbox } from '../inbox/messages';
import { en as conversation } from '../conversation/messages';
import { en as contacts } from '../contacts/messages';
import { en as bots } from '../bots/messages';
import { en as canned } from '../canned/messages';
import { en as team } from '../team/messages';
import { en as settings } from '../settings/messages';
import { en as webhooks } from '../webhooks/messages';

export const en = {
  ...inbox,
  ...conversation,
  ...contacts,
  ...bots,
  ...canned,
  ...team,
  ...settings,
  ...webhooks,
  'nav.label': 'Project',
  'nav.inbox': 'Inbox',
  'nav.contacts': 'Contacts',
  'nav.bots': 'Bots',
  'nav.canned': 'Canned responses',
  'nav.team': 'Team',
  'nav.settings': 'Settings',
  'nav.webhooks': 'Webhooks',
  'nav.analytics': 'Analytics',
  'nav.projects': 'All projects',
  'connection.online': 'Live',
  'connection.connecting': 'Connecting…',
  'connection.offline': 'Offline, reconnecting…',
  'toast.dismiss': 'Dismiss',
  'app.title': 'Parley console',
  'app.language': 'Language',
  'app.skip': 'Skip to content',
  'app.signOut': 'Sign out',
  'language.en': 'English',
  'language.it': 'Italiano',

  'signIn.title': 'Sign in',
  'signIn.email': 'Email',
  'signIn.password': 'Password',
  'signIn.submit': 'Sign in',

  'signUp.title': 'Create your account',
  'signUp.firstname': 'First name',
  'signUp.lastname': 'Last name',
  'signUp.submit': 'Create the account',
  'signUp.create': 'New here? Create an account',
  'signUp.haveAccount': 'I have an account: sign in',

  'projects.newName': 'New project name',
  'projects.create': 'Create a project',

  'started.title': 'Your project {name} is ready',
  'started.available': 'You are available for chats: the switch at the top says so.',
  'started.visitor': 'Be your first visitor: open the chat widget in a new tab and write something.',
  'started.openWidget': 'Open the widget',
  'started.answer': 'The conversation arrives live in your inbox: open it and answer.',
  'started.openInbox': 'Open the inbox',
  'started.settings': 'Project settings and the embed snippet',

  'projects.title': 'Choose a project',
  'projects.none': 'You are not a member of any project yet.',

  'status.loading': 'Loading…',
  'status.error': 'Something went wrong: {message}',

  'analytics.title': 'Analytics',
  'analytics.forbidden': 'Analytics are for the owners and administrators of the project.',
  'analytics.empty': 'No conversations or messages in this period.',

  'filters.range': 'Period',
  'filters.lastDays': 'Last {days} days',
  'filters.custom': 'Custom dates',
  'filters.from': 'From',
  'filters.to': 'To',
  'filters.timezone': 'Time zone',
  'filters.department': 'Department',
  'filters.agent': 'Agent',
  'filters.all': 'All',
  'filters.invalidRange': 'Choose a start date and an end date after it, at most a year apart.',

  'summary.conversations': 'Conversations',
  'summary.botServed': 'Served by a bot',
  'summary.messages': 'Messages',
  'summary.firstResponse': 'Average first response',
  'summary.rating': 'Average rating',

  'charts.conversations': 'Conversations per day',
  'charts.human': 'Agents only',
  'charts.bot': 'Served by a bot',
  'charts.messages': 'Messages per day',
  'charts.messagesSeries': 'Messages',
  'charts.messagesUnfiltered': 'All the project’s messages: the department and agent filters apply to conversations.',
  'charts.times': 'Response times',
  'charts.timesCaption': 'Average waiting {waiting}, first response {firstResponse}, duration {duration}.',
  'charts.waiting': 'Waiting',
  'charts.firstResponse': 'First response',
  'charts.duration': 'Duration',
  'charts.average': 'Average',
  'charts.p50': 'Median',
  'charts.p90': '90th percentile',
  'charts.p95': '95th percentile',
  'charts.minutes': 'Minutes',
  'charts.ratings': 'Satisfaction (CSAT)',
  'charts.ratingsCaption': 'Average rating {average} out of 5.',
  'charts.ratingsSeries': 'Conversations',

  'agents.title': 'Agents',
  'agents.none': 'No agent took part in a conversation in this period.',
  'agents.agent': 'Agent',
  'agents.conversations': 'Conversations',
  'agents.firstResponse': 'Average first response',
  'agents.duration': 'Average duration',
  'agents.rating': 'Average rating',

  'export.days': 'Export days (CSV)',
  'export.agents': 'Export agents (CSV)',
  'csv.day': 'Day',
  'csv.conversations': 'Conversations',
  'csv.botServed': 'Served by a bot',
  'csv.human': 'Agents only',
  'csv.messages': 'Messages',
  'csv.agent': 'Agent',
  'csv.agentId': 'Agent id',
  'csv.firstResponseSeconds': 'Average first response (s)',
  'csv.durationSeconds': 'Average duration (s)',
  'csv.rating': 'Average rating',

  'unit.seconds': '{value} s',
  'unit.minutes': '{value} min',
  'unit.hours': '{value} h',
  'unit.days': '{value} d',
};

export type MessageKey = keyof typeof en;
