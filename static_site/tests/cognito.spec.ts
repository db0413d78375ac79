import { describe, expect, it } from "vitest";
import { CognitoClient, CognitoError, decodeJwt } from "../src/auth/cognito";

function fakeJwt(payload: Record<string, unknown>): string {
  const b64 = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  return `${b64({ alg: "none" })}.${b64(payload)}.sig`;
}

function cognitoFetch(handler: (target: string, body: Record<string, unknown>) => { status?: number; body: unknown }) {
  const seen: Array<{ target: string; body: Record<string, unknown>; contentType: string }> = [];
  const f = (async (_url: RequestInfo | URL, init?: RequestInit) => {
    const headers = init?.headers as Record<string, string>;
    const target = headers["X-Amz-Target"];
    const body = JSON.parse(String(init?.body));
    seen.push({ target, body, contentType: headers["Content-Type"] });
    const out = handler(target, body);
    return new Response(JSON.stringify(out.body), { status: out.status ?? 200 });
  }) as unknown as typeof fetch;
  return { f, seen };
}

describe("CognitoClient", () => {
  it("signs in with USER_PASSWORD_AUTH and returns tokens", async () => {
    const { f, seen } = cognitoFetch(() => ({
      body: { AuthenticationResult: { IdToken: "id", AccessToken: "acc", RefreshToken: "ref", ExpiresIn: 3600 } },
    }));
    const c = new CognitoClient({ endpoint: "http://cognito.test/", clientId: "client" }, f);
    const r = await c.signIn("a@b.cn", "pw");
    expect(r).toEqual({ kind: "tokens", tokens: { idToken: "id", accessToken: "acc", refreshToken: "ref", expiresIn: 3600 } });
    expect(seen[0].target).toBe("AWSCognitoIdentityProviderService.InitiateAuth");
    expect(seen[0].contentType).toBe("application/x-amz-json-1.1");
    expect(seen[0].body).toMatchObject({ AuthFlow: "USER_PASSWORD_AUTH", ClientId: "client", AuthParameters: { USERNAME: "a@b.cn", PASSWORD: "pw" } });
  });

  it("reports the new-password challenge of an invited user and answers it", async () => {
    const { f, seen } = cognitoFetch((target) =>
      target.endsWith("InitiateAuth")
        ? { body: { ChallengeName: "NEW_PASSWORD_REQUIRED", Session: "sess", ChallengeParameters: { USER_ID_FOR_SRP: "user-1" } } }
        : { body: { AuthenticationResult: { IdToken: "id2", AccessToken: "a2", RefreshToken: "r2", ExpiresIn: 60 } } },
    );
    const c = new CognitoClient({ endpoint: "http://cognito.test/", clientId: "client" }, f);
    const r = await c.signIn("new@b.cn", "Temp#1234");
    expect(r).toEqual({ kind: "new_password_required", session: "sess", username: "user-1" });
    const tokens = await c.completeNewPassword("user-1", "NewPassw0rd", "sess");
    expect(tokens.idToken).toBe("id2");
    expect(seen[1].target).toBe("AWSCognitoIdentityProviderService.RespondToAuthChallenge");
    expect(seen[1].body).toMatchObject({
      ChallengeName: "NEW_PASSWORD_REQUIRED",
      Session: "sess",
      ChallengeResponses: { USERNAME: "user-1", NEW_PASSWORD: "NewPassw0rd" },
    });
  });

  it("refreshes and keeps the old refresh token", async () => {
    const { f, seen } = cognitoFetch(() => ({ body: { AuthenticationResult: { IdToken: "id3", AccessToken: "a3", ExpiresIn: 3600 } } }));
    const c = new CognitoClient({ endpoint: "http://cognito.test/", clientId: "client" }, f);
    const t = await c.refresh("old-refresh");
    expect(t.refreshToken).toBe("old-refresh");
    expect(seen[0].body).toMatchObject({ AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: "old-refresh" } });
  });

  it("turns a Cognito error into a typed error with a friendly message key", async () => {
    const { f } = cognitoFetch(() => ({
      status: 400,
      body: { __type: "com.amazonaws.cognito#NotAuthorizedException", message: "Incorrect username or password." },
    }));
    const c = new CognitoClient({ endpoint: "http://cognito.test/", clientId: "client" }, f);
    const err = (await c.signIn("a@b.cn", "bad").catch((e) => e)) as CognitoError;
    expect(err).toBeInstanceOf(CognitoError);
    expect(err.type).toBe("NotAuthorizedException");
    expect(err.messageKey).toBe("auth.err.notAuthorized");
  });
});

describe("decodeJwt", () => {
  it("reads claims including non-ASCII text", () => {
    const payload = { exp: 1700000000, "custom:tenant": "t1", name: "张三" };
    const bytes = new TextEncoder().encode(JSON.stringify(payload));
    const b64 = btoa(String.fromCharCode(...bytes)).replace(/=+$/, "");
    expect(decodeJwt(`x.${b64}.y`)).toEqual(payload);
    expect(decodeJwt(fakeJwt({ exp: 5 })).exp).toBe(5);
  });
  it("returns an empty object for garbage", () => {
    expect(decodeJwt("nope")).toEqual({});
  });
});
