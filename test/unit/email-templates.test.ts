/**
 * The email templates and their renderer (src/modules/email/email-templates.ts): every kind in every
 * language renders its data, escapes it in HTML only, keeps subjects on one line, and a project's
 * override (a body, a whole document, separate parts) is used, or replaced by the default with a
 * warning when it cannot be rendered.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Handlebars from 'handlebars';
import { EMAIL_KINDS, EMAIL_LANGUAGES, type EmailData, type MessageView } from '../../src/modules/email/email-kinds.js';
import { defaultTemplate, isEmailKind, pickLanguage, renderEmail } from '../../src/modules/email/email-templates.js';

const escape = Handlebars.Utils.escapeExpression;

const project = { id: '65a1b2c3d4e5f6a7b8c9d0e1', name: 'Acme Support' };
const requester = { fullName: 'Giulia Bianchi', firstname: 'Giulia', lastname: 'Bianchi', email: 'giulia@example.com' };
const agent = { fullName: 'Anna Verdi', firstname: 'Anna', lastname: 'Verdi', email: 'anna@acme.test' };
const request = {
  requestId: 'support-group-65a1b2c3d4e5f6a7b8c9d0e1-0123456789abcdef0123456789abcdef',
  ticketId: 42,
  subject: 'Refund for order 1001',
  firstText: 'Hello,\nI was charged twice.',
  departmentName: 'Billing',
  requester,
  sourcePage: 'https://acme.test/pricing',
  url: 'https://app.parley.test/console/#/65a1/inbox/support-group-x?tab=1&from=email',
};
const message: MessageView = {
  senderFullname: 'Anna Verdi',
  text: 'Sorry about that!\nThe refund is on its way.',
  createdAt: '2026-12-03T13:05:00.000Z',
  fromVisitor: false,
};
const transcriptUrl = 'https://parley.test/public/requests/support-group-x/messages.html';
const messages: MessageView[] = [
  {
    senderFullname: 'Giulia Bianchi',
    text: 'Hello,\nI was charged twice.',
    createdAt: '2026-12-03T13:04:00.000Z',
    fromVisitor: true,
  },
  message,
  { senderFullname: 'Giulia Bianchi', text: 'Thanks!', createdAt: '2026-12-03T13:07:00.000Z', fromVisitor: true },
];

const samples: { [K in keyof EmailData]: EmailData[K] } = {
  verify: { user: agent, url: 'https://app.parley.test/verify/u1/c0de?lang=en&x=1', expiresInMinutes: 1440 },
  resetPassword: { user: agent, url: 'https://app.parley.test/resetpassword/r3s3t', expiresInMinutes: 60 },
  passwordChanged: { user: agent, signinUrl: 'https://app.parley.test/login' },
  beenInvitedExistingUser: { inviter: requester, project, role: 'admin', url: 'https://app.parley.test/project/65a1' },
  beenInvitedNewUser: {
    inviter: requester,
    project,
    role: 'agent',
    email: 'new.agent@acme.test',
    url: 'https://app.parley.test/signup?email=new.agent%40acme.test&invite=1',
  },
  assignedRequest: { agent, project, request },
  pooledRequest: { agent, project, request },
  newMessageFollower: { agent, project, request, message: { ...message, senderFullname: 'Marco Neri' } },
  newMessage: { visitor: requester, project, request, message, transcriptUrl },
  sendTranscript: { project, request, messages, omitted: 0, transcriptUrl, timeZone: 'Europe/Rome' },
  emailDirect: { project, request, subject: 'About your refund', text: 'Hi Giulia,\nthe refund was issued today.' },
  test: { project },
};

/** Values each kind must show, in its text and (escaped) in its HTML. */
const shown: Record<keyof EmailData, string[]> = {
  verify: ['Anna', samples.verify.url],
  resetPassword: ['Anna', 'anna@acme.test', samples.resetPassword.url],
  passwordChanged: ['Anna', samples.passwordChanged.signinUrl],
  beenInvitedExistingUser: ['Giulia Bianchi', 'Acme Support', samples.beenInvitedExistingUser.url],
  beenInvitedNewUser: ['Giulia Bianchi', 'Acme Support', 'new.agent@acme.test', samples.beenInvitedNewUser.url],
  assignedRequest: ['Anna', 'Giulia Bianchi', 'giulia@example.com', 'Billing', 'I was charged twice.', request.url],
  pooledRequest: ['Anna', 'Giulia Bianchi', 'Billing', 'Refund for order 1001', request.url],
  newMessageFollower: ['Anna', 'Marco Neri', 'The refund is on its way.', request.url],
  newMessage: ['Giulia', 'Anna Verdi', 'Acme Support', 'The refund is on its way.', transcriptUrl],
  sendTranscript: ['Acme Support', 'Giulia Bianchi', 'Anna Verdi', 'Thanks!', transcriptUrl],
  emailDirect: ['the refund was issued today.', 'Acme Support'],
  test: ['Acme Support'],
};

