import { hoursFromMinutes, loadedNonNull } from '@platform/graphql-kit';
import type { Resolvers } from '../generated/resolvers';

export const timeOffResolvers: Pick<Resolvers, 'TimeOff'> = {
  TimeOff: {
    member: (timeOff, _, ctx, info) => loadedNonNull(ctx.loaders.member.load(timeOff.memberId), info),
    from: (timeOff) => timeOff.fromDate,
    to: (timeOff) => timeOff.toDate,
    hoursPerDay: (timeOff) => hoursFromMinutes(timeOff.minutesPerDay),
  },
};
