/**
 * The privacy policy's version the 隐私政策 page shows. The server names its current version in
 * GET /config and refuses a consent to another one (privacy.version_outdated), so a changed policy
 * is one date here and one in chalicelib/tenancy/schemas.py (PRIVACY_POLICY_VERSION).
 */
export const PRIVACY_POLICY_VERSION = "2026-12-07";

/** The version to send with a consent: the server's current one when known, else the page's. */
export function consentVersion(serverVersion: string | null | undefined): string {
  return serverVersion || PRIVACY_POLICY_VERSION;
}

/** Whether the person has agreed to the current policy. */
export function consentIsCurrent(
  consent: { version: string } | null | undefined,
  current: string | null | undefined,
): boolean {
  return !!consent && consent.version === (current || PRIVACY_POLICY_VERSION);
}
