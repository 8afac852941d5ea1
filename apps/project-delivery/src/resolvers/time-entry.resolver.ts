import type { DeliveryContext } from '../context';
import { correctTimeEntry, deleteTimeEntry, logTime, type LogTimeInput } from '../domain/time.service';
import type { TimeEntryEntity } from '../entities/time-entry.entity';

type Ctx = DeliveryContext;

export const timeEntryResolvers = {
  Mutation: {
    logTime: (_: unknown, args: { input: LogTimeInput }, ctx: Ctx) =>
      logTime(ctx.ports, ctx.identity, args.input),
    correctTimeEntry: (_: unknown, args: { id: string; minutes: number; billable: boolean }, ctx: Ctx) =>
      correctTimeEntry(ctx.ports, ctx.identity, args),
    deleteTimeEntry: (_: unknown, args: { id: string }, ctx: Ctx) =>
      deleteTimeEntry(ctx.ports, ctx.identity, args.id),
  },
  TimeEntry: {
    member: (entry: TimeEntryEntity, _: unknown, ctx: Ctx) => ctx.loaders.member.load(entry.memberId),
    project: (entry: TimeEntryEntity, _: unknown, ctx: Ctx) => ctx.loaders.project.load(entry.projectId),
  },
};
