/**
 * The signed-in session. Tokens live in memory and in sessionStorage only: HR data on shared
 * phones must not survive closing the tab (no localStorage). Sign-out clears both.
 */
import { reactive } from "vue";
import { CognitoClient, CognitoError, decodeJwt, type SignInResult, type Tokens } from "./cognito";
import type { Me, PublicConfig } from "../api/types";

const KEY = "luodi.session";
const REFRESH_MARGIN_MS = 60_000;

interface Stored {
  idToken: string;
  accessToken?: string;
  refreshToken?: string;
  expiresAt: number;
  email?: string;
}

interface State {
  idToken: string | null;
  /** For Cognito's own calls on the user's behalf (change password); the API takes the ID token. */
  accessToken: string | null;
  refreshToken: string | null;
  expiresAt: number;
  email: string | null;
  me: Me | null;
  /** Set when the API answered 401: the router sends the user to sign-in. */
  expired: boolean;
  /** A NEW_PASSWORD_REQUIRED challenge in progress (accept-invite), memory only. */
  challenge: { username: string; session: string } | null;
}

function storage(): Storage | null {
  try {
    return typeof sessionStorage !== "undefined" ? sessionStorage : null;
  } catch {
    return null;
  }
}

function load(): Stored | null {
  const raw = storage()?.getItem(KEY);
  if (!raw) return null;
  try {
    const s = JSON.parse(raw) as Stored;
    return s.idToken ? s : null;
  } catch {
    return null;
  }
}

type ConfigLoader = () => Promise<PublicConfig>;

class Session {
  readonly state: State;
  private cognito: CognitoClient | null = null;
  private configLoader: ConfigLoader | null = null;
  private refreshing: Promise<string | null> | null = null;

  constructor() {
    const s = load();
    this.state = reactive<State>({
      idToken: s?.idToken ?? null,
      accessToken: s?.accessToken ?? null,
      refreshToken: s?.refreshToken ?? null,
      expiresAt: s?.expiresAt ?? 0,
      email: s?.email ?? null,
      me: null,
      expired: false,
      challenge: null,
    });
  }

  /** The app wires how to learn the Cognito settings (GET /config) once, lazily. */
  useConfigLoader(loader: ConfigLoader): void {
    this.configLoader = loader;
  }

  /** Tests (or a custom setup) may inject a ready client. */
  useCognito(client: CognitoClient): void {
    this.cognito = client;
  }

  private async client(): Promise<CognitoClient> {
    if (this.cognito) return this.cognito;
    if (!this.configLoader) throw new Error("no config loader");
    const cfg = await this.configLoader();
    this.cognito = new CognitoClient({ endpoint: cfg.cognito_endpoint, clientId: cfg.client_id });
    return this.cognito;
  }

  get signedIn(): boolean {
    return !!this.state.idToken;
  }

  private persist(): void {
    const st = storage();
    if (!st) return;
    if (!this.state.idToken) {
      st.removeItem(KEY);
      return;
    }
    const data: Stored = {
      idToken: this.state.idToken,
      accessToken: this.state.accessToken ?? undefined,
      refreshToken: this.state.refreshToken ?? undefined,
      expiresAt: this.state.expiresAt,
      email: this.state.email ?? undefined,
    };
    st.setItem(KEY, JSON.stringify(data));
  }

  private accept(tokens: Tokens, email?: string): void {
    const exp = Number(decodeJwt(tokens.idToken).exp);
    this.state.idToken = tokens.idToken;
    this.state.accessToken = tokens.accessToken;
    this.state.refreshToken = tokens.refreshToken ?? this.state.refreshToken;
    this.state.expiresAt = Number.isFinite(exp) && exp > 0 ? exp * 1000 : Date.now() + tokens.expiresIn * 1000;
    if (email) this.state.email = email;
    this.state.expired = false;
    this.state.challenge = null;
    this.persist();
  }

  async signIn(email: string, password: string): Promise<SignInResult> {
    const result = await (await this.client()).signIn(email.trim(), password);
    if (result.kind === "tokens") this.accept(result.tokens, email.trim());
    else this.state.challenge = { username: result.username, session: result.session };
    return result;
  }

  async completeNewPassword(newPassword: string, email?: string): Promise<void> {
    const ch = this.state.challenge;
    if (!ch) throw new Error("no challenge");
    const tokens = await (await this.client()).completeNewPassword(ch.username, newPassword, ch.session);
    this.accept(tokens, email);
  }

  /** Step 1 of a forgotten password: a code is mailed; returns the masked address it went to. */
  async forgotPassword(email: string): Promise<string> {
    return (await this.client()).forgotPassword(email.trim());
  }

  /** Step 2: the code and a new password (the user then signs in with it). */
  async confirmForgotPassword(email: string, code: string, newPassword: string): Promise<void> {
    await (await this.client()).confirmForgotPassword(email.trim(), code.trim(), newPassword);
  }

  /** Change the signed-in user's password (Cognito checks the current one). */
  async changePassword(current: string, proposed: string): Promise<void> {
    await this.freshIdToken(); // refreshes the access token with the ID token when near expiry
    if (!this.state.accessToken) throw new CognitoError("NotAuthorizedException", "no access token");
    await (await this.client()).changePassword(this.state.accessToken, current, proposed);
  }

  /** A valid IdToken, refreshed when it is about to expire; null when signed out. */
  async freshIdToken(): Promise<string | null> {
    if (!this.state.idToken) return null;
    if (Date.now() < this.state.expiresAt - REFRESH_MARGIN_MS) return this.state.idToken;
    if (!this.state.refreshToken) return this.state.idToken;
    if (!this.refreshing) {
      this.refreshing = (async () => {
        try {
          const t = await (await this.client()).refresh(this.state.refreshToken!);
          this.accept(t);
          return this.state.idToken;
        } catch {
          // Let the API answer 401 and route to sign-in.
          return this.state.idToken;
        } finally {
          this.refreshing = null;
        }
      })();
    }
    return this.refreshing;
  }

  setMe(me: Me | null): void {
    this.state.me = me;
  }

  expire(): void {
    this.signOut();
    this.state.expired = true;
  }

  signOut(): void {
    this.state.idToken = null;
    this.state.accessToken = null;
    this.state.refreshToken = null;
    this.state.expiresAt = 0;
    this.state.me = null;
    this.state.challenge = null;
    this.state.expired = false;
    this.persist();
  }
}

export const session = new Session();
export type { Session };
