/**
 * The answer microlanguage of internal bots (Tiledesk's chatbot-util parseReply): which lines of
 * an intent's answer become buttons, images, frames and webhook requests, and what text is left.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { attachmentOf, parseAnswer } from '../../src/modules/bot-engine/microlanguage.js';
import { templateIntents } from '../../src/modules/bots/bots.templates.js';

/** The answer of the `example` template's intent with this question, as a new bot gets it. */
function exampleAnswer(question: string): string {
  const intent = templateIntents('internal', undefined, 'example').find((draft) => draft.question === question);
  assert.ok(intent?.answer, `the example template answers "${question}"`);
  return intent.answer;
}

describe('microlanguage: plain text', () => {
  it('a text without special lines is the message as written, untrimmed', () => {
    assert.deepEqual(parseAnswer('  Hello  '), { text: '  Hello  ', type: 'text' });
  });

  it('keeps \\agent and \\close in the text (the engine sends them as messages of their own)', () => {
    assert.deepEqual(parseAnswer('We are looking for an operator.. \\agent'), {
      text: 'We are looking for an operator.. \\agent',
      type: 'text',
    });
  });

  it('a tag that does not start its line is text', () => {
    assert.deepEqual(parseAnswer(' tdImage:https://a.example/x.png'), {
      text: ' tdImage:https://a.example/x.png',
      type: 'text',
    });
  });
});

describe('microlanguage: buttons', () => {
  it('each "* " line is a button in order; the other lines stay, trimmed', () => {
    assert.deepEqual(parseAnswer('Intro\n* a\nMiddle\n* b'), {
      text: 'Intro\n\nMiddle',
      type: 'text',
      buttons: [
        { type: 'text', value: 'a' },
        { type: 'text', value: 'b' },
      ],
    });
  });

  it('a star needs a space after it: "*bold*" is Markdown, not a button', () => {
    assert.deepEqual(parseAnswer('*bold* text\n*  Spaced label  '), {
      text: '*bold* text',
      type: 'text',
      buttons: [{ type: 'text', value: 'Spaced label' }],
    });
  });

  it('a star followed by a tab is a button too, a star alone on its line is not', () => {
    const parsed = parseAnswer('*\tTabbed\n*\nEnd');
    assert.deepEqual(parsed, { text: '*\nEnd', type: 'text', buttons: [{ type: 'text', value: 'Tabbed' }] });
  });

  it('a link after the label opens in a new window; "<" in the parent page; ">" in the widget', () => {
    const parsed = parseAnswer(
      '* Go https://x.example/a?b=1\n* Up < https://x.example/p\n* Here > https://x.example/s\n* Broken http:/x',
    );
    assert.deepEqual(parsed.buttons, [
      { type: 'url', value: 'Go', link: 'https://x.example/a?b=1', target: 'blank' },
      { type: 'url', value: 'Up', link: 'https://x.example/p', target: 'parent' },
      { type: 'url', value: 'Here', link: 'https://x.example/s', target: 'self' },
      { type: 'text', value: 'Broken http:/x' },
    ]);
    assert.equal(parsed.text, '');
  });

  it('the label is what is left once the link (and the space before it) is taken out, wherever it is', () => {
    assert.deepEqual(parseAnswer('* Read http://docs.example/x first').buttons, [
      { type: 'url', value: 'Read first', link: 'http://docs.example/x', target: 'blank' },
    ]);
  });

  it('tdAction: is an action without echo; tdActionShowEcho: and tdIntent: are echoed', () => {
    assert.deepEqual(parseAnswer('* Yes tdAction:yes\n* Echo tdActionShowEcho:e\n* Intent tdIntent:i').buttons, [
      { type: 'action', value: 'Yes', action: 'yes', show_echo: false },
      { type: 'action', value: 'Echo', action: 'e', show_echo: true },
      { type: 'action', value: 'Intent', action: 'i', show_echo: true },
    ]);
  });

  // Tiledesk's chatbot-util (0.8.39, the 0.8.x that tiledesk-server pulls in) reads the whole
  // rest of the line after tdIntent:, so a block can be called with parameters.
  it('tdIntent: takes the rest of the line, parameters and all, trimmed', () => {
    const parsed = parseAnswer(
      "Il primo test di psicologia fu realizzato da:\n* [A] Simon tdIntent:question1_eval{'question1points': 0}\n* Button    tdIntent:  INTENT-NAME  ",
    );
    assert.deepEqual(parsed, {
      text: 'Il primo test di psicologia fu realizzato da:',
      type: 'text',
      buttons: [
        { type: 'action', value: '[A] Simon', action: "question1_eval{'question1points': 0}", show_echo: true },
        { type: 'action', value: 'Button', action: 'INTENT-NAME', show_echo: true },
      ],
    });
  });

  it('tdIntentNoEcho: is an intent button whose click is not echoed', () => {
    assert.deepEqual(parseAnswer('Intro text\n* Action Button tdIntentNoEcho:INTENT-NAME').buttons, [
      { type: 'action', value: 'Action Button', action: 'INTENT-NAME', show_echo: false },
    ]);
  });

  it('a tag with nothing after its colon is text', () => {
    assert.deepEqual(parseAnswer('* Nothing tdIntent:').buttons, [{ type: 'text', value: 'Nothing tdIntent:' }]);
  });

  it('an action wins over a link on the same line', () => {
    assert.deepEqual(parseAnswer('* Both https://x.example tdAction:go').buttons, [
      { type: 'action', value: 'Both https://x.example', action: 'go', show_echo: false },
    ]);
  });

  it('attachmentOf gives the buttons as a template attachment, and nothing without buttons', () => {
    assert.deepEqual(attachmentOf(parseAnswer('Pick one\n* A tdAction:a')), {
      attachment: { type: 'template', buttons: [{ type: 'action', value: 'A', action: 'a', show_echo: false }] },
    });
    assert.deepEqual(attachmentOf(parseAnswer('No buttons')), {});
  });
});

