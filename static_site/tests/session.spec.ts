import { beforeEach, describe, expect, it } from "vitest";
import { session } from "../src/auth/session";
import { CognitoClient } from "../src/auth/cognito";

function jwt(exp: number): string {
  const b64 = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, "");
  return `${b64({ alg: "none" })}.${b64({ exp, "custom:tenant": "t1" })}.sig`;
}

function cognito(responses: Array<Record<string, unknown>>) {
  const flows: string[] = [];
  const f = (async (_u: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body));
    flows.push(body.AuthFlow ?? body.ChallengeName);
    return new Response(JSON.stringify(responses.shift()), { status: 200 });
  }) as unknown as typeof fetch;
  return { client: new CognitoClient({ endpoint: "http://cognito.test/", clientId: "c" }, f), flows };
}

describe("session", () => {
  beforeEach(() => {
    session.signOut();
    sessionStorage.clear();
    localStorage.clear();
  });

  it("keeps tokens in sessionStorage only, and sign-out clears them", async () => {
    const soon = Math.floor(Date.now() / 1000) + 3600;
    const { client } = cognito([{ AuthenticationResult: { IdToken: jwt(soon), AccessToken: "a", RefreshToken: "r", ExpiresIn: 3600 } }]);
    session.useCognito(client);
    await session.signIn("hr@example.cn", "pw");
    expect(session.signedIn).toBe(true);
    expect(sessionStorage.getItem("luodi.session")).toContain(jwt(soon));
    expect(localStorage.length).toBe(0);
    session.signOut();
    expect(session.signedIn).toBe(false);
    expect(sessionStorage.getItem("luodi.session")).toBeNull();
  });

  it("refreshes the IdToken shortly before it expires", async () => {
    const nearly = Math.floor(Date.now() / 1000) + 30;
    const later = Math.floor(Date.now() / 1000) + 3600;
    const { client, flows } = cognito([
      { AuthenticationResult: { IdToken: jwt(nearly), AccessToken: "a", RefreshToken: "r", ExpiresIn: 30 } },
      { AuthenticationResult: { IdToken: jwt(later), AccessToken: "a2", ExpiresIn: 3600 } },
    ]);
    session.useCognito(client);
    await session.signIn("hr@example.cn", "pw");
    const [a, b] = await Promise.all([session.freshIdToken(), session.freshIdToken()]);
    expect(a).toBe(jwt(later));
    expect(b).toBe(jwt(later));
    expect(flows).toEqual(["USER_PASSWORD_AUTH", "REFRESH_TOKEN_AUTH"]);
    expect(session.state.refreshToken).toBe("r");
  });

  it("marks the session expired on a 401 so the app returns to sign-in", async () => {
    const { client } = cognito([
      { AuthenticationResult: { IdToken: jwt(Math.floor(Date.now() / 1000) + 3600), AccessToken: "a", RefreshToken: "r" } },
    ]);
    session.useCognito(client);
    await session.signIn("hr@example.cn", "pw");
    session.expire();
    expect(session.signedIn).toBe(false);
    expect(session.state.expired).toBe(true);
  });
});
