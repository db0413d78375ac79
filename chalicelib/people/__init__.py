"""The person's file (人事档案): identity, contacts, bank, custom fields; sensitive fields sealed per tenant."""
