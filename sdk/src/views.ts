/** A decoded picture a frame stage asks for. The host decodes each frame once and derives every view from it. */
export interface ViewSpec {
  /** `grey`: one channel of BT.601 luma, `(77 R + 150 G + 29 B + 128) >> 8`; `rgb`: three interleaved channels. */
  readonly kind: 'grey' | 'rgb';
  /**
   * Scale the frame down, keeping its aspect ratio, so that its longer side is at most this many pixels
   * (never up). The host decodes once at the largest size any stage asked for (libvips shrink-on-load, then
   * a lanczos3 reduce) and area-averages smaller views from that one decode.
   * Ignored when `width` and `height` are given. Omit both for the full resolution.
   */
  readonly maxSide?: number;
  /** Fixed output size, area-averaged from the decode regardless of aspect ratio (thumbnails, hashes). Both or neither. */
  readonly width?: number;
  readonly height?: number;
}

/** Pixels of one view: rows top to bottom, `channels` interleaved bytes per pixel. */
export interface FrameView {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  readonly data: Uint8Array;
}

export type ViewSpecs = Readonly<Record<string, ViewSpec>>;
export type Views<V extends ViewSpecs> = { readonly [K in keyof V]: FrameView };
