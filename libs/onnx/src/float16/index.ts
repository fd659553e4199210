// Only the array helpers are public (under the names @edgeplane/onnx has always exported); the
// scalar codec and the raw_data helpers serve the library's own passes.
export { float16BitsToFloat32, float32ToFloat16Bits } from './float16-arrays';
