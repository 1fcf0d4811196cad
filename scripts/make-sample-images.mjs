// Draws the sample site's images (backgrounds and post figures) in headless Chromium and writes them
// as real JPEG/PNG files. Run once: node scripts/make-sample-images.mjs  (needs /usr/bin/chromium).
import { chromium } from 'playwright-core';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './code-server.mjs';

const root = new URL('../sample-site/', import.meta.url).pathname;
const images = [
  { file: 'img/bg-index.jpg', w: 1200, h: 500, from: '#0b3d91', to: '#1fa2ff', label: 'IPv6 Enhanced' },
  { file: 'img/bg-about.jpg', w: 1200, h: 500, from: '#134e5e', to: '#71b280', label: 'Our Mission' },
  { file: 'img/bg-post.jpg', w: 1200, h: 500, from: '#41295a', to: '#2f0743', label: 'Events' },
  { file: 'img/posts/posts.jpg', w: 1200, h: 500, from: '#c0392b', to: '#f39c12', label: 'IPE News' },
  { file: 'img/posts/IPE-IETF-ETSI-meeting-blogpost-image-1.png', w: 600, h: 300, from: '#2c3e50', to: '#4ca1af', label: 'IETF 115 side meeting' },
  { file: 'img/posts/IPE-IETF-ETSI-meeting-blogpost-image-2.png', w: 600, h: 300, from: '#373b44', to: '#4286f4', label: 'SRv6 hackathon' },
  { file: 'img/IPE_graphic.png', w: 600, h: 300, from: '#1d976c', to: '#93f9b9', label: 'IPv6 adoption' },
];

const profile = mkdtempSync(join(tmpdir(), 'ipe-images-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: CHROMIUM_ARGS,
});
try {
  const page = await context.newPage();
  for (const img of images) {
    const type = img.file.endsWith('.png') ? 'image/png' : 'image/jpeg';
    const dataUrl = await page.evaluate(({ w, h, from, to, label, type }) => {
      const c = document.createElement('canvas');
      c.width = w;
      c.height = h;
      const g = c.getContext('2d');
      const grad = g.createLinearGradient(0, 0, w, h);
      grad.addColorStop(0, from);
      grad.addColorStop(1, to);
      g.fillStyle = grad;
      g.fillRect(0, 0, w, h);
      g.strokeStyle = 'rgba(255,255,255,0.15)';
      for (let x = -h; x < w; x += 40) {
        g.beginPath();
        g.moveTo(x, h);
        g.lineTo(x + h, 0);
        g.stroke();
      }
      g.fillStyle = 'rgba(255,255,255,0.9)';
      g.font = `bold ${Math.round(h / 8)}px sans-serif`;
      g.textAlign = 'center';
      g.fillText(label, w / 2, h / 2);
      return c.toDataURL(type, 0.8);
    }, { ...img, type });
    const out = join(root, img.file);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, Buffer.from(dataUrl.split(',')[1], 'base64'));
    console.log(`wrote ${img.file}`);
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
