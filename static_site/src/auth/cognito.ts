/**
 * A tiny typed client for the Cognito user-pool calls the browser needs (sign-in, invitation,
 * refresh, forgot and change password)
 * (Amplify would add ~100 KB for the same). Cognito speaks JSON-RPC:
 * POST {endpoint} with X-Amz-Target and Content-Type application/x-amz-json-1.1.
 */

export interface CognitoSettings {
  endpoint: string;
  clientId: string;
}

export interface Tokens {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  expiresIn: number;
}

export type SignInResult =
  | { kind: "tokens"; tokens: Tokens }
  | { kind: "new_password_required"; session: string; username: string };

/** Cognito's error `__type` (e.g. NotAuthorizedException) and message. */
export class CognitoError extends Error {
  readonly type: string;
  constructor(type: string, message: string) {
    super(message);
    this.name = "CognitoError";
    this.type = type;
  }
  /** i18n key for a friendly message. */
  get messageKey(): string {
    switch (this.type) {
      case "NotAuthorizedException":
        return "auth.err.notAuthorized";
      case "UserNotFoundException":
        return "auth.err.notAuthorized"; // do not reveal whether the account exists
      case "PasswordResetRequiredException":
        return "auth.err.resetRequired";
      case "UserNotConfirmedException":
        return "auth.err.notConfirmed";
      case "InvalidPasswordException":
        return "auth.err.weakPassword";
      case "TooManyRequestsException":
      case "LimitExceededException":
        return "auth.err.tooMany";
      case "CodeMismatchException":
      case "ExpiredCodeException":
        return "auth.err.sessionExpired";
      case "NetworkError":
        return "common.networkError";
      default:
        return "auth.err.generic";
    }
  }
}

interface AuthResultWire {
  AuthenticationResult?: {
    IdToken: string;
    AccessToken: string;
    RefreshToken?: string;
    ExpiresIn?: number;
  };
  ChallengeName?: string;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
}

export class CognitoClient {
  constructor(
    private readonly settings: CognitoSettings,
    private readonly fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis),
  ) {}

  private async call<T>(action: string, payload: unknown): Promise<T> {
    let res: Response;
    try {
      res = await this.fetchImpl(this.settings.endpoint, {
        method: "POST",
        headers: {
          "Content-Type": "application/x-amz-json-1.1",
          "X-Amz-Target": `AWSCognitoIdentityProviderService.${action}`,
        },
        body: JSON.stringify(payload),
      });
    } catch (err) {
      throw new CognitoError("NetworkError", (err as Error)?.message || "network error");
    }
    const text = await res.text();
    let body: Record<string, unknown> = {};
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      body = {};
    }
    if (!res.ok) {
      // __type may be "com.amazonaws...#NotAuthorizedException" or just the short name.
      const rawType = String(body.__type ?? body.code ?? `Http${res.status}`);
      const type = rawType.includes("#") ? rawType.split("#").pop()! : rawType;
      throw new CognitoError(type, String(body.message ?? body.Message ?? text ?? res.statusText));
    }
    return body as T;
  }

  private static tokens(r: AuthResultWire, refreshFallback?: string): Tokens {
    const a = r.AuthenticationResult!;
    return {
      idToken: a.IdToken,
      accessToken: a.AccessToken,
      refreshToken: a.RefreshToken ?? refreshFallback,
      expiresIn: a.ExpiresIn ?? 3600,
    };
  }

  private static result(r: AuthResultWire, username: string): SignInResult {
    if (r.AuthenticationResult) return { kind: "tokens", tokens: CognitoClient.tokens(r) };
    if (r.ChallengeName === "NEW_PASSWORD_REQUIRED" && r.Session) {
      return {
        kind: "new_password_required",
        session: r.Session,
        username: r.ChallengeParameters?.USER_ID_FOR_SRP ?? username,
      };
    }
    throw new CognitoError("UnsupportedChallenge", r.ChallengeName ?? "no tokens in response");
  }

  /** InitiateAuth with USER_PASSWORD_AUTH. */
  async signIn(username: string, password: string): Promise<SignInResult> {
    const r = await this.call<AuthResultWire>("InitiateAuth", {
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: this.settings.clientId,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    });
    return CognitoClient.result(r, username);
  }

  /** RespondToAuthChallenge NEW_PASSWORD_REQUIRED: how an invited user sets a password. */
  async completeNewPassword(username: string, newPassword: string, session: string): Promise<Tokens> {
    const r = await this.call<AuthResultWire>("RespondToAuthChallenge", {
      ChallengeName: "NEW_PASSWORD_REQUIRED",
      ClientId: this.settings.clientId,
      Session: session,
      ChallengeResponses: { USERNAME: username, NEW_PASSWORD: newPassword },
    });
    const out = CognitoClient.result(r, username);
    if (out.kind !== "tokens") throw new CognitoError("UnsupportedChallenge", "unexpected challenge");
    return out.tokens;
  }

  /** ForgotPassword: Cognito mails a code to the account's address; returns where (masked, "w***@e***"). */
  async forgotPassword(username: string): Promise<string> {
    const r = await this.call<{ CodeDeliveryDetails?: { Destination?: string } }>("ForgotPassword", {
      ClientId: this.settings.clientId,
      Username: username,
    });
    return r.CodeDeliveryDetails?.Destination ?? username;
  }

  /** ConfirmForgotPassword: the mailed code and the new password. */
  async confirmForgotPassword(username: string, code: string, newPassword: string): Promise<void> {
    await this.call<unknown>("ConfirmForgotPassword", {
      ClientId: this.settings.clientId,
      Username: username,
      ConfirmationCode: code,
      Password: newPassword,
    });
  }

  /** ChangePassword with the signed-in user's access token (not the ID token). */
  async changePassword(accessToken: string, previous: string, proposed: string): Promise<void> {
    await this.call<unknown>("ChangePassword", {
      AccessToken: accessToken,
      PreviousPassword: previous,
      ProposedPassword: proposed,
    });
  }

  /** InitiateAuth with REFRESH_TOKEN_AUTH. Cognito does not return a new refresh token: keep the old one. */
  async refresh(refreshToken: string): Promise<Tokens> {
    const r = await this.call<AuthResultWire>("InitiateAuth", {
      AuthFlow: "REFRESH_TOKEN_AUTH",
      ClientId: this.settings.clientId,
      AuthParameters: { REFRESH_TOKEN: refreshToken },
    });
    if (!r.AuthenticationResult) throw new CognitoError("NotAuthorizedException", "refresh failed");
    return CognitoClient.tokens(r, refreshToken);
  }
}

/** Reads a JWT's payload without verifying it (the API verifies; the app only needs exp and claims). */
export function decodeJwt(token: string): Record<string, unknown> {
  try {
    const part = token.split(".")[1] ?? "";
    const b64 = part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "=");
    const bin = atob(b64);
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return {};
  }
}
