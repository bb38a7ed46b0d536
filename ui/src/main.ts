import { createApp } from "vue";
import App from "./App.vue";
import "./assets/fonts/fonts.css";

createApp(App).mount("#app");
