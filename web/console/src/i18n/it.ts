/** Italiano. Typed against the English catalogue: a missing key fails the type check. */
import type { MessageKey } from './en';
import { it as inbox } from '../inbox/messages';
import { it as conversation } from '../conversation/messages';
import { it as contacts } from '../contacts/messages';
import { it as bots } from '../bots/messages';
import { it as canned } from '../canned/messages';
import { it as team } from '../team/messages';
import { it as settings } from '../settings/messages';
import { it as webhooks } from '../webhooks/messages';

export const it: Record<MessageKey, string> = {
  ...inbox,
  ...conversation,
  ...contacts,
  ...bots,
  ...canned,
  ...team,
  ...settings,
  ...webhooks,
  'nav.label': 'Progetto',
  'nav.inbox': 'Conversazioni',
  'nav.contacts': 'Contatti',
  'nav.bots': 'Bot',
  'nav.canned': 'Risposte rapide',
  'nav.team': 'Team',
  'nav.settings': 'Impostazioni',
  'nav.webhooks': 'Webhook',
  'nav.analytics': 'Statistiche',
  'nav.projects': 'Tutti i progetti',
  'connection.online': 'In linea',
  'connection.connecting': 'Connessione…',
  'connection.offline': 'Non in linea, riconnessione…',
  'toast.dismiss': 'Chiudi',
  'app.title': 'Console di Parley',
  'app.language': 'Lingua',
  'app.skip': 'Vai al contenuto',
  'app.signOut': 'Esci',
  'language.en': 'English',
  'language.it': 'Italiano',

  'signIn.title': 'Accedi',
  'signIn.email': 'Email',
  'signIn.password': 'Password',
  'signIn.submit': 'Accedi',

  'signUp.title': 'Crea il tuo account',
  'signUp.firstname': 'Nome',
  'signUp.lastname': 'Cognome',
  'signUp.submit': 'Crea l’account',
  'signUp.create': 'Sei nuovo? Crea un account',
  'signUp.haveAccount': 'Ho già un account: accedi',

  'projects.newName': 'Nome del nuovo progetto',
  'projects.create': 'Crea un progetto',

  'started.title': 'Il progetto {name} è pronto',
  'started.available': 'Sei disponibile per le chat: lo dice l’interruttore in alto.',
  'started.visitor': 'Sii il tuo primo visitatore: apri il widget di chat in una nuova scheda e scrivi qualcosa.',
  'started.openWidget': 'Apri il widget',
  'started.answer': 'La conversazione arriva dal vivo tra le tue conversazioni: aprila e rispondi.',
  'started.openInbox': 'Apri le conversazioni',
  'started.settings': 'Impostazioni del progetto e codice da incorporare',

  'projects.title': 'Scegli un progetto',
  'projects.none': 'Non fai ancora parte di alcun progetto.',

  'status.loading': 'Caricamento…',
  'status.error': 'Qualcosa è andato storto: {message}',

  'analytics.title': 'Statistiche',
  'analytics.forbidden': 'Le statistiche sono riservate ai proprietari e agli amministratori del progetto.',
  'analytics.empty': 'Nessuna conversazione né messaggio in questo periodo.',

  'filters.range': 'Periodo',
  'filters.lastDays': 'Ultimi {days} giorni',
  'filters.custom': 'Date a scelta',
  'filters.from': 'Dal',
  'filters.to': 'Al',
  'filters.timezone': 'Fuso orario',
  'filters.department': 'Reparto',
  'filters.agent': 'Operatore',
  'filters.all': 'Tutti',
  'filters.invalidRange': 'Scegli una data di inizio e una di fine successiva, al massimo a un anno di distanza.',

  'summary.conversations': 'Conversazioni',
  'summary.botServed': 'Gestite da un bot',
  'summary.messages': 'Messaggi',
  'summary.firstResponse': 'Prima risposta media',
  'summary.rating': 'Valutazione media',

  'charts.conversations': 'Conversazioni al giorno',
  'charts.human': 'Solo operatori',
  'charts.bot': 'Gestite da un bot',
  'charts.messages': 'Messaggi al giorno',
  'charts.messagesSeries': 'Messaggi',
  'charts.messagesUnfiltered':
    'Tutti i messaggi del progetto: i filtri per reparto e operatore valgono per le conversazioni.',
  'charts.times': 'Tempi di risposta',
  'charts.timesCaption': 'Attesa media {waiting}, prima risposta {firstResponse}, durata {duration}.',
  'charts.waiting': 'Attesa',
  'charts.firstResponse': 'Prima risposta',
  'charts.duration': 'Durata',
  'charts.average': 'Media',
  'charts.p50': 'Mediana',
  'charts.p90': '90° percentile',
  'charts.p95': '95° percentile',
  'charts.minutes': 'Minuti',
  'charts.ratings': 'Soddisfazione (CSAT)',
  'charts.ratingsCaption': 'Valutazione media {average} su 5.',
  'charts.ratingsSeries': 'Conversazioni',

  'agents.title': 'Operatori',
  'agents.none': 'Nessun operatore ha partecipato a conversazioni in questo periodo.',
  'agents.agent': 'Operatore',
  'agents.conversations': 'Conversazioni',
  'agents.firstResponse': 'Prima risposta media',
  'agents.duration': 'Durata media',
  'agents.rating': 'Valutazione media',

  'export.days': 'Esporta i giorni (CSV)',
  'export.agents': 'Esporta gli operatori (CSV)',
  'csv.day': 'Giorno',
  'csv.conversations': 'Conversazioni',
  'csv.botServed': 'Gestite da un bot',
  'csv.human': 'Solo operatori',
  'csv.messages': 'Messaggi',
  'csv.agent': 'Operatore',
  'csv.agentId': 'Id operatore',
  'csv.firstResponseSeconds': 'Prima risposta media (s)',
  'csv.durationSeconds': 'Durata media (s)',
  'csv.rating': 'Valutazione media',

  'unit.seconds': '{value} s',
  'unit.minutes': '{value} min',
  'unit.hours': '{value} h',
  'unit.days': '{value} g',
};
