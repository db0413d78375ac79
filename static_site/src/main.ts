import { createApp } from "vue";
// Vant's base CSS variables; components bring their own styles through the auto-import resolver.
import "vant/es/style/base.css";
import "./styles.css";
import App from "./App.vue";
import { router } from "./router";
import { i18n, initLocale } from "./i18n";

initLocale();
createApp(App).use(i18n).use(router).mount("#app");
