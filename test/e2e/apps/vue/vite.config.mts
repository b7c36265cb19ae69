import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  // './': the test serves the built app under /vue/.
  base: './',
  plugins: [
    vue({
      // <kith-*> tags are custom elements, not Vue components: Vue renders them as elements and does not
      // warn that it cannot resolve them.
      template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('kith-') } },
    }),
  ],
});
