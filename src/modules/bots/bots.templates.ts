/**
 * The intents a new bot starts with, by template name, as Tiledesk creates them.
 *
 * `subtype` picks a family; the requested template is used when the family offers it, else the
 * family's default. Only `internal` and `tilebot` bots get template intents. Flow templates
 * (`blank`, `blank_webhook`) link blocks by a fresh intent id, so each call builds new data.
 * Answers of the classic templates are written in Tiledesk's microlanguage (`* button` lines,
 * `tdAction:`, `tdImage:`, `\agent` and `\close` commands).
 */
import { randomUUID } from 'node:crypto';
import type { IntentDraft } from '../intents/intents.service.js';
import { ownEntry } from '../../platform/own.js';

const FAMILIES: Record<string, { fallback: string; templates: string[] }> = {
  chatbot: { fallback: 'blank', templates: ['empty', 'blank', 'handoff', 'example'] },
  webhook: { fallback: 'blank_webhook', templates: ['empty', 'blank_webhook'] },
};

/** Types whose intents are answered by our engine (or the flow engine) and so get a template. */
const TEMPLATED_TYPES = new Set(['internal', 'tilebot']);

export function templateIntents(type: string, subtype: string | undefined, requested: string | undefined) {
  if (!TEMPLATED_TYPES.has(type)) return [];
  // Copilot and voice families are Tiledesk products we do not ship: their bots start empty.
  const family = ownEntry(FAMILIES, subtype ?? 'chatbot');
  if (!family) return [];
  const name = requested && family.templates.includes(requested) ? requested : family.fallback;
  const build = ownEntry(BUILDERS, name);
  if (!build) throw new Error(`bots: no template builder for "${name}"`); // FAMILIES names only builders
  return build();
}

const FALLBACK_TEXT = "I didn't understand. Can you rephrase your question?";
const WELCOME_TEXT = 'Hi, how can I help you?';
const HANDOFF_QUESTION = '👨🏻‍🦰 I want an agent';
const HANDOFF_ANSWER = 'We are looking for an operator.. \\agent';
const DEFAULT_FALLBACK_ANSWER = [
  'I can not provide an adequate answer. Write a new question or talk to a human agent.',
  '* Back to start tdAction:start',
  '* See the docs https://docs.tiledesk.com/',
  `* ${HANDOFF_QUESTION}`,
].join('\n');
const BACK_TO_START = '* Back to start tdAction:start';

/** A flow "reply" block: a short typing pause, then the text. */
function replyAction(text: string, extra: Record<string, unknown> = {}) {
  return {
    _tdActionType: 'reply',
    text,
    attributes: {
      ...extra,
      commands: [
        { type: 'wait', time: 500 },
        { type: 'message', message: { type: 'text', text: text.trim() } },
      ],
    },
  };
}

const at = (x: number, y: number) => ({ position: { x, y } });

