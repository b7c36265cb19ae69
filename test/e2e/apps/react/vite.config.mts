// .mts rather than .ts here and in the Vue app: the repository type-checks test/e2e/**/*.ts, and these files
// need the app's own node_modules, which exist only once the test has installed the app.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// base './': the test serves the built app under /react/.
export default defineConfig({ base: './', plugins: [react()] });
