/** A port nothing listens on right now: the reliability scripts' helper, shared with the tests. */
export { freePort } from '../../scripts/reliability/lore-server';
