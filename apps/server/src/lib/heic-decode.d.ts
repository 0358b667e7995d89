/** The part of heic-decode 2.1 (libheif as WebAssembly) that uploads use; the package ships no types. */
declare module 'heic-decode' {
  interface Decoded {
    width: number;
    height: number;
    data: Uint8ClampedArray;
  }
  interface HeifImage {
    width: number;
    height: number;
    decode(): Promise<Decoded>;
  }
  /** Decodes the first image. */
  function decode(input: { buffer: Uint8Array }): Promise<Decoded>;
  namespace decode {
    /** Every image with its size read from the header; decoded one by one; dispose() frees them. */
    function all(input: { buffer: Uint8Array }): Promise<HeifImage[] & { dispose(): void }>;
  }
  export default decode;
}
