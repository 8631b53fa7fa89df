/** A pixel rectangle of an image: top-left corner and size, all whole pixels. */
export interface CropBox {
  top: number;
  left: number;
  height: number;
  width: number;
}
