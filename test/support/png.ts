import { createCanvas, loadImage } from '@napi-rs/canvas';

/** Decoded RGBA pixels of a PNG, for tests that look at what a chart or a screenshot shows. */
export interface Pixels {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export async function decodePng(png: Buffer): Promise<Pixels> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  return { width: image.width, height: image.height, data: ctx.getImageData(0, 0, image.width, image.height).data };
}

/** How many pixels in a rectangle are within `tolerance` of a colour ("#rrggbb"). */
export function countColour(p: Pixels, hex: string, box = { x: 0, y: 0, w: p.width, h: p.height }, tolerance = 40): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let n = 0;
  for (let y = box.y; y < box.y + box.h; y++) {
    for (let x = box.x; x < box.x + box.w; x++) {
      const i = (y * p.width + x) * 4;
      if (Math.abs(p.data[i]! - r!) + Math.abs(p.data[i + 1]! - g!) + Math.abs(p.data[i + 2]! - b!) <= tolerance) n++;
    }
  }
  return n;
}

/** Pixels that differ between two images of the same size, within a rectangle. */
export function countDifferent(a: Pixels, b: Pixels, box = { x: 0, y: 0, w: a.width, h: a.height }): number {
  let n = 0;
  for (let y = box.y; y < box.y + box.h; y++) {
    for (let x = box.x; x < box.x + box.w; x++) {
      const i = (y * a.width + x) * 4;
      if (Math.abs(a.data[i]! - b.data[i]!) + Math.abs(a.data[i + 1]! - b.data[i + 1]!) + Math.abs(a.data[i + 2]! - b.data[i + 2]!) > 60) n++;
    }
  }
  return n;
}
