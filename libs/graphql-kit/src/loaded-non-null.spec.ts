import type { GraphQLResolveInfo } from 'graphql';
import { loadedNonNull } from './loaders';

const info = { parentType: { name: 'TimeEntry' }, fieldName: 'project' } as unknown as GraphQLResolveInfo;

describe('loadedNonNull', () => {
  it('passes a loaded row through', async () => {
    await expect(loadedNonNull(Promise.resolve({ id: 'p1' }), info)).resolves.toEqual({ id: 'p1' });
  });

  it('fails a missing row with the error graphql-js gives a null on a non-null field', async () => {
    await expect(loadedNonNull(Promise.resolve(null), info)).rejects.toThrow(
      'Cannot return null for non-nullable field TimeEntry.project.',
    );
  });
});
