import { createApp } from 'vue';
import { createPinia } from 'pinia';
import '@vue-flow/core/dist/style.css';
import '@xterm/xterm/css/xterm.css';
import './styles/theme.css';
import App from './App.vue';

createApp(App).use(createPinia()).mount('#app');
