"""Companies (tenants), their users, sign-up and invitations."""
