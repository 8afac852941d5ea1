import { EVENT_CATALOGUE, createEvent, parseEvent, topicOf, EventValidationError } from './index';

const engagementId = '5b0d2c4e-6a43-4b1c-9d0e-1f2a3b4c5d6e';
const timeLogged = {
  entryId: '0b0d2c4e-6a43-4b1c-9d0e-1f2a3b4c5d6e',
  engagementId,
  projectId: '1b0d2c4e-6a43-4b1c-9d0e-1f2a3b4c5d6e',
  memberId: '2b0d2c4e-6a43-4b1c-9d0e-1f2a3b4c5d6e',
  date: '2026-03-02',
  minutes: 90,
  billable: true,
  loggedAt: '2026-03-02T10:00:00.000Z',
};

describe('event catalogue', () => {
  it('describes every event with a version and a one-line description', () => {
    for (const [type, definition] of Object.entries(EVENT_CATALOGUE)) {
      expect(definition.version).toBeGreaterThanOrEqual(1);
      expect(definition.description.length).toBeGreaterThan(10);
      expect(definition.description).not.toContain('\n');
      expect(type).toMatch(/^[A-Z][A-Za-z]+$/);
    }
  });

  it('keys delivery events by engagement so one engagement stays ordered', () => {
    const event = createEvent('TimeLogged', timeLogged, { source: 'project-delivery' });
    expect(event.key).toBe(engagementId);
    expect(topicOf('TimeLogged', 't1.')).toBe('t1.delivery.events');
    expect(parseEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
  });

  it('refuses an invalid payload on publish', () => {
    expect(() => createEvent('TimeLogged', { ...timeLogged, minutes: 0 }, { source: 'x' })).toThrow(
      EventValidationError,
    );
    expect(() =>
      createEvent(
        'InvoiceIssued',
        {
          invoiceId: timeLogged.entryId,
          engagementId,
          milestoneId: null,
          amount: { amountMinor: '10.5', currency: 'USD' },
          reason: 'x',
          issuedAt: timeLogged.loggedAt,
        },
        { source: 'x' },
      ),
    ).toThrow(/integer minor units/);
  });

  it('rejects unknown versions and types on consume', () => {
    const event = createEvent('TimeLogged', timeLogged, { source: 'project-delivery' });
    expect(() => parseEvent({ ...event, version: 99 })).toThrow(/v99 is not known/);
    expect(() => parseEvent({ ...event, type: 'Nope' })).toThrow(/unknown event type/);
    expect(() => parseEvent({ ...event, payload: { ...timeLogged, minutes: 5000 } })).toThrow(
      EventValidationError,
    );
  });
});
