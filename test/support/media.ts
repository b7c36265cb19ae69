// Media emulation for component tests (see web-test-runner.config.mjs): forced colors, color scheme.
import { executeServerCommand } from '@web/test-runner-commands';

export type MediaFeature = { name: 'forced-colors' | 'prefers-color-scheme' | 'prefers-reduced-motion'; value: string };

export const emulateMedia = (features: MediaFeature[]): Promise<unknown> => executeServerCommand('emulate-media-features', { features });

export const resetMedia = (): Promise<unknown> => emulateMedia([]);