const BUILDERS: Record<string, () => IntentDraft[]> = {
  empty: () => [],

  blank: () => {
    const welcomeId = randomUUID();
    return [
      {
        intent_display_name: 'defaultFallback',
        actions: [replyAction(FALLBACK_TEXT)],
        attributes: at(714, 528),
      },
      {
        intent_display_name: 'start',
        question: '\\start',
        actions: [{ _tdActionType: 'intent', intentName: `#${welcomeId}` }],
        attributes: at(172, 384),
      },
      {
        intent_display_name: 'welcome',
        intent_id: welcomeId,
        actions: [replyAction(`${WELCOME_TEXT}\r\n`, { disableInputMessage: false })],
        attributes: at(714, 113),
      },
    ];
  },

  blank_webhook: () => {
    const responseId = randomUUID();
    return [
      {
        intent_display_name: 'webhook',
        question: '',
        actions: [{ _tdActionType: 'intent', intentName: `#${responseId}` }],
        attributes: at(172, 384),
      },
      {
        intent_display_name: 'response',
        intent_id: responseId,
        actions: [
          {
            _tdActionType: 'web_response',
            status: 200,
            bodyType: 'json',
            payload: '{"success": true , "message": "Your webhook is online!"}',
          },
        ],
        attributes: at(714, 113),
      },
    ];
  },

  handoff: () => [
    { intent_display_name: 'start', question: '\\start', answer: 'Hello', topic: 'internal' },
    { intent_display_name: 'agent_handoff', question: HANDOFF_QUESTION, answer: HANDOFF_ANSWER, topic: 'internal' },
    {
      intent_display_name: 'defaultFallback',
      question: 'defaultFallback',
      answer: DEFAULT_FALLBACK_ANSWER,
      topic: 'internal',
    },
  ],

  example: () => [
    ...faqs('greetings', [
      ['Hi', 'Hi'],
      ['Hello', 'Hello'],
      [
        'Who are you?',
        [
          "Hi, I'm a bot 🤖. You can find more about me [here](https://tiledesk.com/chatbot-for-customer-service).",
          'tdImage:https://console.tiledesk.com/assets/images/tily-welcomebot.gif',
          '* See the website https://tiledesk.com/',
          BACK_TO_START,
        ].join('\n'),
      ],
    ]),
    { intent_display_name: 'agent_handoff', question: HANDOFF_QUESTION, answer: HANDOFF_ANSWER, topic: 'internal' },
    { question: 'Close\nResolved', answer: '\\close', topic: 'internal' },
    {
      intent_display_name: 'start',
      question: '\\start',
      answer: [
        "Hello 👋. I'm a bot 🤖.",
        '',
        'Choose one of the options below or write a message to reach our staff.',
        '* Who are you?',
        '* Where are you?',
        '* What can you do?',
        `* ${HANDOFF_QUESTION}`,
      ].join('\n'),
      topic: 'internal',
    },
    {
      intent_display_name: 'defaultFallback',
      question: 'defaultFallback',
      answer: DEFAULT_FALLBACK_ANSWER,
      topic: 'internal',
    },
    ...faqs('sample', [
      [
        'What can you do?',
        [
          "Using natural language processing, I'm able to find the best answer for your users. " +
            "I also support images, videos etc.. Let's try:",
          '* Sample Image',
          '* Sample Video',
          '* Sample Action tdAction:action1',
          '* Sample Frame',
          BACK_TO_START,
        ].join('\n'),
      ],
      [
        'Sample Image',
        `tdImage:https://tiledesk.com/wp-content/uploads/2022/07/tiledesk_v2.png\n* What can you do?\n${BACK_TO_START}`,
      ],
      [
        'Sample Frame',
        `tdFrame:https://www.emanueleferonato.com/wp-content/uploads/2019/02/runner/\n* What can you do?\n${BACK_TO_START}`,
      ],
      ['Sample Video', `tdVideo:https://www.youtube.com/embed/EngW7tLk6R8\n* What can you do?\n${BACK_TO_START}`],
      [
        'Where are you?',
        `We are here ❤️\ntdFrame:https://www.google.com/maps/embed?pb=!1m14!1m12!1m3!1d6087916.92!2d8.23!3d41.83!2m3!1f0!2f0!3f0!3m2!1i1024!2i768!4f13.1!5e0!3m2!1sen!2sit\n${BACK_TO_START}`,
      ],
    ]),
    {
      intent_display_name: 'action1',
      question: 'Sample Action',
      answer:
        'Hello 👋 Would you like to take a closer look at our offer?\n* Yes, please tdAction:yes_action\n* No tdAction:no_action',
      topic: 'sample',
    },
    {
      intent_display_name: 'yes_action',
      question: 'Yes Action',
      answer: 'Great! Take a look here:\n* Tiledesk Pricing https://tiledesk.com/pricing-cloud/',
      topic: 'sample',
    },
    {
      intent_display_name: 'no_action',
      question: 'No Action',
      answer: 'All right! If you need anything, let us know.',
      topic: 'sample',
    },
  ],
};

/** Plain question/answer intents of one topic (their display names are generated). */
function faqs(topic: string, pairs: Array<[question: string, answer: string]>): IntentDraft[] {
  return pairs.map(([question, answer]) => ({ question, answer, topic }));
}
