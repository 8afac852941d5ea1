// The one UUID rule lives in @platform/domain-kit.
export { isUuid } from '@platform/domain-kit';
