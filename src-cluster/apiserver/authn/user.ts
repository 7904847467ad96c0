/** Who a request is from, as authentication establishes it (upstream's user.Info). */
export interface UserInfo {
  name: string;
  uid?: string;
  groups: string[];
}

/** An authenticator looks at a request and either identifies the user, rejects it, or abstains. */
export type AuthResult =
  { kind: 'user'; user: UserInfo } | { kind: 'rejected'; reason: string } | { kind: 'abstain' };
