/**
 * The date filters of the request list (platform/date-range.ts): `DD/MM/YYYY` or `YYYY/MM/DD`, with
 * an optional time, read as wall time in a time zone (Europe/Rome by default); an end without a
 * time includes its whole day.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDateRange } from '../../src/platform/date-range.js';
import { isAppError } from '../../src/platform/errors.js';

/** The range as ISO strings, easier to read in assertions. */
function range(start: string | undefined, end: string | undefined, timezone?: string) {
  const { from, to } = parseDateRange(start, end, timezone);
  return { from: from?.toISOString(), to: to && { date: to.date.toISOString(), inclusive: to.inclusive } };
}

/** Asserts a 422 with Tiledesk's "invalid" body carrying `message`. */
function assertInvalid(run: () => unknown, message: string) {
  assert.throws(run, (error) => {
    assert.ok(isAppError(error));
    assert.equal(error.status, 422);
    assert.deepEqual(error.body, { success: false, msg: message, errors: [message] });
    return true;
  });
}

const unparsable = (text: string) =>
  `Unable to parse the date: ${text} (use DD/MM/YYYY or YYYY/MM/DD, optionally HH:mm[:ss])`;

describe('request date range: days', () => {
  it('a day starts at local midnight; an end day runs to the next midnight, excluded', () => {
    assert.deepEqual(range('01/02/2024', '01/02/2024'), {
      from: '2024-01-31T23:00:00.000Z',
      to: { date: '2024-02-01T23:00:00.000Z', inclusive: false },
    });
  });

  it('YYYY/MM/DD is the same day; one-digit days and months are accepted', () => {
    assert.deepEqual(range('2024/02/01', '2024/2/1'), range('01/02/2024', '1/2/2024'));
  });

  it('either end may be absent; an empty string counts as absent', () => {
    assert.deepEqual(range('01/02/2024', undefined), { from: '2024-01-31T23:00:00.000Z', to: undefined });
    assert.deepEqual(range(undefined, '01/02/2024'), {
      from: undefined,
      to: { date: '2024-02-01T23:00:00.000Z', inclusive: false },
    });
    assert.deepEqual(range('', ''), { from: undefined, to: undefined });
  });

  it('surrounding spaces are ignored', () => {
    assert.deepEqual(range(' 01/02/2024 ', undefined).from, '2024-01-31T23:00:00.000Z');
  });

  it('the end of a month or a year rolls over to the next day', () => {
    assert.deepEqual(range(undefined, '31/01/2024', 'UTC').to, { date: '2024-02-01T00:00:00.000Z', inclusive: false });
    assert.deepEqual(range(undefined, '31/12/2024', 'UTC').to, { date: '2025-01-01T00:00:00.000Z', inclusive: false });
    assert.deepEqual(range(undefined, '29/02/2024', 'UTC').to, { date: '2024-03-01T00:00:00.000Z', inclusive: false });
  });
});

describe('request date range: times', () => {
  it('HH:mm or HH:mm:ss after a space or a comma; an end with a time is inclusive', () => {
    assert.deepEqual(range('1/2/2024 9:05', '01/02/2024, 10:30:15'), {
      from: '2024-02-01T08:05:00.000Z',
      to: { date: '2024-02-01T09:30:15.000Z', inclusive: true },
    });
  });

  it('hours above 23, minutes or seconds above 59 are refused', () => {
    for (const text of ['01/01/2024 24:00', '01/01/2024 23:60', '01/01/2024 23:59:60']) {
      assertInvalid(() => parseDateRange(text, undefined), unparsable(text));
    }
  });
});

describe('request date range: time zones', () => {
  it('the wall time of the given zone; Europe/Rome by default', () => {
    assert.equal(range('01/01/2024', undefined).from, '2023-12-31T23:00:00.000Z');
    assert.equal(range('01/01/2024', undefined, 'UTC').from, '2024-01-01T00:00:00.000Z');
    assert.equal(range('01/01/2024', undefined, 'utc').from, '2024-01-01T00:00:00.000Z');
    assert.equal(range('01/01/2024', undefined, 'America/New_York').from, '2024-01-01T05:00:00.000Z');
    assert.deepEqual(range('29/02/2024', '29/02/2024', 'Asia/Kolkata'), {
      from: '2024-02-28T18:30:00.000Z',
      to: { date: '2024-02-29T18:30:00.000Z', inclusive: false },
    });
  });

  it('days that change the clocks are 23 and 25 hours long', () => {
    assert.deepEqual(range('31/03/2024', '31/03/2024'), {
      from: '2024-03-30T23:00:00.000Z',
      to: { date: '2024-03-31T22:00:00.000Z', inclusive: false },
    });
    assert.deepEqual(range('27/10/2024', '27/10/2024'), {
      from: '2024-10-26T22:00:00.000Z',
      to: { date: '2024-10-27T23:00:00.000Z', inclusive: false },
    });
  });

  it('a time skipped by the clocks moves forward; a time they repeat is its second occurrence', () => {
    // 02:30 does not exist on 31 March 2024 in Rome: it reads as 03:30 summer time.
    assert.equal(range('31/03/2024 02:30', undefined).from, '2024-03-31T01:30:00.000Z');
    // 02:30 happens twice on 27 October 2024 in Rome: the second one, in winter time.
    assert.equal(range('27/10/2024 02:30', undefined).from, '2024-10-27T01:30:00.000Z');
    assert.equal(range('01/11/2026 01:30', undefined, 'America/New_York').from, '2026-11-01T05:30:00.000Z');
  });

  it('an unknown zone is refused, even without dates', () => {
    assertInvalid(() => parseDateRange(undefined, undefined, 'Mars/Base'), 'Invalid timezone: Mars/Base');
    assertInvalid(() => parseDateRange('01/01/2024', undefined, 'Rome'), 'Invalid timezone: Rome');
  });
});

describe('request date range: what is not a date', () => {
  it('days that do not exist, and other formats, are refused with the accepted formats', () => {
    for (const text of [
      '29/02/2023',
      '31/04/2024',
      '01/13/2024',
      '00/01/2024',
      '2024-01-01',
      '01/01/24',
      '01/01/2024,10:00',
      '01/01/2024T10:00',
      'yesterday',
    ]) {
      assertInvalid(() => parseDateRange(text, undefined), unparsable(text));
    }
  });

  it('a four-digit year means that year, not 1900 + its last two digits; there is no year 0', () => {
    // 01/01/0050 in Rome, whose clocks kept local mean time (UTC+0:49:56) until 1866.
    assert.equal(range('01/01/0050', undefined).from, '0049-12-31T23:10:04.000Z');
    assert.equal(range('0099/12/31', undefined, 'UTC').from, '0099-12-31T00:00:00.000Z');
    assertInvalid(() => parseDateRange('01/01/0000', undefined), unparsable('01/01/0000'));
  });

  it('a bad end is refused as well as a bad start', () => {
    assertInvalid(() => parseDateRange('01/01/2024', '32/01/2024'), unparsable('32/01/2024'));
  });
});