describe('microlanguage: images and frames', () => {
  it('tdImage: makes an image message; the caption is the rest', () => {
    assert.deepEqual(parseAnswer('tdImage:https://a.example/x.png\ncaption'), {
      text: 'caption',
      type: 'image',
      metadata: { src: 'https://a.example/x.png' },
    });
  });

  it('a size after a comma: width and height, either may be absent', () => {
    assert.deepEqual(parseAnswer('tdImage,w200 h100:https://a.example/x.png').metadata, {
      src: 'https://a.example/x.png',
      width: 200,
      height: 100,
    });
    assert.deepEqual(parseAnswer('tdImage, h100:https://a.example/x.png').metadata, {
      src: 'https://a.example/x.png',
      height: 100,
    });
    assert.deepEqual(parseAnswer('tdFrame,w320:https://a.example/f').metadata, {
      src: 'https://a.example/f',
      width: 320,
    });
  });

  it('only http(s) URLs count: another scheme leaves the line as text', () => {
    assert.deepEqual(parseAnswer('tdImage:ftp://a.example/x.png'), {
      text: 'tdImage:ftp://a.example/x.png',
      type: 'text',
    });
  });

  it('tdFrame: keeps a URL with a port whole', () => {
    assert.deepEqual(parseAnswer('tdFrame:http://localhost:8080/page'), {
      text: '',
      type: 'frame',
      metadata: { src: 'http://localhost:8080/page' },
    });
  });

  it('tdVideo: is a frame of type video; a YouTube watch link becomes its embed link', () => {
    assert.deepEqual(parseAnswer('tdVideo:https://www.youtube.com/watch?t=10&v=abc'), {
      text: '',
      type: 'frame',
      metadata: { src: 'https://www.youtube.com/embed/abc', type: 'video' },
    });
    assert.deepEqual(parseAnswer('tdVideo,w300 h200:https://www.youtube.com/watch?t=10').metadata, {
      src: 'https://www.youtube.com/watch?t=10',
      type: 'video',
      width: 300,
      height: 200,
    });
    assert.deepEqual(parseAnswer('tdVideo:https://videos.example/v.mp4').metadata, {
      src: 'https://videos.example/v.mp4',
      type: 'video',
    });
  });

  it('with several media lines, each is taken out and the last kind read wins (image, frame, video)', () => {
    assert.deepEqual(parseAnswer('tdFrame:https://a.example/f\ntdImage:https://a.example/a.png\nText'), {
      text: 'Text',
      type: 'frame',
      metadata: { src: 'https://a.example/f' },
    });
  });

  it('the older \\image: is 200x200 unless a W-H: size comes first', () => {
    assert.deepEqual(parseAnswer('\\image:https://a.example/x.png'), {
      text: '',
      type: 'image',
      metadata: { src: 'https://a.example/x.png', width: 200, height: 200 },
    });
    assert.deepEqual(parseAnswer('Look\n\\image:100-50:https://a.example/x.png'), {
      text: 'Look',
      type: 'image',
      metadata: { src: 'https://a.example/x.png', width: 100, height: 50 },
    });
  });
});

