import { createApp } from 'vue';
import { configure } from 'kith-elements';
import 'kith-elements/rating'; // defines <kith-rating>
import App from './App.vue';

configure({ site: import.meta.env.VITE_KITH_SITE, api: import.meta.env.VITE_KITH_API });

createApp(App).mount('#app');
