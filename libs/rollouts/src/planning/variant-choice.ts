/** An accepted variant of the deployed model version. */
export interface AcceptedVariant {
  id: string;
  hardwareProfile: string;
  finishedAt: Date | null;
}

export type VariantChoice = { variantId: string; variantProfile: string } | { skipReason: string };

/**
 * The variant a device gets: the accepted one built for its own profile, else the one built for its
 * profile's class (the built-in profile of that name, e.g. `jetson-orin` → `gpu`), newest first if a
 * profile has several (compiled with different options). None: the device is skipped, saying why.
 */
export function chooseVariant(device: { hardwareProfile: string; profileClass: string }, accepted: readonly AcceptedVariant[]): VariantChoice {
  const newestFirst = [...accepted].sort((a, b) => (b.finishedAt?.getTime() ?? 0) - (a.finishedAt?.getTime() ?? 0));
  for (const profile of [device.hardwareProfile, device.profileClass]) {
    const variant = newestFirst.find((candidate) => candidate.hardwareProfile === profile);
    if (variant) return { variantId: variant.id, variantProfile: variant.hardwareProfile };
  }
  return { skipReason: `no accepted variant for profile ${device.hardwareProfile} or its class ${device.profileClass}` };
}
