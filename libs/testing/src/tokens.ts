// Development tokens are minted by @platform/seed (the demo seed needs them outside tests).
export { DEV_JWT_SECRET, devToken } from '@platform/seed';
