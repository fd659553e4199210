/** Where devices download a variant's ONNX file (relative to the controller URL; see the protocol). */
export function variantArtifactPath(variantId: string): string {
  return `/api/v1/variants/${variantId}/artifact`;
}

/** Where devices download a variant's self-test samples. */
export function variantSamplesPath(variantId: string): string {
  return `/api/v1/variants/${variantId}/samples`;
}
