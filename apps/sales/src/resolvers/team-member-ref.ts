/** A TeamMember is owned by project-delivery; sales only hands out the reference. */
export const teamMemberRef = (id: string) => ({ __typename: 'TeamMember' as const, id });