/** Subjects that name the project carry it in brackets, first. */
const withProject = EMAIL_KINDS.filter((kind) => 'project' in samples[kind]);

describe('email templates: every kind in every language', () => {
  for (const kind of EMAIL_KINDS) {
    for (const language of EMAIL_LANGUAGES) {
      it(`${kind} (${language}) shows its data, in the layout, with nothing missing`, () => {
        const email = renderEmail(kind, language, samples[kind]);
        assert.equal(email.warnings, undefined);
        assert.ok(email.subject.length > 0);
        for (const value of shown[kind]) {
          assert.ok(email.text.includes(value), `text of ${kind} shows ${value}:\n${email.text}`);
          assert.ok(email.html.includes(escape(value)), `html of ${kind} shows ${value}`);
        }
        if (withProject.includes(kind)) assert.ok(email.subject.startsWith('[Acme Support] '), email.subject);
        for (const part of [email.subject, email.html, email.text]) {
          assert.doesNotMatch(part, /undefined|\[object Object\]|NaN|\{\{|\}\}/);
        }
        assert.match(email.html, new RegExp(`^<!DOCTYPE html>\\n<html lang="${language}"`));
        assert.ok(email.html.includes('max-width:600px'));
        assert.doesNotMatch(email.html, /<script|<link|<style|<img/i);
        // The why-line closes both parts: the layout's footer, the text's signature.
        assert.match(email.text, /\n\n-- \n.+$/);
      });
    }

    it(`${kind}: the Italian email is not the English one`, () => {
      const english = renderEmail(kind, 'en', samples[kind]);
      const italian = renderEmail(kind, 'it', samples[kind]);
      // An agent's direct email keeps the subject they wrote, in any language.
      if (kind !== 'emailDirect') assert.notEqual(italian.subject, english.subject);
      assert.notEqual(italian.text, english.text);
      assert.notEqual(italian.html, english.html);
    });
  }

  it('the header names the project, or Parley when there is none', () => {
    const header = (html: string) => /font-size:18px;[^>]*>([^<]*)</.exec(html)?.[1];
    assert.equal(header(renderEmail('assignedRequest', 'en', samples.assignedRequest).html), 'Acme Support');
    assert.equal(header(renderEmail('verify', 'en', samples.verify).html), 'Parley');
    assert.equal(header(renderEmail('test', 'it', {}).html), 'Parley');
    assert.equal(renderEmail('test', 'en', {}).subject, 'Parley test email');
  });

  it('a link expiry reads as a duration in the language', () => {
    assert.match(renderEmail('verify', 'en', samples.verify).text, /expires in 1 day\./);
    assert.match(renderEmail('verify', 'it', samples.verify).text, /scade tra 1 giorno\./);
    assert.match(renderEmail('resetPassword', 'en', samples.resetPassword).text, /expires in 1 hour\./);
    const thirty = { ...samples.resetPassword, expiresInMinutes: 30 };
    assert.match(renderEmail('resetPassword', 'it', thirty).text, /scade tra 30 minuti\./);
  });

  it('an invitation names the role in the language; an unknown role as it is', () => {
    assert.match(
      renderEmail('beenInvitedExistingUser', 'en', samples.beenInvitedExistingUser).text,
      /as an administrator\./,
    );
    assert.match(renderEmail('beenInvitedNewUser', 'it', samples.beenInvitedNewUser).text, /come agente\./);
    const custom = { ...samples.beenInvitedNewUser, role: 'constructor' };
    assert.match(renderEmail('beenInvitedNewUser', 'en', custom).text, /as constructor\./);
  });

  it('optional request fields leave no empty labels behind', () => {
    const bare = {
      agent: { fullName: 'Anna Verdi' },
      project,
      request: { requestId: 'r', requester, url: request.url },
    };
    const email = renderEmail('assignedRequest', 'en', bare);
    assert.match(email.text, /^Hi Anna Verdi,/);
    assert.doesNotMatch(email.text, /Department|Subject|Page|Ticket/);
    assert.doesNotMatch(email.text, /\n\n\n/);
    assert.doesNotMatch(email.html, />Department</);
  });
});

