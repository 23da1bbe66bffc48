import { resolve } from "node:path";
import { defineConfig } from "vite";

// Two pages (chat and admin), built into web/dist and served by `docent serve`.
export default defineConfig({
  root: import.meta.dirname,
  base: "/",
  build: {
    outDir: resolve(import.meta.dirname, "dist"),
    emptyOutDir: true,
    rollupOptions: {
      input: {
        chat: resolve(import.meta.dirname, "index.html"),
        admin: resolve(import.meta.dirname, "admin.html"),
      },
    },
  },
});
