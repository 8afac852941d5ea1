// The one UUID rule lives in @platform/domain-kit.
export { isUuid, requireUuid } from '@platform/domain-kit';
