import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { setRetrySleep } from '@/utils/messaging';

// Each test starts with empty storage and no listeners left over from the last one.
beforeEach(() => {
  fakeBrowser.reset();
  // A message repeated after a (simulated) worker stop is repeated at once, not after seconds.
  setRetrySleep(() => Promise.resolve());
});
