/**
 * What the foresight benchmarks share: calendar days relative to today (accounting forecasts as
 * of its own today, ARCHITECTURE.md "Foresight") and one read of many engagements' financials
 * with their forecast and risk reasons, straight from the accounting subgraph.
 */
import { epochDay, fromEpochDay } from '@platform/events';
import { IDENTITY_HEADER, signIdentity, type Identity } from '@platform/graphql-kit';
import { TEST_SIGNING_SECRET } from '@platform/testing';

/** The UTC date `offset` days from today. */
export const utcDay = (offset = 0): string =>
  fromEpochDay(epochDay(new Date().toISOString().slice(0, 10)) + offset);

/** The first Monday on or after `date` (1970-01-01, epoch day 0, was a Thursday). */
export const mondayOnOrAfter = (date: string): string => {
  const day = epochDay(date);
  const weekday = (((day + 4) % 7) + 7) % 7; // 0 = Sunday … 6 = Saturday
  return fromEpochDay(day + ((8 - weekday) % 7));
};

export const addDays = (date: string, days: number): string => fromEpochDay(epochDay(date) + days);

export interface ForecastFigures {
  loggedMinutes: number;
  /** EAC and ETC in fifths of a minute, as accounting counts them (hours × 300, exact). */
  eacFifths: number;
  remainingFifths: number;
  riskReasons: string[];
}

const FINANCIALS = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Engagement {
  financials { loggedHours atRisk riskReasons forecast { remainingHours eacHours eacCost { amount } margin { amount } marginPercent } }
} } }`;

/** One request for all of `ids` (the gateway's entity call), signed as the gateway would sign it. */
export async function readForecasts(
  url: string,
  who: Identity,
  ids: readonly string[],
): Promise<Map<string, ForecastFigures>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      // Signed per request: the identity header carries a timestamp.
      [IDENTITY_HEADER]: signIdentity(who, TEST_SIGNING_SECRET),
    },
    body: JSON.stringify({
      query: FINANCIALS,
      variables: { r: ids.map((id) => ({ __typename: 'Engagement', id })) },
    }),
  });
  const body = (await response.json()) as {
    data?: {
      _entities: Array<{
        financials: {
          loggedHours: number;
          riskReasons: string[];
          forecast: { remainingHours: number; eacHours: number };
        } | null;
      } | null>;
    };
    errors?: unknown[];
  };
  if (body.errors?.length) throw new Error(JSON.stringify(body.errors).slice(0, 300));
  return new Map(
    ids.map((id, i) => {
      const f = body.data?._entities[i]?.financials;
      return [
        id,
        {
          loggedMinutes: Math.round((f?.loggedHours ?? 0) * 60),
          eacFifths: Math.round((f?.forecast.eacHours ?? 0) * 300),
          remainingFifths: Math.round((f?.forecast.remainingHours ?? 0) * 300),
          riskReasons: f?.riskReasons ?? [],
        },
      ];
    }),
  );
}
