// The focus ring must stand out from what it is drawn on (WCAG 1.4.11: 3:1), in both themes.
import { expect, test, usePreview } from './fixtures.js';

const app = usePreview();

/** WCAG relative luminance of an rgb()/rgba() colour as getComputedStyle gives it. */
function luminance(rgb: string): number {
  const [r, g, b] = rgb
    .match(/[\d.]+/g)!
    .slice(0, 3)
    .map((v) => Number(v) / 255);
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

for (const scheme of ['light', 'dark'] as const) {
  test(`the focus ring is at least 3:1 against the card and the page (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(app().url);
    await page.getByLabel('Email address').focus();
    await page.keyboard.press('Tab'); // by keyboard: :focus-visible applies
    const colours = await page.evaluate(() => {
      const focused = document.activeElement as HTMLElement;
      let card: HTMLElement | null = focused.parentElement;
      while (card && getComputedStyle(card).backgroundColor === 'rgba(0, 0, 0, 0)') card = card.parentElement;
      return {
        ring: getComputedStyle(focused).outlineColor,
        width: getComputedStyle(focused).outlineWidth,
        card: card ? getComputedStyle(card).backgroundColor : 'rgb(255, 255, 255)',
        page:
          getComputedStyle(document.body).backgroundColor === 'rgba(0, 0, 0, 0)'
            ? getComputedStyle(document.documentElement).backgroundColor
            : getComputedStyle(document.body).backgroundColor,
      };
    });
    expect(colours.width).toBe('3px');
    expect(contrast(colours.ring, colours.card)).toBeGreaterThanOrEqual(3);
    expect(contrast(colours.ring, colours.page)).toBeGreaterThanOrEqual(3);
  });
}
