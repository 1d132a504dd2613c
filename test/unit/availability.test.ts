/**
 * What makes an agent available to routing before the decision itself: the chat limit that
 * applies to them (chatLimitOf) and the project's opening hours (isProjectOpen, parseWeeklyHours).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ProjectRow, ProjectUserRow } from '../../src/platform/db/tables.js';
import { chatLimitOf } from '../../src/modules/project-users/project-users.schema.js';
import {
  isProjectOpen,
  parseWeeklyHours,
  type OperatingHoursSettings,
} from '../../src/modules/projects/operating-hours.js';

describe('chat limit of an agent', () => {
  const limit = (settings: Record<string, unknown>, max_assigned_chat: number | null) =>
    chatLimitOf({ settings } as ProjectRow, { max_assigned_chat } as ProjectUserRow);

  it('nobody is limited while chat_limit_on is not exactly true', () => {
    assert.equal(limit({ max_agent_assigned_chat: 3 }, 2), undefined);
    assert.equal(limit({ chat_limit_on: 'true', max_agent_assigned_chat: 3 }, 2), undefined);
  });

  it("the agent's own max_assigned_chat wins when set, 0 included", () => {
    assert.equal(limit({ chat_limit_on: true, max_agent_assigned_chat: 3 }, 5), 5);
    assert.equal(limit({ chat_limit_on: true, max_agent_assigned_chat: 3 }, 0), 0);
    assert.equal(limit({ chat_limit_on: true }, 2), 2);
  });

  it("-1 or no value of their own: the project's max_agent_assigned_chat", () => {
    assert.equal(limit({ chat_limit_on: true, max_agent_assigned_chat: 3 }, -1), 3);
    assert.equal(limit({ chat_limit_on: true, max_agent_assigned_chat: 3 }, null), 3);
  });

  it('no usable project maximum either: unlimited', () => {
    assert.equal(limit({ chat_limit_on: true }, null), undefined);
    assert.equal(limit({ chat_limit_on: true, max_agent_assigned_chat: -1 }, -1), undefined);
    assert.equal(limit({ chat_limit_on: true, max_agent_assigned_chat: '3' }, null), undefined);
  });
});

describe('opening hours', () => {
  // Monday 15 January 2024, 09:30 in Rome (CET, UTC+1).
  const mondayMorning = new Date('2024-01-15T08:30:00Z');
  const hours = (days: Record<string, unknown>, tzname = 'Europe/Rome') => JSON.stringify({ ...days, tzname });
  const project = (settings: Partial<OperatingHoursSettings>): OperatingHoursSettings => ({
    active_operating_hours: true,
    operating_hours: null,
    time_slots: null,
    ...settings,
  });
  const weekdayMorning = hours({ 1: [{ start: '09:00', end: '13:00' }] });

  it('hours switched off: always open, whatever they say', () => {
    const off = project({ active_operating_hours: false, operating_hours: hours({}) });
    assert.equal(isProjectOpen(off, mondayMorning), true);
    assert.equal(isProjectOpen(project({ active_operating_hours: false }), mondayMorning), true);
  });

  it('switched on but missing or unreadable: closed', () => {
    assert.equal(isProjectOpen(project({}), mondayMorning), false);
    assert.equal(isProjectOpen(project({ operating_hours: 'not json' }), mondayMorning), false);
    assert.equal(isProjectOpen(project({ operating_hours: hours({ 1: [] }, 'Mars/Base') }), mondayMorning), false);
  });

  it('a range includes its start and excludes its end, in the hours’ time zone', () => {
    const open = (instant: string) => isProjectOpen(project({ operating_hours: weekdayMorning }), new Date(instant));
    assert.equal(open('2024-01-15T07:59:59Z'), false);
    assert.equal(open('2024-01-15T08:00:00Z'), true);
    assert.equal(open('2024-01-15T11:59:59Z'), true);
    assert.equal(open('2024-01-15T12:00:00Z'), false);
    // Summer time: 09:00 in Rome is 07:00 UTC.
    assert.equal(open('2024-07-15T07:00:00Z'), true);
    assert.equal(open('2024-07-15T11:00:00Z'), false);
  });

  it('the same instant elsewhere is another local time and weekday', () => {
    const newYork = project({ operating_hours: hours({ 1: [{ start: '09:00', end: '13:00' }] }, 'America/New_York') });
    assert.equal(isProjectOpen(newYork, mondayMorning), false, '03:30 in New York');
    const tokyo = project({ operating_hours: hours({ 1: [{ start: '17:00', end: '18:00' }] }, 'Asia/Tokyo') });
    assert.equal(isProjectOpen(tokyo, mondayMorning), true, '17:30 on Monday in Tokyo');
    assert.equal(isProjectOpen(tokyo, new Date('2024-01-15T23:30:00Z')), false, 'already Tuesday in Tokyo');
  });

  it('several ranges in a day; a day without ranges is closed', () => {
    const split = project({
      operating_hours: hours({
        1: [
          { start: '09:00', end: '09:15' },
          { start: '09:30', end: '10:00' },
        ],
      }),
    });
    assert.equal(isProjectOpen(split, mondayMorning), true);
    assert.equal(isProjectOpen(split, new Date('2024-01-15T08:20:00Z')), false);
    assert.equal(isProjectOpen(split, new Date('2024-01-16T08:30:00Z')), false, 'Tuesday');
  });

  it('project hours count Sunday as 0; time slots count it as 7 (ISO)', () => {
    const sunday = new Date('2024-01-14T10:00:00Z');
    const allDay = [{ start: '00:00', end: '23:59' }];
    assert.equal(isProjectOpen(project({ operating_hours: hours({ 0: allDay }) }), sunday), true);
    const slots = { weekend: { hours: hours({ 7: allDay }) }, wrong: { hours: hours({ 0: allDay }) } };
    assert.equal(isProjectOpen(project({ time_slots: slots }), sunday, 'weekend'), true);
    assert.equal(isProjectOpen(project({ time_slots: slots }), sunday, 'wrong'), false, '0 is no ISO weekday');
  });

  it("a time slot decides alone: the project's own hours do not matter", () => {
    const closedProject = { operating_hours: hours({}) };
    const slots = { support: { hours: weekdayMorning }, off: { active: false }, empty: {} };
    const withSlots = project({ ...closedProject, time_slots: slots });
    assert.equal(isProjectOpen(withSlots, mondayMorning), false);
    assert.equal(isProjectOpen(withSlots, mondayMorning, 'support'), true);
    assert.equal(isProjectOpen(withSlots, mondayMorning, 'off'), true, 'a slot switched off is open');
    assert.equal(isProjectOpen(withSlots, mondayMorning, 'empty'), false, 'a slot without hours is closed');
    assert.equal(isProjectOpen(withSlots, mondayMorning, 'unknown'), true, 'an unknown slot is open');
    assert.equal(isProjectOpen(project(closedProject), mondayMorning, 'unknown'), true, 'no slots at all');
  });

  it('a slot id that names an Object.prototype member is an unknown slot too', () => {
    const withSlots = project({ time_slots: { support: { hours: weekdayMorning } } });
    for (const id of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      assert.equal(isProjectOpen(withSlots, mondayMorning, id), true, id);
    }
  });
});

describe('weekly hours validation', () => {
  it('reads the days and the time zone', () => {
    assert.deepEqual(parseWeeklyHours('{"1":[{"start":"09:00","end":"13:00"}],"tzname":"UTC"}', 6), {
      tzname: 'UTC',
      days: new Map([[1, [{ start: '09:00', end: '13:00' }]]]),
    });
  });

  it('lists every problem: the time zone, the weekday keys, the HH:MM ranges', () => {
    const text = JSON.stringify({
      1: [{ start: '9:00', end: '13:00' }],
      2: [{ start: '09:00', end: '24:00' }],
      3: 'all day',
      7: [],
      tzname: 'Mars/Base',
    });
    assert.deepEqual(parseWeeklyHours(text, 6), {
      problems: [
        'unknown time zone: Mars/Base',
        'weekday 1 must be a list of {start:"HH:MM", end:"HH:MM"}',
        'weekday 2 must be a list of {start:"HH:MM", end:"HH:MM"}',
        'weekday 3 must be a list of {start:"HH:MM", end:"HH:MM"}',
        'unknown weekday key: 7',
      ],
    });
    assert.deepEqual(parseWeeklyHours('{"0":[],"tzname":"UTC"}', 7), { problems: ['unknown weekday key: 0'] });
  });

  it('not a JSON object: one problem', () => {
    assert.deepEqual(parseWeeklyHours('{', 6), { problems: ['operating hours must be a JSON string'] });
    assert.deepEqual(parseWeeklyHours('[]', 6), { problems: ['operating hours must be a JSON object'] });
    assert.deepEqual(parseWeeklyHours('null', 6), { problems: ['operating hours must be a JSON object'] });
  });
});
