/**
 * Italian emails: the same kinds and data as en.ts, written in Italian rather than translated
 * word for word (informal "tu", as Italian SaaS products write; present tenses and impersonal turns
 * where a past participle would have to guess the reader's gender).
 */
import type { EmailKind, EmailTemplate } from '../email-kinds.js';
import { button, detailLines, details, fallbackLink, muted, nameOf, paragraph, quote, transcript } from './layout.js';

const requestRows: [string, string][] = [
  ['Da', 'request.requester.fullName'],
  ['Email', 'request.requester.email'],
  ['Reparto', 'request.departmentName'],
  ['Oggetto', 'request.subject'],
  ['Pagina', 'request.sourcePage'],
  ['Ticket', 'request.ticketId'],
];

const firstTextHtml = `{{#if request.firstText}}${quote('{{multiline request.firstText}}')}{{/if}}`;
const firstTextText = `{{#if request.firstText}}
{{request.firstText}}

{{/if}}`;

const buttonFallback = 'Se il pulsante non funziona, copia questo link nel browser:';

export const templates: Record<EmailKind, EmailTemplate> = {
  verify: {
    subject: 'Conferma il tuo indirizzo email per Parley',
    html: [
      paragraph(`Ciao ${nameOf('user')},`),
      paragraph('ti diamo il benvenuto su Parley! Conferma il tuo indirizzo email, così sappiamo che è davvero tuo.'),
      button('{{url}}', 'Conferma l’indirizzo email'),
      paragraph('Il link scade tra {{duration expiresInMinutes}}.'),
      fallbackLink(buttonFallback, '{{url}}'),
    ].join('\n'),
    text: `Ciao ${nameOf('user')},

ti diamo il benvenuto su Parley! Conferma il tuo indirizzo email aprendo questo link:

{{url}}

Il link scade tra {{duration expiresInMinutes}}.`,
  },

  resetPassword: {
    subject: 'Reimposta la password di Parley',
    html: [
      paragraph(`Ciao ${nameOf('user')},`),
      paragraph(
        'abbiamo ricevuto una richiesta di reimpostare la password del tuo account Parley{{#if user.email}} ({{user.email}}){{/if}}. Scegline una nuova qui:',
      ),
      button('{{url}}', 'Scegli una nuova password'),
      paragraph(
        'Il link scade tra {{duration expiresInMinutes}}. Se non l’hai chiesto tu, ignora pure questa email: la password attuale resta valida.',
      ),
      fallbackLink(buttonFallback, '{{url}}'),
    ].join('\n'),
    text: `Ciao ${nameOf('user')},

abbiamo ricevuto una richiesta di reimpostare la password del tuo account Parley{{#if user.email}} ({{user.email}}){{/if}}. Scegline una nuova qui:

{{url}}

Il link scade tra {{duration expiresInMinutes}}. Se non l’hai chiesto tu, ignora pure questa email: la password attuale resta valida.`,
  },

  passwordChanged: {
    subject: 'La password di Parley è stata modificata',
    html: [
      paragraph(`Ciao ${nameOf('user')},`),
      paragraph(
        'la password del tuo account Parley{{#if user.email}} ({{user.email}}){{/if}} è appena stata modificata. Se l’hai cambiata tu, non devi fare nient’altro.',
      ),
      paragraph(
        '<strong>Se non l’hai cambiata tu</strong>, qualcun altro potrebbe avere accesso al tuo account: reimposta subito la password dalla pagina di accesso.',
      ),
      button('{{signinUrl}}', 'Vai alla pagina di accesso'),
    ].join('\n'),
    text: `Ciao ${nameOf('user')},

la password del tuo account Parley{{#if user.email}} ({{user.email}}){{/if}} è appena stata modificata. Se l’hai cambiata tu, non devi fare nient’altro.

Se non l’hai cambiata tu, qualcun altro potrebbe avere accesso al tuo account: reimposta subito la password dalla pagina di accesso:

{{signinUrl}}`,
  },

  beenInvitedExistingUser: {
    subject: '[{{project.name}}] {{inviter.fullName}} ti ha aggiunto al team',
    html: [
      paragraph('Ciao,'),
      paragraph(
        '{{inviter.fullName}} ti ha aggiunto al team di <strong>{{project.name}}</strong> su Parley come {{roleName role}}. Accedi con il tuo account e inizia subito a rispondere alle conversazioni.',
      ),
      button('{{url}}', 'Apri {{project.name}}'),
    ].join('\n'),
    text: `Ciao,

{{inviter.fullName}} ti ha aggiunto al team di {{project.name}} su Parley come {{roleName role}}. Accedi con il tuo account e inizia subito a rispondere alle conversazioni:

{{url}}`,
  },

  beenInvitedNewUser: {
    subject: '[{{project.name}}] {{inviter.fullName}} ti invita a unirti al team',
    html: [
      paragraph('Ciao,'),
      paragraph(
        '{{inviter.fullName}} ti invita a unirti al team di <strong>{{project.name}}</strong> su Parley come {{roleName role}}. Per accettare, crea il tuo account con questo indirizzo ({{email}}).',
      ),
      button('{{url}}', 'Accetta l’invito'),
      fallbackLink(buttonFallback, '{{url}}'),
    ].join('\n'),
    text: `Ciao,

{{inviter.fullName}} ti invita a unirti al team di {{project.name}} su Parley come {{roleName role}}. Per accettare, crea il tuo account con questo indirizzo ({{email}}):

{{url}}`,
  },

  assignedRequest: {
    subject: '[{{project.name}}] Ti è stata assegnata una nuova conversazione',
    html: [
      paragraph(`Ciao ${nameOf('agent')},`),
      paragraph('ti è stata assegnata una conversazione con <strong>{{request.requester.fullName}}</strong>.'),
      details(requestRows),
      firstTextHtml,
      button('{{request.url}}', 'Apri la conversazione'),
    ].join('\n'),
    text: `Ciao ${nameOf('agent')},

ti è stata assegnata una conversazione con {{request.requester.fullName}}.

${detailLines(requestRows)}

${firstTextText}
Apri la conversazione:
{{request.url}}`,
  },

  pooledRequest: {
    subject:
      '[{{project.name}}] Nuova conversazione in attesa{{#if request.departmentName}} ({{request.departmentName}}){{/if}}',
    html: [
      paragraph(`Ciao ${nameOf('agent')},`),
      paragraph(
        '<strong>{{request.requester.fullName}}</strong> ha avviato una conversazione{{#if request.departmentName}} nel reparto {{request.departmentName}}{{/if}} ed è in attesa di un agente. Se ne occupa chi la prende in carico per primo.',
      ),
      details(requestRows),
      firstTextHtml,
      button('{{request.url}}', 'Prendi in carico'),
    ].join('\n'),
    text: `Ciao ${nameOf('agent')},

{{request.requester.fullName}} ha avviato una conversazione{{#if request.departmentName}} nel reparto {{request.departmentName}}{{/if}} ed è in attesa di un agente. Se ne occupa chi la prende in carico per primo.

${detailLines(requestRows)}

${firstTextText}
Prendi in carico la conversazione:
{{request.url}}`,
  },

  newMessageFollower: {
    subject: '[{{project.name}}] Nuovo messaggio da {{message.senderFullname}}',
    html: [
      paragraph(`Ciao ${nameOf('agent')},`),
      paragraph(
        '{{message.senderFullname}} ha scritto in una conversazione che segui{{#if request.requester.fullName}} (con {{request.requester.fullName}}){{/if}}:',
      ),
      quote('{{multiline message.text}}'),
      button('{{request.url}}', 'Rispondi'),
    ].join('\n'),
    text: `Ciao ${nameOf('agent')},

{{message.senderFullname}} ha scritto in una conversazione che segui{{#if request.requester.fullName}} (con {{request.requester.fullName}}){{/if}}:

{{message.text}}

Rispondi:
{{request.url}}`,
  },

  newMessage: {
    subject: '[{{project.name}}] Nuova risposta da {{message.senderFullname}}',
    html: [
      paragraph(`Ciao ${nameOf('visitor')},`),
      paragraph('{{message.senderFullname}} di {{project.name}} ha risposto alla tua conversazione:'),
      quote('{{multiline message.text}}'),
      button('{{transcriptUrl}}', 'Vedi la conversazione'),
    ].join('\n'),
    text: `Ciao ${nameOf('visitor')},

{{message.senderFullname}} di {{project.name}} ha risposto alla tua conversazione:

{{message.text}}

Vedi la conversazione:
{{transcriptUrl}}`,
  },

  sendTranscript: {
    subject: '[{{project.name}}] Trascrizione della conversazione{{#if request.ticketId}} #{{request.ticketId}}{{/if}}',
    html: [
      paragraph(
        'Ecco la trascrizione della tua conversazione con {{project.name}}{{#if request.subject}} su «{{request.subject}}»{{/if}}. Gli orari sono nel fuso {{timeZone}}.',
      ),
      transcript('visitatore'),
      `{{#if omitted}}${paragraph(
        '{{#plural omitted}}Un altro messaggio non è incluso{{else}}Altri {{omitted}} messaggi non sono inclusi{{/plural}} in questa email. Trovi la conversazione completa online:',
      )}{{/if}}`,
      button('{{transcriptUrl}}', 'Vedi la trascrizione completa'),
    ].join('\n'),
    text: `Ecco la trascrizione della tua conversazione con {{project.name}}{{#if request.subject}} su «{{request.subject}}»{{/if}}. Gli orari sono nel fuso {{timeZone}}.

{{#each messages}}
{{senderFullname}}{{#if fromVisitor}} (visitatore){{/if}} · {{date createdAt @root.timeZone}}
{{text}}

{{/each}}
{{#if omitted}}
{{#plural omitted}}Un altro messaggio non è incluso{{else}}Altri {{omitted}} messaggi non sono inclusi{{/plural}} in questa email. Trovi la conversazione completa online:
{{else}}
Vedi la trascrizione completa:
{{/if}}
{{transcriptUrl}}`,
  },

  emailDirect: {
    subject: '[{{project.name}}] {{subject}}',
    html: [
      paragraph('{{multiline text}}'),
      muted(
        'Questo messaggio riguarda la tua conversazione con {{project.name}}{{#if request.ticketId}} (ticket #{{request.ticketId}}){{/if}}.',
      ),
    ].join('\n'),
    text: `{{text}}

Questo messaggio riguarda la tua conversazione con {{project.name}}{{#if request.ticketId}} (ticket #{{request.ticketId}}){{/if}}.`,
  },

  test: {
    subject: '{{#if project}}[{{project.name}}] {{/if}}Email di prova da Parley',
    html: [
      paragraph('<strong>Funziona!</strong>'),
      paragraph(
        'Questa email di prova conferma che le impostazioni email{{#if project}} di {{project.name}}{{/if}} sono corrette: Parley riesce a inviare messaggi tramite il tuo server SMTP. Non devi fare nient’altro.',
      ),
    ].join('\n'),
    text: `Funziona!

Questa email di prova conferma che le impostazioni email{{#if project}} di {{project.name}}{{/if}} sono corrette: Parley riesce a inviare messaggi tramite il tuo server SMTP. Non devi fare nient’altro.`,
  },
};