describe('microlanguage: webhook', () => {
  it('\\webhook asks for fulfilment at the bot webhook_url; \\webhook:url at that URL', () => {
    assert.deepEqual(parseAnswer('Text\n\\webhook'), { text: 'Text', type: 'text', webhook: true });
    assert.deepEqual(parseAnswer('Text\n\\webhook:https://hook.example/x \n'), {
      text: 'Text',
      type: 'text',
      webhook: 'https://hook.example/x',
    });
  });

  it('a bare \\webhook after \\webhook:url wins, as in Tiledesk', () => {
    assert.deepEqual(parseAnswer('\\webhook:https://hook.example/x\n\\webhook'), {
      text: '',
      type: 'text',
      webhook: true,
    });
  });
});

describe('microlanguage: the answers of the example template', () => {
  it('"Who are you?": an image, a link button and an action button', () => {
    assert.deepEqual(parseAnswer(exampleAnswer('Who are you?')), {
      text: "Hi, I'm a bot 🤖. You can find more about me [here](https://tiledesk.com/chatbot-for-customer-service).",
      type: 'image',
      metadata: { src: 'https://console.tiledesk.com/assets/images/tily-welcomebot.gif' },
      buttons: [
        { type: 'url', value: 'See the website', link: 'https://tiledesk.com/', target: 'blank' },
        { type: 'action', value: 'Back to start', action: 'start', show_echo: false },
      ],
    });
  });

  it('the welcome (\\start): text buttons that ask the questions', () => {
    assert.deepEqual(parseAnswer(exampleAnswer('\\start')), {
      text: "Hello 👋. I'm a bot 🤖.\n\nChoose one of the options below or write a message to reach our staff.",
      type: 'text',
      buttons: [
        { type: 'text', value: 'Who are you?' },
        { type: 'text', value: 'Where are you?' },
        { type: 'text', value: 'What can you do?' },
        { type: 'text', value: '👨🏻‍🦰 I want an agent' },
      ],
    });
  });

  it('"Where are you?": a map frame whose URL has colons in its query', () => {
    const parsed = parseAnswer(exampleAnswer('Where are you?'));
    assert.equal(parsed.text, 'We are here ❤️');
    assert.equal(parsed.type, 'frame');
    assert.match(String(parsed.metadata?.src), /^https:\/\/www\.google\.com\/maps\/embed\?pb=!1m14.*!2sit$/);
    assert.deepEqual(parsed.buttons, [{ type: 'action', value: 'Back to start', action: 'start', show_echo: false }]);
  });

  it('"Sample Video": an embed link stays as it is', () => {
    assert.deepEqual(parseAnswer(exampleAnswer('Sample Video')).metadata, {
      src: 'https://www.youtube.com/embed/EngW7tLk6R8',
      type: 'video',
    });
  });
});