describe('email templates: transcripts', () => {
  it('lists every message with its sender and time in the zone; visitor messages are marked', () => {
    const email = renderEmail('sendTranscript', 'en', samples.sendTranscript);
    assert.ok(email.text.includes('Giulia Bianchi (visitor) · 3 Dec 2026, 14:04\nHello,\nI was charged twice.'));
    assert.ok(email.text.includes('Anna Verdi · 3 Dec 2026, 14:05\nSorry about that!'));
    assert.equal(email.html.match(/background-color:#eef2ff/g)?.length, 2);
    assert.equal(email.html.match(/ · visitor · /g)?.length, 2);
    assert.ok(email.html.includes('Hello,<br>\nI was charged twice.'));
    assert.doesNotMatch(email.text, /more messages? (is|are)/);
  });

  it('Italian times are formatted in Italian', () => {
    const email = renderEmail('sendTranscript', 'it', samples.sendTranscript);
    assert.ok(email.text.includes('Giulia Bianchi (visitatore) · 3 dic 2026, 14:04'));
    assert.ok(email.html.includes('3 dic 2026, 14:05'));
  });

  it('messages left out are announced with the transcript link', () => {
    const many = renderEmail('sendTranscript', 'en', { ...samples.sendTranscript, omitted: 3 });
    assert.ok(many.text.includes('3 more messages aren’t included in this email.'));
    assert.ok(many.html.includes('3 more messages aren’t included in this email.'));
    assert.ok(many.text.includes(`online:\n${transcriptUrl}`));
    const one = renderEmail('sendTranscript', 'en', { ...samples.sendTranscript, omitted: 1 });
    assert.ok(one.text.includes('One more message isn’t included'));
    const italian = renderEmail('sendTranscript', 'it', { ...samples.sendTranscript, omitted: 5 });
    assert.ok(italian.text.includes('Altri 5 messaggi non sono inclusi in questa email.'));
  });

  it('a missing or unknown time zone shows UTC', () => {
    for (const timeZone of ['', 'Mars/Olympus_Mons']) {
      const email = renderEmail('sendTranscript', 'en', { ...samples.sendTranscript, timeZone });
      assert.ok(email.text.includes('Anna Verdi · 3 Dec 2026, 13:05'), email.text);
    }
  });

  it('the date helper takes any zone, in the language of the email', () => {
    const override = { text: '{{date "2026-07-01T10:00:00Z" "America/New_York"}} / {{date "not a date"}}' };
    assert.match(renderEmail('test', 'en', {}, override).text, /^1 Jul 2026, 06:00 \/ not a date\n/);
    assert.match(renderEmail('test', 'it', {}, override).text, /^1 lug 2026, 06:00 \/ not a date\n/);
  });
});

describe('email templates: escaping and subjects', () => {
  const hostile = '<script>alert("x")</script>';
  const data = {
    ...samples.newMessageFollower,
    agent: { ...agent, firstname: hostile },
    message: { ...message, senderFullname: 'Tom & Jerry <b>', text: `${hostile}\nsecond line` },
  };

  it('values are escaped in the HTML, not in the text', () => {
    const email = renderEmail('newMessageFollower', 'en', data);
    assert.doesNotMatch(email.html, /<script/);
    assert.ok(email.html.includes('Hi &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;,'));
    assert.ok(email.html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>\nsecond line'));
    assert.ok(email.html.includes('Tom &amp; Jerry &lt;b&gt;'));
    assert.ok(email.text.includes(`Hi ${hostile},`));
    assert.ok(email.text.includes(`${hostile}\nsecond line`));
  });

  it('a subject is a header, not HTML: plain characters, escaped only in the document title', () => {
    const email = renderEmail('newMessageFollower', 'en', data);
    assert.equal(email.subject, '[Acme Support] New message from Tom & Jerry <b>');
    assert.ok(email.html.includes('<title>[Acme Support] New message from Tom &amp; Jerry &lt;b&gt;</title>'));
  });

  it('a subject is one line of at most 200 characters', () => {
    const injected = { ...samples.emailDirect, subject: 'Hello\r\nBcc: victim@example.com\n\tagain\u2028end' };
    assert.equal(
      renderEmail('emailDirect', 'en', injected).subject,
      '[Acme Support] Hello Bcc: victim@example.com again end',
    );
    const long = renderEmail('emailDirect', 'en', { ...samples.emailDirect, subject: 'x'.repeat(500) });
    assert.equal(long.subject.length, 200);
    const override = renderEmail('test', 'en', { project }, { subject: '  Line one\n\nline {{project.name}}\r\n' });
    assert.equal(override.subject, 'Line one line Acme Support');
  });
});

describe('email templates: project overrides', () => {
  const data = samples.assignedRequest;

  it('a string is the HTML body, wrapped in the layout; subject and text stay the default', () => {
    const email = renderEmail('assignedRequest', 'it', data, '<p>Nuova chat per {{agent.firstname}}</p>');
    assert.ok(email.html.startsWith('<!DOCTYPE html>\n<html lang="it"'));
    assert.ok(email.html.includes('<p>Nuova chat per Anna</p>'));
    assert.doesNotMatch(email.html, /Apri la conversazione/);
    assert.equal(email.subject, renderEmail('assignedRequest', 'it', data).subject);
    assert.equal(email.text, renderEmail('assignedRequest', 'it', data).text);
    assert.equal(email.warnings, undefined);
  });

  it('a whole document (Tiledesk stores those) is sent as it is, without the layout', () => {
    const document =
      '<!DOCTYPE html>\n<HTML><body><h1>{{project.name}}</h1>{{request.requester.fullName}}</body></HTML>';
    const email = renderEmail('assignedRequest', 'en', data, document);
    assert.equal(email.html, '<!DOCTYPE html>\n<HTML><body><h1>Acme Support</h1>Giulia Bianchi</body></HTML>');
  });

  it('an object replaces the parts it sets', () => {
    const email = renderEmail('assignedRequest', 'en', data, {
      subject: '{{project.name}}: {{request.requester.fullName}} is yours',
      text: 'Go: {{request.url}}',
    });
    assert.equal(email.subject, 'Acme Support: Giulia Bianchi is yours');
    assert.ok(email.text.startsWith(`Go: ${request.url}\n\n-- \n`));
    assert.ok(email.html.includes('Open the conversation'));
  });

  it('a broken part falls back to the default, with a warning, and the rest is still used', () => {
    const email = renderEmail('assignedRequest', 'en', data, {
      subject: 'Custom {{project.name}}',
      html: '<p>{{#each request}}unclosed</p>',
      text: '{{noSuchHelper request.url}}',
    });
    assert.equal(email.subject, 'Custom Acme Support');
    assert.equal(
      email.html,
      renderEmail('assignedRequest', 'en', data).html.replace(/<title>[^<]*/, '<title>Custom Acme Support'),
    );
    assert.equal(email.text, renderEmail('assignedRequest', 'en', data).text);
    assert.equal(email.warnings?.length, 2);
    assert.match(email.warnings?.[0] ?? '', /html override of "assignedRequest" failed/);
    assert.match(email.warnings?.[1] ?? '', /text override of "assignedRequest" failed \(Missing helper/);
  });

  it('a part that renders to nothing falls back too; an empty override is no override', () => {
    const blank = renderEmail('assignedRequest', 'en', data, { subject: '{{no.such.field}}' });
    assert.equal(blank.subject, '[Acme Support] New conversation assigned to you');
    assert.match(blank.warnings?.[0] ?? '', /subject override of "assignedRequest" rendered empty/);
    const empty = renderEmail('assignedRequest', 'en', data, '');
    assert.deepEqual(empty, renderEmail('assignedRequest', 'en', data));
  });

  it('overrides cannot reach prototypes', () => {
    const email = renderEmail(
      'test',
      'en',
      { project },
      { text: 'a{{project.constructor.name}}{{project.__proto__}}b' },
    );
    assert.ok(email.text.startsWith('ab\n'));
  });
});

describe('email templates: languages, kinds, defaults', () => {
  it('pickLanguage takes the first supported primary subtag, else English', () => {
    assert.equal(pickLanguage('it'), 'it');
    assert.equal(pickLanguage('it-IT'), 'it');
    assert.equal(pickLanguage('IT_it'), 'it');
    assert.equal(pickLanguage(' It '), 'it');
    assert.equal(pickLanguage('fr-FR', undefined, null, '', 'it-CH', 'en'), 'it');
    assert.equal(pickLanguage('en-US', 'it'), 'en');
    assert.equal(pickLanguage('de', 'fr'), 'en');
    assert.equal(pickLanguage(undefined, null), 'en');
    assert.equal(pickLanguage(), 'en');
  });

  it('renderEmail reads a language tag and falls back to English', () => {
    assert.match(renderEmail('verify', 'it-IT', samples.verify).html, /<html lang="it"/);
    const french = renderEmail('verify', 'fr', samples.verify);
    assert.deepEqual(french, renderEmail('verify', 'en', samples.verify));
  });

  it('isEmailKind accepts the kinds only', () => {
    for (const kind of EMAIL_KINDS) assert.equal(isEmailKind(kind), true);
    for (const value of ['nope', 'constructor', 'toString', '', 42, null, undefined, {}]) {
      assert.equal(isEmailKind(value), false, String(value));
    }
  });

  it('defaultTemplate gives the sources, in the language, as a copy', () => {
    const italian = defaultTemplate('assignedRequest', 'it');
    assert.equal(italian.subject, '[{{project.name}}] Ti è stata assegnata una nuova conversazione');
    assert.ok(italian.html.includes('{{request.url}}'));
    assert.ok(italian.text.includes('{{request.url}}'));
    assert.deepEqual(defaultTemplate('assignedRequest', 'fr'), defaultTemplate('assignedRequest', 'en'));
    italian.subject = 'changed';
    assert.notEqual(defaultTemplate('assignedRequest', 'it').subject, 'changed');
  });
});
