/** Where a model's things live, in the API and in the console; names are escaped once, here. */

export function versionsApiPath(model: string): string {
  return `/models/${encodeURIComponent(model)}/versions`;
}

export function versionApiPath(model: string, version: number): string {
  return `${versionsApiPath(model)}/${version}`;
}

export function modelPagePath(model: string): string {
  return `/models/${encodeURIComponent(model)}`;
}

export function versionPagePath(model: string, version: number): string {
  return `${modelPagePath(model)}/versions/${version}`;
}

/** The deployment wizard, with this version chosen. */
export function deployPagePath(model: string, version: number): string {
  return `/deployments/new?${new URLSearchParams({ model, version: String(version) })}`;
}