/** Why the recipient gets each email: the layout's footer and the text's signature. */
export const footers: Record<EmailKind, string> = {
  verify:
    'Ricevi questa email perché questo indirizzo è stato usato per creare un account Parley. Se non l’hai creato tu, puoi ignorarla.',
  resetPassword:
    'Ricevi questa email perché è stata richiesta la reimpostazione della password del tuo account Parley.',
  passwordChanged: 'Ricevi questo avviso di sicurezza perché la password del tuo account Parley è cambiata.',
  beenInvitedExistingUser:
    'Ricevi questa email perché {{inviter.fullName}} ha aggiunto questo indirizzo a {{project.name}} su Parley.',
  beenInvitedNewUser:
    'Ricevi questa email perché {{inviter.fullName}} ha invitato questo indirizzo in {{project.name}} su Parley.',
  assignedRequest:
    'Ricevi questa email perché fai parte del team di {{project.name}} su Parley e questa conversazione è stata assegnata a te.',
  pooledRequest:
    'Ricevi questa email perché fai parte del team di {{project.name}}{{#if request.departmentName}} (reparto {{request.departmentName}}){{/if}} su Parley.',
  newMessageFollower:
    'Ricevi questa email perché segui questa conversazione in {{project.name}} ed eri offline quando è arrivato il messaggio.',
  newMessage: 'Ricevi questa email perché hai avviato una conversazione con {{project.name}}.',
  sendTranscript: 'Ricevi questa email perché hai partecipato a una conversazione con {{project.name}}.',
  emailDirect: 'Ricevi questa email perché hai contattato {{project.name}}.',
  test: 'Ricevi questa email perché qualcuno ha provato le impostazioni email{{#if project}} di {{project.name}}{{/if}} su Parley.',
};

/** Project roles as "… come {{roleName role}}" reads them; an unknown role is shown as it is. */
export const roleNames: Record<string, string> = {
  owner: 'proprietario',
  admin: 'amministratore',
  supervisor: 'supervisore',
  agent: 'agente',
};
