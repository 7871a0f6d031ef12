/**
 * The recipe's health on this page, for the action bar (recipes.md § 3.11: "Red or amber shows
 * on the action bar"): the health notice (recipe-health.ts) says how it is, the panel's bar
 * shows a line with "Show why", which brings the notice back after the user closed it.
 */
import { sharedValue } from './shared-value';

export type HealthState = { level: 'amber' | 'red'; show(): void } | null;

const state = sharedValue<HealthState>('__frachtbelegRecipeHealth', null);

export const setHealthState = (value: HealthState): void => state.set(value);
export const watchHealthState = (listener: (value: HealthState) => void): (() => void) => state.watch(listener);
