/** Scaling a replayed page (its size comes from the snapshot's Meta event) into a view. */

/** Largest upscale of a page smaller than the view. */
const MAX_SCALE = 1.5;

export interface Size {
  width: number;
  height: number;
}

export function isSize(value: unknown): value is Size {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const { width, height } = value as { width?: unknown; height?: unknown };
  return typeof width === 'number' && typeof height === 'number' && width > 0 && height > 0;
}

/** Scales a Replayer's `wrapper` of the page's `size` to fit `view`, centred. */
export function fitReplayer(view: HTMLElement, wrapper: HTMLElement, size: Size): void {
  const width = view.clientWidth;
  const height = view.clientHeight;
  if (width === 0 || height === 0) {
    return;
  }
  const scale = Math.min(width / size.width, height / size.height, MAX_SCALE);
  wrapper.style.position = 'absolute';
  wrapper.style.width = `${size.width}px`;
  wrapper.style.height = `${size.height}px`;
  wrapper.style.transformOrigin = '0 0';
  wrapper.style.transform = `scale(${scale})`;
  wrapper.style.left = `${Math.max(0, (width - size.width * scale) / 2)}px`;
  wrapper.style.top = `${Math.max(0, (height - size.height * scale) / 2)}px`;
}
