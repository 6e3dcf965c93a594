import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

// Served by the launcher at /console (services/launcher/src/serveConsole.ts).
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/enforcement': 'http://localhost:3000', '/auth': 'http://localhost:3000' } },
})
