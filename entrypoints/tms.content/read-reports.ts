/**
 * The last preview's read on a recipe site (read-health.ts): the panel reports it, the recipe
 * engine's health notice listens. A value of the tab's isolated world (shared-value.ts).
 */
import type { ReadReport } from '@/utils/tms/recipe/read-health';
import { sharedValue } from './shared-value';

const reads = sharedValue<ReadReport | null>('__frachtbelegReadReport', null);

export const reportReads = (report: ReadReport): void => reads.set(report);
export const watchReads = (listener: (report: ReadReport | null) => void): (() => void) => reads.watch(listener);
