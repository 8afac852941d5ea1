import {
  EVENT_CATALOGUE,
  EVENT_VERSIONS,
  createEvent,
  knownVersions,
  parseEvent,
  topicOf,
  upcastEvent,
  EventValidationError,
} from './index';

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

describe('versioned events', () => {
  const contractV1 = {
    contractId: '3b0d2c4e-6a43-4b1c-9d0e-1f2a3b4c5d6e',
    opportunityId: '4b0d2c4e-6a43-4b1c-9d0e-1f2a3b4c5d6e',
    title: 'Data platform',
    clientId: '6b0d2c4e-6a43-4b1c-9d0e-1f2a3b4c5d6e',
    clientName: 'Acme',
    accountManagerId: null,
    sellerId: '7b0d2c4e-6a43-4b1c-9d0e-1f2a3b4c5d6e',
    value: { amountMinor: '2250000', currency: 'USD' },
    pricingModel: 'TIME_AND_MATERIALS' as const,
    startDate: '2026-03-02',
    endDate: '2026-04-30',
    budgetMinutes: 130 * 60,
    estimatedMinutes: 130 * 60,
    estimateLines: [
      { role: 'Developer', minutes: 6000, costRate: usd(5000), billRate: usd(17000) },
      { role: ' developer ', minutes: 1800, costRate: usd(5000), billRate: usd(17000) },
      { role: 'Architect', minutes: 0 + 1 * 60, costRate: usd(9000), billRate: usd(25000) },
    ],
    scope: 'Build it',
    signedAt: '2026-03-01T10:00:00.000Z',
  };
  function usd(amountMinor: number) {
    return { amountMinor: String(amountMinor), currency: 'USD' };
  }
  const v1Message = {
    id: '8b0d2c4e-6a43-4b1c-9d0e-1f2a3b4c5d6e',
    type: 'ContractSigned',
    version: 1,
    occurredAt: '2026-03-01T10:00:00.000Z',
    source: 'sales',
    key: contractV1.contractId,
    payload: contractV1,
  };

  it('keys the catalogue by (type, version), each with a one-line description and @since', () => {
    expect(EVENT_VERSIONS.get('ContractSigned@1')?.since).toBe('0.1.0');
    expect(EVENT_VERSIONS.get('ContractSigned@2')?.since).toBe('0.2.0');
    for (const [key, definition] of EVENT_VERSIONS) {
      expect(key).toBe(`${definition.type}@${definition.version}`);
      expect(definition.since).toMatch(/^\d+\.\d+\.\d+$/);
      expect(definition.description).not.toContain('\n');
    }
    expect(knownVersions('ContractSigned')).toEqual([1, 2]);
    expect(createEvent('ContractSigned', { ...contractV1, rates: [] }, { source: 'sales' }).version).toBe(2);
  });

  it('reads a v1 ContractSigned as written and upcasts it to v2 with the rate table from its lines', () => {
    const parsed = parseEvent(v1Message);
    expect(parsed.version).toBe(1);
    const v2 = upcastEvent(parsed as typeof parsed & { type: 'ContractSigned' }, 2);
    // Developer: 6000 + 1800 = 7800 minutes (130 h) at 170.00, the two spellings one role;
    // Architect: 60 minutes at 250.00.
    expect(v2.version).toBe(2);
    expect(v2.payload.rates).toEqual([
      { role: 'Developer', billRate: usd(17000), minutes: 7800 },
      { role: 'Architect', billRate: usd(25000), minutes: 60 },
    ]);
    expect(v2.payload.estimateLines).toEqual(contractV1.estimateLines);
  });

  it('validates a message against the schema of its own version', () => {
    // A v2 without its rate table is invalid; the same payload as v1 is valid.
    expect(() => parseEvent({ ...v1Message, version: 2 })).toThrow(/ContractSigned v2/);
    expect(() => parseEvent({ ...v1Message, version: 3 })).toThrow(/v3 is not known/);
  });

  it('never moves an event backwards', () => {
    const current = createEvent('ContractSigned', { ...contractV1, rates: [] }, { source: 'sales' });
    expect(() => upcastEvent(current, 1)).toThrow(/newer than v1/);
  });
});
