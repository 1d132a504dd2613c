/**
 * Link previews' reading of a page's head (url-preview/html-head.ts, and the fields Tiledesk
 * answers from it): attributes in any order and quoting, what is skipped, entities, bounds.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanText, readHead } from '../../src/modules/url-preview/html-head.js';
import { previewOf } from '../../src/modules/url-preview/url-preview.service.js';

describe('html head: meta tags and title', () => {
  it('reads name and property metas in any attribute order and quoting, the first of each winning', () => {
    const head = readHead(`<!doctype html><html><head>
      <meta property="og:title" content="Open Graph title">
      <meta content='Described' name='description'/>
      <META NAME=keywords CONTENT=a,b>
      <meta name="description" content="second description">
      <meta property = "og:image"   content = "https://example.test/a.png" >
      <title data-x="1">  The   title </title>
    </head><body><meta name="author" content="from the body"></body>`);
    assert.equal(head.title, '  The   title ');
    assert.deepEqual(
      [...head.meta],
      [
        ['og:title', 'Open Graph title'],
        ['description', 'Described'],
        ['keywords', 'a,b'],
        ['og:image', 'https://example.test/a.png'],
      ],
    );
  });

  it('keeps quotes of the other kind and ">" inside values', () => {
    const head = readHead(`<meta name="description" content="Tom's > Jerry's"><meta name='x' content='say "hi"'>`);
    assert.equal(head.meta.get('description'), "Tom's > Jerry's");
    assert.equal(head.meta.get('x'), 'say "hi"');
  });

  it('skips comments and the text of scripts and styles', () => {
    const head = readHead(`<head>
      <!-- <meta name="description" content="commented"> -->
      <script>var s = '<meta name="description" content="scripted"><title>no</title>';</script>
      <style>/* <meta name="description" content="styled"> */</style>
      <meta name="description" content="real">
      <title>Real title</title>
    </head>`);
    assert.equal(head.meta.get('description'), 'real');
    assert.equal(head.title, 'Real title');
  });

  it('stops at </head> or <body, and survives unterminated markup', () => {
    assert.equal(readHead('<title>x</title></head><meta name="a" content="b">').meta.size, 0);
    assert.equal(readHead('<body><meta name="a" content="b">').meta.size, 0);
    for (const broken of [
      '<meta name="a" content="b',
      '<title>never closed',
      '<!-- open',
      '<',
      '<<<>>>',
      '<meta =x>',
    ]) {
      assert.doesNotThrow(() => readHead(broken), broken);
    }
    assert.equal(readHead('<title>never closed').title, 'never closed');
  });

  it('reads a large head in linear time', () => {
    const hostile = '<meta a="'.repeat(20_000) + '<'.repeat(50_000) + '<script>'.repeat(10_000);
    assert.doesNotThrow(() => readHead(hostile));
  });
});

describe('html head: text', () => {
  it('decodes character references, collapses white space and trims', () => {
    assert.equal(
      cleanText('  AT&amp;T &#8212; &#x1F600;\n\t&quot;q&quot; &unknown; &nbsp;', 100),
      'AT&T — 😀 "q" &unknown;',
    );
    assert.equal(cleanText('&#0;&#xD800;&#99999999;', 100), '\ufffd\ufffd&#99999999;');
    assert.equal(cleanText('   ', 100), undefined);
    assert.equal(cleanText(undefined, 100), undefined);
  });

  it('bounds the length without leaving half a surrogate pair', () => {
    assert.equal(cleanText('abc', 2), 'ab');
    assert.equal(cleanText('a😀', 2), 'a');
  });
});

describe('url preview: the fields Tiledesk answers', () => {
  it('prefers Open Graph, falls back to the plain tags, and answers null for the rest', () => {
    const page = `<head><title>Plain</title>
      <meta name="description" content="Plain description">
      <meta name="twitter:image" content="https://example.test/t.png">
      <meta name="twitter:card" content="summary">
      <meta property="article:author" content="Ann">
      <meta property="og:locale" content="it_IT"></head>`;
    assert.deepEqual(previewOf('https://example.test/', page), {
      url: 'https://example.test/',
      title: 'Plain',
      description: 'Plain description',
      image: 'https://example.test/t.png',
      siteName: null,
      type: null,
      locale: 'it_IT',
      author: 'Ann',
      keywords: null,
      twitterCard: 'summary',
      twitterTitle: null,
      twitterDescription: null,
      twitterImage: 'https://example.test/t.png',
    });
    const og = previewOf(
      'https://example.test/',
      `<title>Plain</title><meta property="og:title" content="OG">
      <meta property="og:description" content=""><meta name="description" content="Fallback">`,
    );
    assert.equal(og.title, 'OG');
    assert.equal(og.description, 'Fallback', 'an empty content counts as none');
  });
});
