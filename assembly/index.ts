// The kernels of the wasm backend, compiled by `npm run build:wasm` into assets/wasm/. Pointers
// are byte offsets into the imported memory; sizes and strides count elements.
// src/backend/wasm drives them.
export { matmulF32, matmulScratchBytes, matmulPackedBBytes } from './matmul';
export { binaryF32, unaryF32, clipF32 } from './elementwise';
export { reduceF32 } from './reduce';
export { activationF32, activationGradF32 } from './activation';
export { copy32, gatherRows, scatterAddRowsF32 } from './movement';
export { sgdF32, adamF32 } from './optim';
export { biasActivationF32, softmaxCrossEntropyF32, softmaxCrossEntropyGradF32 } from './fused';
export { dropoutF32 } from './dropout';

/** Where static data ends: memory below this belongs to the module, above it to the allocator. */
export function heapBase(): usize {
  return __heap_base;
}
